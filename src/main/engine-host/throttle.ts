/** Keeps a stream of updates to about 10 a second without losing the last one (STYLE.md). */

const DEFAULT_INTERVAL_MS = 100;

/**
 * Passes on at most one value per interval: the first at once, then the latest of each interval
 * at its end, so a listener always sees where things stand now, never a stale value. A value of
 * another step than the one waiting (`sameStep` false: a scan moving from analysing to storing)
 * sends the waiting one first, so each step's last count ("analysed 4 of 4") is always seen.
 */
export class Throttle<T> {
  private lastSent = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  private readonly intervalMs: number;
  private readonly sameStep: (waiting: T, next: T) => boolean;

  constructor(
    private readonly send: (value: T) => void,
    options: Readonly<{ intervalMs?: number; sameStep?: (waiting: T, next: T) => boolean }> = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.sameStep = options.sameStep ?? (() => true);
  }

  push(value: T): void {
    if (this.pending !== null && !this.sameStep(this.pending.value, value)) this.flush();
    const wait = this.lastSent + this.intervalMs - Date.now();
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
    this.lastSent = Date.now();
    this.send(value);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
