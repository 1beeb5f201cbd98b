/**
 * Fine-tuning the audio model on a person's library: the library's cached spectrograms train the
 * current weights (the library's own, else the shipped ones), the result is saved in the data
 * folder as a new model version, and every vector is recomputed from the cache.
 */
import { join } from 'node:path';
import { MelCache, type QuantisedMel } from '../audio/mel-cache';
import { disposeModel } from '../embed/cnn';
import { AudioEmbedder } from '../embed/embedder';
import { initBackend } from '../embed/backend';
import { mulberry32 } from '../embed/init';
import {
  libraryModelDir,
  loadLibraryAudioModel,
  modelVersion,
  saveWeights,
} from '../embed/weights';
import type { LibraryStore } from '../store/library-store';
import { removeCheckpoint } from './checkpoint';
import { fillMelCache } from './fill-mel-cache';
import { reembedFromCache } from './reembed';
import { trainContrastive, type TrainProgress, type TrainSettings } from './trainer';
import { shuffled } from './views';
import type { BackendName } from '../../../shared/library';

/**
 * Most tracks one run trains on, a seeded sample beyond it: an epoch over 2,000 tracks takes
 * about half a minute on wasm, and their spectrograms about 130 MB as bytes.
 */
export const MAX_TRAINING_TRACKS = 2000;

/** Where a library training run is. */
export type LibraryTrainingProgress =
  | Readonly<{ phase: 'mels' | 'reembed'; done: number; total: number }>
  | (Readonly<{ phase: 'train' }> & TrainProgress);

/** Options for {@link trainLibraryAudioModel}. */
export type LibraryTrainingOptions = Readonly<{
  /** Epochs (default: the trainer's). */
  epochs?: number;
  /** Any other training settings to override (tests use small ones). */
  settings?: Partial<TrainSettings>;
  /** Where shipped weights are; default: the app's resources. */
  resourcesDir?: string;
  ffmpegPath?: string | null;
  signal?: AbortSignal;
  onProgress?: (progress: LibraryTrainingProgress) => void;
}>;

/** What a library training run did. */
export type LibraryTrainingSummary = Readonly<{
  /** Tracks trained on. */
  tracks: number;
  epochs: number;
  /** Epochs a previous, interrupted run had done. */
  resumedFrom: number;
  /** Mean contrastive loss of each epoch. */
  losses: number[];
  previousVersion: string;
  modelVersion: string;
  /** Tracks given a vector of the new model. */
  reembedded: number;
  /** Analysed tracks without a cached spectrogram: the next scan re-analyses them. */
  uncached: number;
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
  await fillMelCache(cache, picked, {
    ...(options.ffmpegPath === undefined ? {} : { ffmpegPath: options.ffmpegPath }),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) => options.onProgress?.({ phase: 'mels', done, total }),
  });
  const mels = await Promise.all(picked.map((t) => cache.readQuantised(t.id)));
  return mels.flatMap((mel) => (mel === null ? [] : [mel]));
}

/**
 * Fine-tunes the library's audio model on its own tracks, saves it to the data folder, and
 * re-embeds the library from the mel cache. Resumes an interrupted run from its last epoch.
 * The caller holds the data folder's lock, and replaces any embedder it keeps afterwards (the
 * model version changed). Throws the signal's reason when cancelled: the checkpoint stays, the
 * library keeps its old model.
 */
export async function trainLibraryAudioModel(
  store: LibraryStore,
  options: LibraryTrainingOptions = {},
): Promise<LibraryTrainingSummary> {
  const started = performance.now();
  const backend = await initBackend();
  const cache = new MelCache(store.dataDir);
  const mels = await trainingMels(store, cache, options);
  if (mels.length < 2) throw new Error('training needs at least two analysed tracks');
  const model = await loadLibraryAudioModel(store.dataDir, options.resourcesDir);
  const previousVersion = modelVersion(model);
  const checkpointDir = trainingCheckpointDir(store.dataDir);
  let result;
  try {
    result = await trainContrastive(model, mels, {
      settings: {
        ...options.settings,
        ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
      },
      checkpointDir,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => options.onProgress?.({ phase: 'train', ...p }),
    });
  } catch (error) {
    disposeModel(model);
    throw error;
  }
  const trained = {
    ...model,
    createdAt: new Date().toISOString(),
    notes: `fine-tuned on this library (${mels.length} tracks, ${result.settings.epochs} epochs) from ${previousVersion}`,
  };
  const embedder = await AudioEmbedder.create({ model: trained });
  try {
    await saveWeights(libraryModelDir(store.dataDir), trained);
    await removeCheckpoint(checkpointDir);
    const reembed = await reembedFromCache(store, embedder, cache, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.onProgress?.({ phase: 'reembed', done, total }),
    });
    return {
      tracks: mels.length,
      epochs: result.settings.epochs,
      resumedFrom: result.resumedFrom,
      losses: result.losses,
      previousVersion,
      modelVersion: embedder.version,
      ...reembed,
      seconds: (performance.now() - started) / 1000,
      backend: backend.name,
    };
  } finally {
    embedder.dispose();
  }
}
