/**
 * The first half of a repair: every music file whose spectrogram the mel cache holds goes back
 * into a new, empty store with its tags, its thumbnail and a vector of the active model, all
 * from the cache and the file's tags, without decoding a note. The scan that follows finds these
 * tracks unchanged and decodes only what the cache did not hold (new or changed files, files that
 * failed before). It reuses the scan's own steps: the walk, the tag reader, the records it writes.
 */
import { readFile, stat } from 'node:fs/promises';
import { decodeMel, decodeQuantisedMel, type MelCache } from '../audio/mel-cache';
import { makeThumbnail } from '../audio/thumbnail';
import type { AudioEmbedder } from '../embed/embedder';
import { toRecords, type Analysed } from '../jobs/scan-items';
import { readTags } from '../library/tags';
import { walkLibrary } from '../library/walk';
import type { LibraryStore } from '../store/library-store';
import { trackIdFor } from '../store/track-id';
import type { FileIdentity } from '../store/types';

/** Tracks per commit, as the scan commits (LanceDB keeps memory per commit, so not fewer). */
const BATCH = 64;

/** Options for {@link restoreFromCache}. */
export type RestoreOptions = Readonly<{
  signal?: AbortSignal;
  /** Files looked at of the files found. */
  onProgress?: (done: number, total: number) => void;
}>;

/** What the restore did. */
export type RestoreSummary = Readonly<{
  /** Music files found in the folders. */
  files: number;
  /** Tracks put back from the mel cache. */
  restored: number;
}>;

/**
 * The cached spectrogram of a file, as the cache holds it, if it was cached after the file last
 * changed and still reads; otherwise null (the scan analyses the file again).
 */
async function cachedBytes(
  cache: MelCache,
  id: string,
  file: FileIdentity,
): Promise<Buffer | null> {
  const path = cache.pathOf(id);
  try {
    if ((await stat(path)).mtimeMs < file.mtimeMs) return null;
    const bytes = await readFile(path);
    decodeQuantisedMel(bytes);
    return bytes;
  } catch {
    return null;
  }
}

/** What the scan would have made of a file, from its tags and its cached spectrogram. */
async function fromCache(cache: MelCache, file: FileIdentity): Promise<Analysed | null> {
  const id = trackIdFor(file.path);
  const bytes = await cachedBytes(cache, id, file);
  if (bytes === null) return null;
  // Tags that cannot be read leave the file to the scan, which has its own ways with them.
  const tags = await readTags(file.path).catch(() => null);
  if (tags === null) return null;
  const thumbnail = makeThumbnail(decodeMel(bytes));
  return { id, file, tags, result: { ok: true, melBytes: bytes, thumbnail } };
}

/**
 * Writes into `store` (new and empty: a repair's) every file under `folders` whose spectrogram
 * `cache` holds, embedded by `embedder`. The caller holds the data folder's lock.
 */
export async function restoreFromCache(
  store: LibraryStore,
  embedder: AudioEmbedder,
  cache: MelCache,
  folders: readonly string[],
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const { files } = await walkLibrary(folders, { signal: options.signal });
  let restored = 0;
  for (let at = 0; at < files.length; at += BATCH) {
    options.signal?.throwIfAborted();
    const found = await Promise.all(files.slice(at, at + BATCH).map((f) => fromCache(cache, f)));
    const batch = found.filter((item): item is Analysed => item !== null);
    if (batch.length > 0) await store.writeTracks(toRecords(batch, embedder));
    restored += batch.length;
    options.onProgress?.(Math.min(at + BATCH, files.length), files.length);
  }
  return { files: files.length, restored };
}
