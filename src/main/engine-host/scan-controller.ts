/**
 * One scan at a time for a host: starts it in the background, forwards its progress (throttled),
 * announces how it ended, and cancels it on request or when the host closes. Scans may fine-tune
 * the audio model afterwards (`train: 'auto'`); that run is reported as learning (learning-runs.ts)
 * and stopped on request, before a folder leaves the library, and when the host closes.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { ApiEventName, ApiEvents } from '../../shared/api-contract';
import type {
  LearningOutcome,
  LearningProgress,
  ScanJobProgress,
  ScanOutcome,
  ScanState,
  ScanSummary,
} from '../../shared/api-types';
import type { Engine } from '../engine/engine';
import type {
  AudioScanOptions,
  BackgroundTraining,
  TrainingOutcome,
} from '../engine/jobs/audio-jobs';
import type { JobProgress } from '../engine/jobs/job-progress';
import { ApiFailure, toApiError } from './api-errors';
import type { LearningReport, LearningRuns } from './learning-runs';
import { oneLine } from './one-line';
import { absoluteFolder } from './paths';
import { Throttle } from './throttle';

/** Pushes an event to every connected renderer. */
export type Emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

type Running = Readonly<{
  scanId: string;
  controller: AbortController;
  done: Promise<void>;
  throttle: Throttle<ScanJobProgress>;
}>;

async function checkFolder(path: string): Promise<string> {
  const folder = absoluteFolder(path);
  const info = await stat(folder).catch(() => null);
  if (info === null) throw new ApiFailure('invalid-folder', `folder not found: ${folder}`);
  if (!info.isDirectory()) throw new ApiFailure('invalid-folder', `not a folder: ${folder}`);
  return folder;
}

/** The documented summary fields; stage timings and training details stay in the engine. */
function summaryOf(summary: ScanSummary): ScanSummary {
  const { tracks, analysed, unchanged, removed, failed, seconds, backend } = summary;
  return { tracks, analysed, unchanged, removed, failed, seconds, backend };
}

function progressOf(p: Exclude<JobProgress, Readonly<{ job: 'train' }>>): ScanJobProgress {
  return {
    job: p.job,
    phase: 'phase' in p ? p.phase : null,
    done: p.done,
    total: p.total,
    etaSeconds: p.etaSeconds,
    current: 'current' in p ? p.current : null,
  };
}

/** A training run's progress as learning: its steps are analysing, training, re-embedding. */
function trainingProgressOf(p: JobProgress): Omit<LearningProgress, 'job'> | null {
  const step = p.job === 're-embed' ? 're-embed' : p.job === 'train' ? p.phase : null;
  if (step === null) return null;
  return { step, done: p.done, total: p.total, etaSeconds: p.etaSeconds };
}

function learningOutcomeOf(outcome: TrainingOutcome): LearningOutcome {
  switch (outcome.status) {
    case 'trained':
      return { status: 'trained', modelVersion: outcome.summary.modelVersion };
    case 'cancelled':
      return outcome;
    case 'failed':
      return { status: 'failed', message: oneLine(outcome.reason) };
  }
}

/** What the controller needs besides the engine. */
export type ScanControllerOptions = Readonly<{
  emit: Emit;
  /** Where the audio model's fine-tuning after a scan is reported. */
  learning: LearningRuns;
  /** The rule and run of that fine-tuning; default: the engine's (50 new of 100 tracks). */
  autoTrain?: AudioScanOptions['autoTrain'];
  /** Called after each scan has ended and said so. */
  onFinished?: () => void;
}>;

type Training = Readonly<{ run: BackgroundTraining; ended: Promise<void> }>;

/** Runs the host's scans. */
export class ScanController {
  private running: Running | null = null;
  private progress: ScanJobProgress | null = null;
  private last: ScanState['last'] = null;
  private training: Training | null = null;
  private readonly emit: Emit;

  constructor(
    private readonly engine: Engine,
    private readonly options: ScanControllerOptions,
  ) {
    this.emit = options.emit;
  }

