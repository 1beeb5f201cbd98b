/**
 * The engine's audio jobs: scans, training and re-embedding, one at a time, under the data
 * folder's lock, with the audio model that is active now. A scan may hand the lock on to a
 * training run that follows it in the background.
 */
import { MelCache } from '../audio/mel-cache';
import { acquireDataLock } from '../data-lock';
import { AudioEmbedder } from '../embed/embedder';
import { activeModelStamp, type ModelStamp } from '../embed/weights';
import type { LibraryStore } from '../store/library-store';
import {
  fineTuneLibraryModel,
  type FineTuneSummary,
  type LibraryTrainingOptions,
} from '../train/library-training';
import { reembedFromCache, type ReembedSummary } from '../train/reembed';
import { AnalysisPool } from './analysis-pool';
import { etaSeconds, throttled, type JobProgressListener } from './job-progress';
import { runScan, type ScanOptions, type ScanSummary } from './scan-job';
import {
  DEFAULT_AUTO_TRAIN_RULE,
  trainingDue,
  type AutoTrainRule,
  type TrainingCheck,
  type TrainPolicy,
} from './train-policy';

/** What the jobs work with. */
export type AudioJobsOptions = Readonly<{
  store: LibraryStore;
  /** Folder holding the shipped models/audio-cnn; default: the app's resources. */
  resourcesDir?: string;
  ffmpegPath?: string | null;
  /** Analysis worker processes; default: one per core. */
  workers?: number;
}>;

/** Options for {@link AudioJobs.train}. */
export type TrainAudioOptions = Readonly<{
  /** Epochs (default: the trainer's, 10). */
  epochs?: number;
  /** Any other training settings (tests use small ones). */
  settings?: LibraryTrainingOptions['settings'];
  signal?: AbortSignal;
  /** Jobs "train" then "re-embed". */
  onProgress?: JobProgressListener;
}>;

/** What a training run did, re-embedding included. */
export type TrainAudioSummary = FineTuneSummary & ReembedSummary;

/** How a background training run ended. */
export type TrainingOutcome =
  | Readonly<{ status: 'trained'; summary: TrainAudioSummary }>
  | Readonly<{ status: 'cancelled' }>
  | Readonly<{ status: 'failed'; reason: string }>;

/** A training run going on after the scan that started it. */
export type BackgroundTraining = Readonly<{
  /** Settles when the run ends (never rejects). */
  done: Promise<TrainingOutcome>;
  /** Stops the run between two steps; the library keeps its model and the checkpoint stays. */
  cancel: () => void;
}>;

/** Options for {@link AudioJobs.scan}. */
export type AudioScanOptions = Omit<ScanOptions, 'folders'> &
  Readonly<{
    /** "auto": fine-tune afterwards when {@link trainingDue} says so; default "never". */
    train?: TrainPolicy;
    /** The rule and the run for "auto"; default {@link DEFAULT_AUTO_TRAIN_RULE}. */
    autoTrain?: Partial<AutoTrainRule> & Pick<TrainAudioOptions, 'epochs' | 'settings'>;
  }>;

/** A scan's summary and the training it started, if any. */
export type AudioScanSummary = ScanSummary &
  Readonly<{
    /** The library against the auto-training rule; null with `train: 'never'`. */
    trainCheck: TrainingCheck | null;
    /** The training run started in the background, or null. */
    training: BackgroundTraining | null;
  }>;

type Loaded = Readonly<{ embedder: AudioEmbedder; stamp: ModelStamp | null }>;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Runs the audio jobs of one library; see the module comment. */
export class AudioJobs {
  private loaded: Promise<Loaded> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private background: BackgroundTraining | null = null;
  private readonly cache: MelCache;

  constructor(private readonly options: AudioJobsOptions) {
    this.cache = new MelCache(options.store.dataDir);
  }

  /** The active audio model on the best backend here, loaded on first use. */
  async embedder(): Promise<AudioEmbedder> {
    const loading = (this.loaded ??= this.load());
    try {
      return (await loading).embedder;
    } catch (error) {
      // A model that failed to load (a damaged file, say) is tried again next time.
      if (this.loaded === loading) this.loaded = null;
      throw error;
    }
  }

  /** The training run a scan started, while it runs. */
  get training(): BackgroundTraining | null {
    return this.background;
  }

