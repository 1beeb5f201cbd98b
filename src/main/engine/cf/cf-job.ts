/**
 * The background job that trains a profile's NeuMF from its listening events (event-dataset.ts)
 * and saves it (library-model.ts) with the co-play rows fitted on the same events (co-play.ts),
 * the two halves of the hybrid taste (hybrid-taste.ts). It warm-starts: when a model exists, sessions and tracks it
 * knows keep their learnt rows, new ones start fresh, and fewer epochs follow. It runs only when
 * there is something new (the events' fingerprint differs from the saved model's). Progress
 * is per epoch, at most 10 reports a second; a cancel (the signal) saves nothing, so the
 * previous model stays in use.
 */
import type { ListeningEvent } from '../../../shared/events';
import { join } from 'node:path';
import { initBackend } from '../embed/backend';
import { fitBridge, saveBridge } from './bridge';
import { fitCoPlay, loadCoPlay, saveCoPlay } from './co-play';
import type { DatasetFeedback, EventDataset } from './event-dataset';
import { eventDataset } from './event-dataset';
import type { LibraryModel } from './library-model';
import { libraryModelDir, loadLibraryModel, saveLibraryModel } from './library-model';
import type { NeumfParams } from './neumf';
import { remapParams } from './neumf';
import type { NeumfConfig, TrainSettings } from './neumf-config';
import { TUNED_CONFIG, TUNED_SETTINGS } from './neumf-config';
import { trainNcf } from './trainer';

/**
 * The architecture of library models. Not the co-occurrence recipe that did best on lastfm-2k
 * (SPARSE_CONFIG): on synthetic listening logs its sessions found their own tracks less well.
 */
export const LIBRARY_CONFIG: NeumfConfig = TUNED_CONFIG;

/**
 * Training of library models: the tuned recipe with a larger step, since a person's log is
 * small (a few thousand events make a few dozen batches an epoch).
 */
export const LIBRARY_SETTINGS: TrainSettings = { ...TUNED_SETTINGS, learningRate: 0.005 };

/**
 * Whether training fits the cold-start bridge, so that unheard tracks get a collaborative
 * estimate in the blend. Decided by bench/bridge.ts on the dev corpus (docs/taste.md).
 */
export const BRIDGE_IN_BLEND = false;

/** Epochs of a warm start, unless asked otherwise: the model only has to take in what is new. */
export const WARM_EPOCHS = 6;

/** A progress report: epochs done of the run's total. */
export type CfProgress = Readonly<{
  done: number;
  total: number;
  /** Mean log loss of the last finished epoch, null before the first. */
  loss: number | null;
  /** From the mean epoch time so far; null before the first epoch ends. */
  etaSeconds: number | null;
}>;

/** Options for {@link trainProfileCf}. */
export type CfJobOptions = Readonly<{
  dataDir: string;
  profile: string;
  /** The profile's events (any order). */
  events: readonly ListeningEvent[];
  /** Loved and banned tracks (dataset-feedback.ts): the strongest evidence of all. */
  feedback?: DatasetFeedback;
  /** Epochs to run; {@link LIBRARY_SETTINGS} cold, {@link WARM_EPOCHS} warm by default. */
  epochs?: number;
  /** Train even when no new event arrived. */
  force?: boolean;
  /** Overrides of {@link LIBRARY_SETTINGS} (tests, benchmarks). */
  settings?: Partial<Omit<TrainSettings, 'epochs'>>;
  /**
   * The library's audio embeddings by track id, for the cold-start bridge (bridge.ts): fitted
   * and saved with the model when given and `bridge` is on.
   */
  audio?: () => Promise<ReadonlyMap<string, Float32Array>>;
  /** Whether to fit the cold-start bridge; {@link BRIDGE_IN_BLEND} by default. */
  bridge?: boolean;
  /** The clock that dates skips (signals.ts); now by default. */
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (progress: CfProgress) => void;
}>;

/** What a run did; the names are those of `deepcut train-cf --json`. */
export type CfJobSummary = Readonly<{
  profile: string;
  /** The model in use afterwards. */
  version: string;
  /** False when nothing new had arrived and the saved model was kept as it was. */
  trained: boolean;
  warmStart: boolean;
  /** Sessions, tracks and events the model learnt from. */
  sessions: number;
  tracks: number;
  events: number;
  epochs: number;
  loss: number;
  seconds: number;
  backend: string;
  /** Set when the saved model could not be read and this run started from scratch instead. */
  discarded?: string;
}>;

const MIN_PROGRESS_INTERVAL_MS = 100;

/**
 * Trains and saves the profile's model, or returns the saved one's summary when its events are
 * those already learnt. Returns null when no event carries a signal (nothing to learn from).
 * Rejects with the signal's reason on cancel, the previous model untouched.
 */
