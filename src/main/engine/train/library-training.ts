/**
 * Fine-tuning the audio model on a person's library: the library's cached spectrograms train the
 * current weights (the library's own, else the shipped ones) and the result is saved in the data
 * folder as a new model version. The engine then re-embeds the library from the cache
 * (jobs/audio-jobs.ts).
 */
import { join } from 'node:path';
import type { BackendName } from '../../../shared/library';
import { MelCache, type QuantisedMel } from '../audio/mel-cache';
import { initBackend } from '../embed/backend';
import { disposeModel } from '../embed/cnn';
import { mulberry32 } from '../embed/init';
import {
  libraryModelDir,
  loadLibraryAudioModel,
  modelVersion,
  saveWeights,
} from '../embed/weights';
import type { LibraryStore } from '../store/library-store';
import { removeCheckpoint } from './checkpoint';
import { etaSeconds, type JobProgressListener } from '../jobs/job-progress';
import { fillMelCache } from './fill-mel-cache';
import { trainContrastive, type TrainSettings } from './trainer';
import { shuffled } from './views';

/**
 * Most tracks one run trains on, a seeded sample beyond it: an epoch over 2,000 tracks takes
 * about half a minute on wasm, and their spectrograms about 130 MB as bytes.
 */
export const MAX_TRAINING_TRACKS = 2000;

/** Options for {@link fineTuneLibraryModel}. */
export type LibraryTrainingOptions = Readonly<{
  /** Epochs (default: the trainer's). */
  epochs?: number;
  /** Any other training settings to override (tests use small ones). */
  settings?: Partial<TrainSettings>;
  /** Where shipped weights are; default: the app's resources. */
  resourcesDir?: string;
  ffmpegPath?: string | null;
  /** Worker processes that analyse files missing from the mel cache; default: one per core. */
  workers?: number;
  signal?: AbortSignal;
  /** Progress as job "train": phase "mels" (filling the cache), then "train" (steps). */
  onProgress?: JobProgressListener;
}>;

/** What a fine-tuning run did. */
export type FineTuneSummary = Readonly<{
  /** Tracks trained on. */
  tracks: number;
  epochs: number;
  /** Epochs a previous, interrupted run had done. */
  resumedFrom: number;
  /** Mean contrastive loss of each epoch. */
  losses: number[];
  previousVersion: string;
  /** The saved model's version. */
  modelVersion: string;
  seconds: number;
  backend: BackendName;
}>;

/** The checkpoint folder of library training inside the data folder. */
export function trainingCheckpointDir(dataDir: string): string {
  return join(dataDir, 'models', 'audio-cnn-training');
}

async function trainingMels(
  store: LibraryStore,
  cache: MelCache,
  options: LibraryTrainingOptions,
): Promise<QuantisedMel[]> {
  const tracks = await store.analysedTracks();
  // Sorted before sampling, so the same library trains on the same tracks every time and an
  // interrupted run finds its checkpoint again.
  tracks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const picked =
    tracks.length <= MAX_TRAINING_TRACKS
      ? tracks
      : shuffled(tracks.length, mulberry32(tracks.length))
          .slice(0, MAX_TRAINING_TRACKS)
          .flatMap((i) => tracks[i] ?? []);
  const started = Date.now();
  await fillMelCache(cache, picked, {
    ...(options.ffmpegPath === undefined ? {} : { ffmpegPath: options.ffmpegPath }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) =>
      options.onProgress?.({
        job: 'train',
        phase: 'mels',
        done,
        total,
        etaSeconds: etaSeconds(done, total, started, Date.now()),
      }),
  });
  const mels = await Promise.all(picked.map((t) => cache.readQuantised(t.id)));
  return mels.flatMap((mel) => (mel === null ? [] : [mel]));
}

/**
 * Fine-tunes the library's audio model on its own tracks (filling the mel cache where a track's
 * spectrogram is missing) and saves it to the data folder. Resumes an interrupted run from its
 * last epoch. The caller holds the data folder's lock, and afterwards replaces its embedder and
 * re-embeds the library (the model version changed). Throws the signal's reason when cancelled:
 * the checkpoint stays, the library keeps its old model.
 */
export async function fineTuneLibraryModel(
  store: LibraryStore,
  options: LibraryTrainingOptions = {},
): Promise<FineTuneSummary> {
  const started = performance.now();
  const backend = await initBackend();
  const cache = new MelCache(store.dataDir);
  const mels = await trainingMels(store, cache, options);
  if (mels.length < 2) throw new Error('training needs at least two analysed tracks');
  const model = await loadLibraryAudioModel(store.dataDir, options.resourcesDir);
  try {
    const previousVersion = modelVersion(model);
    const checkpointDir = trainingCheckpointDir(store.dataDir);
    const result = await trainContrastive(model, mels, {
      settings: {
        ...options.settings,
        ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
      },
      checkpointDir,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) =>
        options.onProgress?.({
          job: 'train',
          phase: 'train',
          done: (p.epoch - 1) * p.stepsPerEpoch + p.step,
          total: p.epochs * p.stepsPerEpoch,
          etaSeconds: p.etaSeconds,
          epoch: p.epoch,
          epochs: p.epochs,
          loss: p.loss,
        }),
    });
    // A cancel that came during the last step still keeps the library's model.
    options.signal?.throwIfAborted();
    const trained = {
      ...model,
      createdAt: new Date().toISOString(),
      notes: `fine-tuned on this library (${mels.length} tracks, ${result.settings.epochs} epochs) from ${previousVersion}`,
    };
    await saveWeights(libraryModelDir(store.dataDir), trained);
    await removeCheckpoint(checkpointDir);
    return {
      tracks: mels.length,
      epochs: result.settings.epochs,
      resumedFrom: result.resumedFrom,
      losses: result.losses,
      previousVersion,
      modelVersion: modelVersion(trained),
      seconds: (performance.now() - started) / 1000,
      backend: backend.name,
    };
  } finally {
    disposeModel(model);
  }
}
