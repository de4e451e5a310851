import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DebouncedRefresh } from './debounced-refresh';

describe('DebouncedRefresh', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('makes one refresh of a burst, once the changes pause', () => {
    const fire = vi.fn();
    const refresh = new DebouncedRefresh(fire, 300, 2000);
    for (let i = 0; i < 5; i++) {
      refresh.poke();
      vi.advanceTimersByTime(50);
    }
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('still refreshes every couple of seconds while changes keep coming', () => {
    const fire = vi.fn();
    const refresh = new DebouncedRefresh(fire, 300, 2000);
    // Start-up indexing: a slice committed every ~115 ms for 6 s.
    for (let t = 0; t < 6000; t += 115) {
      refresh.poke();
      vi.advanceTimersByTime(115);
    }
    expect(fire.mock.calls.length).toBeGreaterThanOrEqual(3);
    refresh.cancel();
  });

  it('cancel drops a pending refresh', () => {
    const fire = vi.fn();
    const refresh = new DebouncedRefresh(fire);
    refresh.poke();
    refresh.cancel();
    vi.advanceTimersByTime(5000);
    expect(fire).not.toHaveBeenCalled();
  });
});