export async function trainProfileCf(options: CfJobOptions): Promise<CfJobSummary | null> {
  const started = performance.now();
  const { dataDir, profile } = options;
  const data = eventDataset(options.events, {
    profile,
    now: options.now ?? new Date(),
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  if (data === null) return null;
  // A damaged saved model must not lock the person out of learning: the events are the source
  // of truth, so the model is rebuilt from them and the damage reported.
  let previous: LibraryModel | null = null;
  let discarded: string | undefined;
  try {
    previous = await loadLibraryModel(dataDir, profile);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    discarded = `the saved model could not be read (${why}); trained from scratch`;
  }
  const known = previous !== null && previous.training.fingerprint === data.fingerprint;
  // A model saved before the hybrid has no co-play rows: it is trained again once to get them.
  if (previous !== null && known && !options.force && (await hasCoPlay(dataDir, previous))) {
    return summaryOf(previous, false);
  }
  const backend = (await initBackend()).name;
  const init = previous === null ? undefined : warmStart(previous, data);
  const epochs = options.epochs ?? (init ? WARM_EPOCHS : LIBRARY_SETTINGS.epochs);
  const report = progressReporter(epochs, options.onProgress);
  let loss = NaN;
  const { params } = await trainNcf({
    train: data.train,
    positiveWeights: data.positiveWeights,
    explicitNegatives: data.skips,
    config: LIBRARY_CONFIG,
    settings: { ...LIBRARY_SETTINGS, ...options.settings, epochs },
    ...(init ? { init } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onEpoch: (epoch) => {
      loss = epoch.loss;
      report(epoch.epoch, epoch.loss);
    },
  });
  options.signal?.throwIfAborted();
  const training = {
    profile,
    fingerprint: data.fingerprint,
    events: data.events,
    sessions: data.sessions,
    evidence: Object.fromEntries(data.evidence),
    epochs,
    loss,
    warmStart: init !== undefined,
    backend,
    seconds: (performance.now() - started) / 1000,
  };
  const version = await saveLibraryModel(
    dataDir,
    {
      params,
      userIds: data.users.ids,
      itemIds: data.items.ids,
      createdAt: new Date().toISOString(),
    },
    training,
    async (dir) => {
      await saveCoPlay(dir, fitCoPlay(data));
      if (!(options.bridge ?? BRIDGE_IN_BLEND) || options.audio === undefined) return;
      const bridge = fitBridge({
        params,
        itemIds: data.items.ids,
        profileUser: 0,
        evidence: data.evidence,
        audio: await options.audio(),
      });
      if (bridge !== null) await saveBridge(dir, bridge);
    },
  );
  const summary = summaryOf({ version, itemIds: data.items.ids, training }, true);
  return discarded === undefined ? summary : { ...summary, discarded };
}

/** Whether a saved model has readable co-play rows beside it (co-play.ts). */
async function hasCoPlay(dataDir: string, model: LibraryModel): Promise<boolean> {
  const dir = join(libraryModelDir(dataDir, model.training.profile), model.version);
  return loadCoPlay(dir, model.itemIds.length).then(
    (m) => m !== null,
    () => false,
  );
}

/**
 * The previous model's parameters remapped to the new users and items, or undefined to start
 * afresh when its architecture is not the current one.
 */
function warmStart(previous: LibraryModel, data: EventDataset): NeumfParams | undefined {
  if (JSON.stringify(previous.params.config) !== JSON.stringify(LIBRARY_CONFIG)) return undefined;
  const from = (ids: readonly string[], old: readonly string[]) => {
    const index = new Map(old.map((id, i) => [id, i]));
    return Int32Array.from(ids, (id) => index.get(id) ?? -1);
  };
  return remapParams(
    previous.params,
    from(data.users.ids, previous.userIds),
    from(data.items.ids, previous.itemIds),
    LIBRARY_SETTINGS.seed + previous.userIds.length,
  );
}

function summaryOf(
  model: Pick<LibraryModel, 'version' | 'itemIds' | 'training'>,
  trained: boolean,
): CfJobSummary {
  const t = model.training;
  return {
    profile: t.profile,
    version: model.version,
    trained,
    warmStart: trained && t.warmStart,
    sessions: t.sessions,
    tracks: model.itemIds.length,
    events: t.events,
    epochs: trained ? t.epochs : 0,
    loss: t.loss,
    seconds: trained ? t.seconds : 0,
    backend: t.backend,
  };
}

/** Per-epoch progress with an ETA, throttled to 10 a second (the last epoch always reported). */
function progressReporter(
  total: number,
  listener: ((progress: CfProgress) => void) | undefined,
): (done: number, loss: number) => void {
  const started = performance.now();
  let last = -Infinity;
  listener?.({ done: 0, total, loss: null, etaSeconds: null });
  return (done, loss) => {
    const now = performance.now();
    if (listener === undefined || (done < total && now - last < MIN_PROGRESS_INTERVAL_MS)) return;
    last = now;
    const perEpoch = (now - started) / 1000 / done;
    listener({ done, total, loss, etaSeconds: perEpoch * (total - done) });
  };
}
