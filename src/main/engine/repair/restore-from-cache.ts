/**
 * The first half of a repair: every music file whose spectrogram the mel cache holds goes back
 * into a new, empty store with a vector of the active model and a thumbnail, both from the cache,
 * without decoding a note. Its row comes from the damaged database where that still reads
 * (salvage.ts: tags, artwork, measured loudness as the scan left them), else from the file's tags
 * and embedded picture, as the scan's workers read them; measured loudness then waits for the
 * file's next analysis, since it needs the decoded audio. Failed files the damaged database
 * still names stay failed, as a scan would leave them. The scan that follows finds all these
 * unchanged and analyses only the rest.
 */
import { readFile, stat } from 'node:fs/promises';
import { decodeMel, decodeQuantisedMel, type MelCache } from '../audio/mel-cache';
import { makeThumbnail } from '../audio/thumbnail';
import type { AudioEmbedder } from '../embed/embedder';
import { ANALYSIS_VERSION, rootOf } from '../jobs/scan-plan';
import { toRecords, type Analysed } from '../jobs/scan-items';
import { makeArtwork } from '../library/artwork-cache';
import { withPathTags } from '../library/path-tags';
import { readMetadata } from '../library/tags';
import { walkLibrary } from '../library/walk';
import type { LibraryStore } from '../store/library-store';
import { trackIdFor } from '../store/track-id';
import type { FileIdentity, StoredTrack, TrackRecord, TrackTags } from '../store/types';

/** Tracks per commit, as the scan commits (LanceDB keeps memory per commit, so not fewer). */
const BATCH = 64;

/** Options for {@link restoreFromCache}. */
export type RestoreOptions = Readonly<{
  dataDir: string;
  folders: readonly string[];
  /** Rows read from the damaged database, by path (salvage.ts). */
  salvaged: ReadonlyMap<string, StoredTrack>;
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
  /** Of those, tracks whose row was salvaged from the damaged database. */
  salvaged: number;
  /** Failed files put back as failed. */
  failed: number;
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

/** The salvaged row of a file when it still describes the file as it is now. */
function salvagedRow(options: RestoreOptions, file: FileIdentity): StoredTrack | undefined {
  const row = options.salvaged.get(file.path);
  const same = row !== undefined && row.size === file.size && row.mtimeMs === file.mtimeMs;
  return same && row.analysisVersion >= ANALYSIS_VERSION ? row : undefined;
}

/** What the scan's workers would have said of the file, its spectrogram taken from the cache. */
async function fromFile(
  options: RestoreOptions,
  file: FileIdentity,
  bytes: Buffer,
): Promise<Analysed | null> {
  // A file whose tags cannot be read is left to the scan, which has its own ways with it.
  const metadata = await readMetadata(file.path).catch(() => null);
  if (metadata === null) return null;
  const artwork =
    metadata.picture === null ? null : await makeArtwork(options.dataDir, metadata.picture.data);
  return {
    id: trackIdFor(file.path),
    file,
    tags: withPathTags(metadata.tags, file.path, rootOf(file.path, options.folders)),
    artwork: artwork?.ok === true ? artwork.key : null,
    artworkError: artwork?.ok === false ? artwork.reason : null,
    result: {
      ok: true,
      melBytes: bytes,
      thumbnail: makeThumbnail(decodeMel(bytes)),
      loudness: null,
    },
  };
}

/** The tags part of a stored row, as a scan record carries them. */
function tagsOf(row: StoredTrack): TrackTags {
  const { title, artist, album, albumArtist, trackNo, discNo, year, genre, durationSec } = row;
  const { hasArtwork, replayGain, inferred } = row;
  return {
    title,
    artist,
    album,
    albumArtist,
    trackNo,
    discNo,
    year,
    genre,
    durationSec,
    hasArtwork,
    replayGain,
    inferred,
  };
}

/**
 * One file's way back: its salvaged row (failed ones as they are), else what its tags and the
 * cache give; null when the cache does not hold it (left to the scan).
 */
async function itemOf(
  options: RestoreOptions,
  cache: MelCache,
  file: FileIdentity,
): Promise<TrackRecord | Analysed | null> {
  const row = salvagedRow(options, file);
  if (row?.status === 'failed') return { ...row, vector: null, thumbnail: null };
  const bytes = await cachedBytes(cache, trackIdFor(file.path), file);
  if (bytes === null) return null;
  if (row === undefined) return fromFile(options, file, bytes);
  return {
    id: row.id,
    file,
    tags: tagsOf(row),
    artwork: row.artwork,
    artworkError: row.artworkError,
    result: {
      ok: true,
      melBytes: bytes,
      thumbnail: makeThumbnail(decodeMel(bytes)),
      loudness: row.loudness,
    },
  };
}

const isAnalysed = (item: TrackRecord | Analysed): item is Analysed => 'result' in item;

/**
 * Writes into `store` (new and empty: a repair's) every file under `folders` whose spectrogram
 * `cache` holds, embedded by `embedder`. The caller holds the data folder's lock.
 */
export async function restoreFromCache(
  store: LibraryStore,
  embedder: AudioEmbedder,
  cache: MelCache,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const { files } = await walkLibrary(options.folders, { signal: options.signal });
  const summary = { files: files.length, restored: 0, salvaged: 0, failed: 0 };
  for (let at = 0; at < files.length; at += BATCH) {
    options.signal?.throwIfAborted();
    const found = await Promise.all(
      files.slice(at, at + BATCH).map((file) => itemOf(options, cache, file)),
    );
    const fresh = found.filter((item): item is Analysed => item !== null && isAnalysed(item));
    const kept = found.filter((item): item is TrackRecord => item !== null && !isAnalysed(item));
    const records = [...kept, ...toRecords(fresh, embedder)];
    if (records.length > 0) await store.writeTracks(records);
    summary.failed += kept.length;
    summary.restored += fresh.length;
    summary.salvaged += fresh.filter((item) => salvagedRow(options, item.file)).length;
    options.onProgress?.(Math.min(at + BATCH, files.length), files.length);
  }
  return summary;
}
