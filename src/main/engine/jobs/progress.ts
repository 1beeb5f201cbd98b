import type { ScanProgress } from '../../../shared/library';

/** How often progress may reach a listener: about 10 a second (STYLE.md). */
const MIN_INTERVAL_MS = 100;

/**
 * Turns a stream of "one more done" into throttled progress reports with an ETA.
 * The ETA uses the mean rate since the first item finished, which is steady enough
 * for a scan whose items cost about the same.
 */
export class ProgressReporter {
  private done = 0;
  private lastEmit = 0;
  private firstDoneAt: number | null = null;
  private readonly startedAt: number;

  constructor(
    private readonly total: number,
    private readonly listener: ((p: ScanProgress) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Records `n` finished items; `current` is what is being worked on now. */
  advance(n: number, current: string | null): void {
    this.done += n;
    if (this.firstDoneAt === null && this.done > 0) this.firstDoneAt = this.now();
    this.emit(current, false);
  }

  /** Reports the current state, throttled unless `force`. */
  emit(current: string | null, force: boolean): void {
    if (!this.listener) return;
    const t = this.now();
    if (!force && t - this.lastEmit < MIN_INTERVAL_MS) return;
    this.lastEmit = t;
    this.listener({
      phase: 'analyse',
      done: this.done,
      total: this.total,
      etaSeconds: this.eta(t),
      current,
    });
  }

  private eta(t: number): number | null {
    if (this.done === 0 || this.firstDoneAt === null) return null;
    const elapsed = (t - this.startedAt) / 1000;
    if (elapsed <= 0) return null;
    const rate = this.done / elapsed;
    return Math.max(0, (this.total - this.done) / rate);
  }
}
