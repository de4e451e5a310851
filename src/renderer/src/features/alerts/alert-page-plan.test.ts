import { describe, expect, it } from 'vitest';
import { planPageFetch } from './alert-page-plan';

const only = (...loaded: number[]) => (page: number) => loaded.includes(page);

describe('planPageFetch', () => {
  it('waits for scrolling to settle after a jump to rows with nothing near them', () => {
    expect(planPageFetch({ start: 40_010, end: 40_040 }, 1, 150_000, only(0, 1))).toEqual({ pages: [200], now: false });
  });

  it('asks at once for rows next to the ones in, and not yet for the next page while it is far', () => {
    expect(planPageFetch({ start: 10, end: 40 }, 1, 150_000, only(0))).toEqual({ pages: [0], now: true });
    expect(planPageFetch({ start: 190, end: 220 }, 1, 150_000, only(0))).toEqual({ pages: [0, 1], now: true });
  });

  it('asks for the next page in the direction of travel half a page before the rows reach it', () => {
    expect(planPageFetch({ start: 110, end: 140 }, 1, 150_000, only(0))).toEqual({ pages: [0, 1], now: true });
    expect(planPageFetch({ start: 290, end: 320 }, -1, 150_000, only(1))).toEqual({ pages: [0, 1], now: true });
    // Standing still (a resize, a refresh): nothing ahead.
    expect(planPageFetch({ start: 110, end: 140 }, 0, 150_000, only(0))).toEqual({ pages: [0], now: true });
  });

  it('asks for nothing past either end of the list', () => {
    expect(planPageFetch({ start: 130, end: 160 }, 1, 170, only(0))).toEqual({ pages: [0], now: true });
    expect(planPageFetch({ start: 5, end: 35 }, -1, 150_000, only(0))).toEqual({ pages: [0], now: true });
  });
});