  /**
   * Scans folders (see runScan), first re-embedding from the mel cache whatever another model
   * made. With `train: 'auto'` and enough new tracks, a training run follows in the background,
   * holding the data folder's lock until it ends; its progress goes to the same listener.
   */
  scan(folders: readonly string[], options: AudioScanOptions = {}): Promise<AudioScanSummary> {
    return this.exclusive(async () => {
      const { store } = this.options;
      const release = await acquireDataLock(store.dataDir);
      let handedOn = false;
      try {
        const embedder = await this.refreshed();
        const pool = new AnalysisPool({
          workers: this.options.workers,
          ffmpegPath: this.options.ffmpegPath,
        });
        const { signal, batchSize, onProgress, train = 'never', autoTrain = {} } = options;
        const report = throttled(onProgress);
        let summary: ScanSummary;
        try {
          summary = await runScan(
            { store, embedder, pool, cache: this.cache },
            { folders, signal, batchSize, onProgress: report },
          );
        } finally {
          await pool.close();
        }
        if (train === 'never') return { ...summary, trainCheck: null, training: null };
        const { epochs, settings, ...rule } = autoTrain;
        const trainCheck = await trainingDue(store, { ...DEFAULT_AUTO_TRAIN_RULE, ...rule });
        if (!trainCheck.due) return { ...summary, trainCheck, training: null };
        handedOn = true;
        const training = this.startBackground(release, { epochs, settings, onProgress: report });
        return { ...summary, trainCheck, training };
      } finally {
        if (!handedOn) await release();
      }
    });
  }

  /**
   * Fine-tunes the active model on the library (filling the mel cache where needed), saves it
   * to the data folder, switches to it and re-embeds the library. Stops any background run
   * first (it resumes from its checkpoint when the same data trains again).
   */
  train(options: TrainAudioOptions = {}): Promise<TrainAudioSummary> {
    return this.exclusive(async () => {
      const release = await acquireDataLock(this.options.store.dataDir);
      try {
        return await this.trainLocked({ ...options, onProgress: throttled(options.onProgress) });
      } finally {
        await release();
      }
    });
  }

  /** Stops background training, waits for the running job and frees the model. */
  async close(): Promise<void> {
    await this.stopBackground();
    await this.queue;
    const loaded = this.loaded;
    this.loaded = null;
    if (loaded) (await loaded.catch(() => null))?.embedder.dispose();
  }

  /** Jobs run one after another; each first stops background training (it holds the lock). */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.stopBackground();
      return job();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async stopBackground(): Promise<void> {
    const running = this.background;
    if (!running) return;
    running.cancel();
    await running.done;
  }

  private startBackground(
    release: () => Promise<void>,
    options: TrainAudioOptions,
  ): BackgroundTraining {
    const controller = new AbortController();
    const run = async (): Promise<TrainingOutcome> => {
      try {
        const summary = await this.trainLocked({ ...options, signal: controller.signal });
        return { status: 'trained', summary };
      } catch (error) {
        if (controller.signal.aborted) return { status: 'cancelled' };
        return { status: 'failed', reason: messageOf(error) };
      } finally {
        await release();
        if (this.background === handle) this.background = null;
      }
    };
    const handle: BackgroundTraining = {
      // Started on the next turn, so the scan's summary reaches its caller first.
      done: new Promise<void>((resolve) => setImmediate(resolve)).then(run),
      cancel: () => controller.abort(),
    };
    this.background = handle;
    return handle;
  }

  /** Training, then the switch to the new model and re-embedding; the caller holds the lock. */
  private async trainLocked(options: TrainAudioOptions): Promise<TrainAudioSummary> {
    const { store, resourcesDir, ffmpegPath, workers } = this.options;
    // Stopped before it started (a scan or close() came first): nothing to do or undo.
    options.signal?.throwIfAborted();
    const started = performance.now();
    const report = options.onProgress;
    const trained = await fineTuneLibraryModel(store, {
      epochs: options.epochs,
      settings: options.settings,
      resourcesDir,
      ffmpegPath,
      workers,
      signal: options.signal,
      onProgress: report,
    });
    const embedder = await this.refreshed();
    if (embedder.version !== trained.modelVersion) {
      throw new Error(`saved model ${trained.modelVersion} but loaded ${embedder.version}`);
    }
    const reembedStarted = Date.now();
    const reembed = await reembedFromCache(store, embedder, this.cache, {
      signal: options.signal,
      onProgress: (done, total) =>
        report?.({
          job: 're-embed',
          done,
          total,
          etaSeconds: etaSeconds(done, total, reembedStarted, Date.now()),
        }),
    });
    return { ...trained, ...reembed, seconds: (performance.now() - started) / 1000 };
  }

  private async load(): Promise<Loaded> {
    const { store, resourcesDir } = this.options;
    const stamp = await activeModelStamp(store.dataDir, resourcesDir);
    const embedder = await AudioEmbedder.create({ dataDir: store.dataDir, resourcesDir });
    return { embedder, stamp };
  }

  /**
   * The embedder of the model active now: reloaded when the saved model changed since it was
   * loaded (trained here, or by another process sharing the data folder). Only jobs call it, so
   * no job's embedder is disposed under it.
   */
  private async refreshed(): Promise<AudioEmbedder> {
    const { store, resourcesDir } = this.options;
    const stamp = await activeModelStamp(store.dataDir, resourcesDir);
    const previous = this.loaded ? await this.loaded.catch(() => null) : null;
    if (previous && previous.stamp?.version === stamp?.version) return previous.embedder;
    this.loaded = this.load();
    previous?.embedder.dispose();
    return (await this.loaded).embedder;
  }
}
