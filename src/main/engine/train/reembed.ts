/**
 * Re-embedding from the mel cache: after the model changes, every stored vector is recomputed
 * from the cached spectrograms, with no decoding. Tracks without a cached spectrogram keep their
 * old vector, which the store no longer compares with new ones (it filters by model version),
 * and the next scan analyses them from their files.
 */
import type { MelCache } from '../audio/mel-cache';
import type { AudioEmbedder } from '../embed/embedder';
import type { LibraryStore } from '../store/library-store';
import type { KnownFile } from '../store/types';

/** Options for {@link reembedFromCache}. */
export type ReembedOptions = Readonly<{
  signal?: AbortSignal;
  /** Called after each batch with tracks done and tracks to do. */
  onProgress?: (done: number, total: number) => void;
  /** Tracks per store commit (default 64; LanceDB keeps memory per commit, so not fewer). */
  batchSize?: number;
  /** The store's knownFiles(), when the caller has just read them. */
  known?: ReadonlyMap<string, KnownFile>;
}>;

/** What {@link reembedFromCache} did. */
export type ReembedSummary = Readonly<{
  /** Tracks given a vector of the embedder's model. */
  reembedded: number;
  /** Analysed tracks with a vector of another model and no cached spectrogram. */
  uncached: number;
}>;

/** Analysed tracks whose vector is not from model `version` (or is missing). */
export function staleTracks(known: ReadonlyMap<string, KnownFile>, version: string): KnownFile[] {
  return [...known.values()].filter((k) => k.status === 'analysed' && k.modelVersion !== version);
}

/**
 * Gives every analysed track whose vector is not from `embedder`'s model a new vector computed
 * from its cached spectrogram, committing in batches (a cancel keeps the batches done). The
 * caller holds the data folder's lock.
 */
export async function reembedFromCache(
  store: LibraryStore,
  embedder: AudioEmbedder,
  cache: MelCache,
  options: ReembedOptions = {},
): Promise<ReembedSummary> {
  const known = options.known ?? (await store.knownFiles());
  const stale = staleTracks(known, embedder.version);
  const batchSize = options.batchSize ?? 64;
  let reembedded = 0;
  let uncached = 0;
  for (let at = 0; at < stale.length; at += batchSize) {
    options.signal?.throwIfAborted();
    const batch = stale.slice(at, at + batchSize);
    const mels = await Promise.all(batch.map((k) => cache.read(k.id)));
    const ids: string[] = [];
    const cached = mels.filter((mel, i) => {
      if (mel === null) return false;
      ids.push(batch[i]?.id ?? '');
      return true;
    });
    uncached += batch.length - cached.length;
    const vectors = embedder.embed(cached.flatMap((mel) => (mel === null ? [] : [mel])));
    await store.replaceVectors(
      vectors.map((vector, i) => ({ id: ids[i] ?? '', modelVersion: embedder.version, vector })),
    );
    reembedded += vectors.length;
    options.onProgress?.(Math.min(at + batchSize, stale.length), stale.length);
  }
  if (reembedded > 0) {
    await store.compact();
    await store.ensureVectorIndex();
  }
  return { reembedded, uncached };
}
