/**
 * Learns a profile's taste in the background as the person listens: after each recorded event it
 * decides whether to train the profile's NeuMF (Engine.trainCf) now, later, or not yet. A run
 * starts once enough new events have arrived, or once listening has paused for a while after the
 * last one, whichever comes first; one run at a time, whatever the profile. Progress and the
 * outcome go to the renderer as learning events (learning-runs.ts). A cancel keeps the model in
 * use; the next events schedule learning again.
 */
import type { LearningOutcome } from '../../shared/api-types';
import type { Engine } from '../engine/engine';
import { EventError } from '../engine/events/event-error';
import { toApiError } from './api-errors';
import type { LearningReport, LearningRuns } from './learning-runs';

/** When the taste model trains; tests shorten the wait. */
export type LearningSchedule = Readonly<{
  /** New events that start a run at once (default 5). */
  eventsPerRun?: number;
  /** Quiet time after the last event that starts a run anyway, in ms (default 3 minutes). */
  idleMs?: number;
  /** Epochs of each run; default the engine's (10 from scratch, 6 from the last model). */
  epochs?: number;
}>;

/**
 * Five events are about a quarter of an hour of music: learning then keeps radios in step with a
 * session without a run after every track. Three quiet minutes catch a session that ends short
 * of five (the person stopped, or skipped through a few tracks and left).
 */
const DEFAULT_LEARNING_SCHEDULE = { eventsPerRun: 5, idleMs: 3 * 60_000 } as const;

type Current = Readonly<{ controller: AbortController; done: Promise<void> }>;

/** Schedules and runs the taste model's training for one host. */
export class LearningScheduler {
  /** Events recorded per profile since its last run started. */
  private readonly fresh = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Profiles due for a run, in the order they became due. */
  private queue: string[] = [];
  private current: Current | null = null;
  private closed = false;
  private readonly eventsPerRun: number;
  private readonly idleMs: number;

  constructor(
    private readonly engine: Engine,
    private readonly runs: LearningRuns,
    private readonly schedule: LearningSchedule = {},
  ) {
    this.eventsPerRun = schedule.eventsPerRun ?? DEFAULT_LEARNING_SCHEDULE.eventsPerRun;
    this.idleMs = schedule.idleMs ?? DEFAULT_LEARNING_SCHEDULE.idleMs;
  }

  /** Notes an event recorded for `profile`: a run starts now, or the quiet-time clock restarts. */
  recorded(profile: string): void {
    if (this.closed) return;
    const count = (this.fresh.get(profile) ?? 0) + 1;
    this.fresh.set(profile, count);
    this.clearTimer(profile);
    if (count >= this.eventsPerRun) {
      this.enqueue(profile);
      return;
    }
    const timer = setTimeout(() => this.enqueue(profile), this.idleMs);
    // A pending run must not keep a closing process alive; close() clears it anyway.
    timer.unref();
    this.timers.set(profile, timer);
  }

  /**
   * Stops the run under way after its current epoch and forgets what was waiting; false when
   * nothing ran. The events stay in the log, so the next run learns from them too.
   */
  cancel(): boolean {
    for (const profile of this.timers.keys()) this.clearTimer(profile);
    this.fresh.clear();
    this.queue = [];
    if (this.current === null) return false;
    this.current.controller.abort();
    return true;
  }

  /** Cancels like {@link cancel} and waits until the run under way, if any, has stopped. */
  async stop(): Promise<void> {
    this.cancel();
    await this.current?.done;
  }

  /** Stops for good: nothing is scheduled afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private clearTimer(profile: string): void {
    clearTimeout(this.timers.get(profile));
    this.timers.delete(profile);
  }

  private enqueue(profile: string): void {
    this.clearTimer(profile);
    if (!this.queue.includes(profile)) this.queue.push(profile);
    this.next();
  }

  /** Starts the next due run unless one runs (it calls this again when it ends). */
  private next(): void {
    if (this.current !== null || this.closed) return;
    const profile = this.queue.shift();
    if (profile === undefined) return;
    // Events from here on count toward the following run.
    this.fresh.delete(profile);
    const controller = new AbortController();
    const report = this.runs.begin('cf');
    const done = this.train(profile, controller.signal, report).then(() => {
      this.current = null;
      this.next();
    });
    this.current = { controller, done };
  }

  private async train(profile: string, signal: AbortSignal, report: LearningReport): Promise<void> {
    let outcome: LearningOutcome;
    try {
      const summary = await this.engine.trainCf({
        profile,
        signal,
        ...(this.schedule.epochs === undefined ? {} : { epochs: this.schedule.epochs }),
        onProgress: ({ done, total, etaSeconds }) =>
          report.progress({ step: 'train', done, total, etaSeconds }),
      });
      outcome = summary.trained
        ? { status: 'trained', modelVersion: summary.version }
        : { status: 'unchanged' };
    } catch (error) {
      if (signal.aborted) outcome = { status: 'cancelled' };
      // Events without a signal (neutral plays only) leave nothing to learn: not a failure.
      else if (error instanceof EventError) outcome = { status: 'unchanged' };
      else outcome = { status: 'failed', message: toApiError(error).message };
    }
    report.finish(outcome);
  }
}
