/**
 * A refresh that waits until changes pause for `delayMs`, so a burst of them
 * costs one refetch; changes that keep coming (an import, start-up indexing,
 * one every ~0.1 s) still refresh at least every `maxWaitMs`.
 */
export class DebouncedRefresh {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pendingSince = 0;

  constructor(
    private readonly fire: () => void,
    private readonly delayMs = 300,
    private readonly maxWaitMs = 2000,
  ) {}

  /** Something changed. */
  poke(): void {
    if (this.timer) {
      // Due soon enough: let it fire rather than push it back again.
      if (Date.now() - this.pendingSince >= this.maxWaitMs - this.delayMs) return;
      clearTimeout(this.timer);
    } else {
      this.pendingSince = Date.now();
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
