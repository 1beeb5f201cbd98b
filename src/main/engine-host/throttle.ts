/** Keeps a stream of updates to about 10 a second without losing the last one (STYLE.md). */

const DEFAULT_INTERVAL_MS = 100;

/**
 * Passes on at most one value per interval: the first at once, then the latest of each interval
 * at its end, so a listener always sees where things stand now, never a stale value.
 */
export class Throttle<T> {
  private lastSent = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (value: T) => void,
    private readonly intervalMs: number = DEFAULT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  push(value: T): void {
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0 && this.timer === null) {
      this.deliver(value);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  /** Sends the value still waiting, if any, now. */
  flush(): void {
    this.clearTimer();
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.deliver(pending.value);
  }

  /** Drops the value still waiting. */
  cancel(): void {
    this.clearTimer();
    this.pending = null;
  }

  private deliver(value: T): void {
    this.lastSent = this.now();
    this.send(value);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