  /** Whether a scan runs now (folder changes wait for it). */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts scanning `folders` (added to the library) or the library's own folders. */
  async start(folders: readonly string[] | undefined): Promise<{ scanId: string }> {
    if (this.running !== null) throw new ApiFailure('busy', 'a scan is already running');
    const roots =
      folders === undefined
        ? await this.presentFolders()
        : await Promise.all(folders.map(checkFolder));
    // Checked again: another start may have slipped in while the folders were checked.
    if (this.running !== null) throw new ApiFailure('busy', 'a scan is already running');
    const scanId = randomUUID();
    const controller = new AbortController();
    const throttle = new Throttle<ScanJobProgress>(
      (progress) => {
        this.progress = progress;
        this.emit('scan:progress', { scanId, progress });
      },
      { sameStep: (a, b) => a.job === b.job && a.phase === b.phase },
    );
    this.progress = null;
    const done = this.run(scanId, roots, controller.signal, throttle);
    this.running = { scanId, controller, done, throttle };
    return { scanId };
  }

  /**
   * The library's folders that are there now. One on an unplugged drive is left out, so the
   * others are still scanned; its tracks stay in the library (a scan only removes the tracks
   * of a folder it walked).
   */
  private async presentFolders(): Promise<string[]> {
    const folders = await this.engine.store.getFolders();
    if (folders.length === 0) {
      throw new ApiFailure('invalid-folder', 'the library has no folders yet: add one first');
    }
    const present = await Promise.all(
      folders.map(async (f) => ((await stat(f).catch(() => null))?.isDirectory() ? f : null)),
    );
    const found = present.filter((f): f is string => f !== null);
    if (found.length === 0) {
      throw new ApiFailure(
        'invalid-folder',
        'none of the library’s folders is there now (a drive unplugged?); their tracks are kept',
      );
    }
    return found;
  }

  /** Stops the running scan after its current batch. */
  cancel(): { cancelled: boolean } {
    if (this.running === null) return { cancelled: false };
    this.running.controller.abort();
    return { cancelled: true };
  }

  state(): ScanState {
    return { running: this.running?.scanId ?? null, progress: this.progress, last: this.last };
  }

  /** Stops the audio model's fine-tuning after its current step; false when none runs. */
  cancelTraining(): boolean {
    if (this.training === null) return false;
    this.training.run.cancel();
    return true;
  }

  /** Stops the fine-tuning, if any, and waits until it has stopped. */
  async stopTraining(): Promise<void> {
    const training = this.training;
    if (training === null) return;
    training.run.cancel();
    await training.ended;
  }

  /** Cancels a running scan and the fine-tuning, and waits until both have stopped. */
  async close(): Promise<void> {
    const running = this.running;
    if (running !== null) {
      running.controller.abort();
      await running.done;
    }
    await this.stopTraining();
  }

  private async run(
    scanId: string,
    roots: readonly string[],
    signal: AbortSignal,
    throttle: Throttle<ScanJobProgress>,
  ): Promise<void> {
    let outcome: ScanOutcome;
    // Set once the scan has resolved: the training it started reports through the same listener
    // and begins only on a later turn of the event loop (audio-jobs.ts), so nothing is misrouted.
    let training: LearningReport | null = null;
    try {
      const summary = await this.engine.scan(roots, {
        train: 'auto',
        autoTrain: this.options.autoTrain,
        signal,
        onProgress: (progress) => {
          if (training !== null) {
            const learning = trainingProgressOf(progress);
            if (learning !== null) training.progress(learning);
          } else if (progress.job !== 'train') {
            throttle.push(progressOf(progress));
          }
        },
      });
      if (summary.training !== null) training = this.watch(summary.training);
      outcome = { ok: true, summary: summaryOf(summary) };
    } catch (error) {
      outcome = signal.aborted
        ? {
            ok: false,
            error: { code: 'cancelled', message: 'scan cancelled; what was analysed is kept' },
          }
        : { ok: false, error: toApiError(error) };
    }
    throttle.flush();
    this.running = null;
    this.last = { scanId, outcome };
    this.emit('scan:finished', { scanId, outcome });
    this.emit('library:changed', { reason: 'scan' });
    this.options.onFinished?.();
  }

  /** Reports a fine-tuning run until it ends; a new scan or close() cancels it in the engine. */
  private watch(run: BackgroundTraining): LearningReport {
    const report = this.options.learning.begin('audio');
    const ended = run.done.then((outcome) => {
      if (this.training?.run === run) this.training = null;
      report.finish(learningOutcomeOf(outcome));
      // The library's vectors and model version changed: lists and the map are stale.
      if (outcome.status === 'trained') this.emit('library:changed', { reason: 'model' });
    });
    this.training = { run, ended };
    return report;
  }
}
