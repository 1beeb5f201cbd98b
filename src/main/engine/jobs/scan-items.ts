/** One file's way through a scan: analysis in a worker, tags tidied, embedding, record. */
import { decodeMel, type MelCache } from '../audio/mel-cache';
import type { AudioEmbedder } from '../embed/embedder';
import { withPathTags } from '../library/path-tags';
import { NO_FILE_TAGS } from '../library/tags';
import { trackIdFor } from '../store/track-id';
import type { FileIdentity, MeasuredLoudness, TrackRecord, TrackTags } from '../store/types';
import type { AnalysisPool } from './analysis-pool';
import { ANALYSIS_VERSION } from './scan-plan';
import type { StageClock } from './stage-clock';

/** What a scan makes besides the log-mel; both on by default (off only to measure their cost). */
export type AnalysisExtras = Readonly<{ artwork: boolean; loudness: boolean }>;

/** A track waiting to be embedded and written. */
export type Analysed = Readonly<{
  id: string;
  file: FileIdentity;
  tags: TrackTags;
  artwork: string | null;
  artworkError: string | null;
  result:
    | Readonly<{
        ok: true;
        /** The log-mel as the mel cache holds it (see analysis-protocol.ts). */
        melBytes: Uint8Array;
        thumbnail: TrackRecord['thumbnail'];
        loudness: MeasuredLoudness | null;
      }>
    | Readonly<{ ok: false; reason: string }>;
}>;

/** Where and how one file is analysed. */
export type FileJob = Readonly<{
  file: FileIdentity;
  /** The library folder the file was found under: path tags stop there. */
  root: string | null;
  dataDir: string;
  extras: AnalysisExtras;
}>;

/**
 * Has a worker read the file's tags and artwork, decode it, compute its log-mel and loudness
 * and cache the log-mel; then fills tags the file lacks from its path.
 */
export async function analyseFile(
  job: FileJob,
  pool: AnalysisPool,
  clock: StageClock,
  signal: AbortSignal | undefined,
): Promise<Analysed> {
  const { file, root, dataDir, extras } = job;
  const id = trackIdFor(file.path);
  let reply;
  try {
    reply = await pool.analyse(
      {
        path: file.path,
        artworkDataDir: extras.artwork ? dataDir : null,
        loudness: extras.loudness,
        melCache: { dataDir, trackId: id },
      },
      signal,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const tags = withPathTags(NO_FILE_TAGS, file.path, root);
    return { id, file, tags, artwork: null, artworkError: null, result: { ok: false, reason } };
  }
  const { times } = reply;
  clock.add('tags', times.tagsMs);
  clock.add('artwork', times.artworkMs);
  clock.add('decode', times.decodeMs);
  clock.add('mel', times.melMs);
  clock.add('loudness', times.loudnessMs);
  const tags = withPathTags(reply.tags ?? NO_FILE_TAGS, file.path, root);
  const { artwork, artworkError } = reply;
  if (reply.type === 'failed') {
    return { id, file, tags, artwork, artworkError, result: { ok: false, reason: reply.reason } };
  }
  const { melBytes, thumbnail, loudness } = reply;
  return {
    id,
    file,
    tags,
    artwork,
    artworkError,
    result: { ok: true, melBytes, thumbnail, loudness },
  };
}

/**
 * Forgets the cached spectrogram of a file that no longer analyses (a worker caches the
 * spectrogram of one that does before replying). Runs before the track is written to the
 * store, so a stored track always has its spectrogram cached, and a failed one none.
 */
export async function uncacheFailed(cache: MelCache, item: Analysed): Promise<void> {
  if (!item.result.ok) await cache.delete(item.id);
}

/** Embeds a batch (patches cut within each excerpt) and turns it into store records. */
export function toRecords(items: readonly Analysed[], embedder: AudioEmbedder): TrackRecord[] {
  const ok = items.flatMap((item) => (item.result.ok ? [item.result.melBytes] : []));
  const vectors = embedder.embed(ok.map((bytes) => decodeMel(bytes)));
  let next = 0;
  const now = Date.now();
  return items.map((item): TrackRecord => {
    const vector = item.result.ok ? (vectors[next++] ?? null) : null;
    const good = vector !== null;
    return {
      id: item.id,
      ...item.file,
      ...item.tags,
      status: good ? 'analysed' : 'failed',
      error: item.result.ok ? null : item.result.reason,
      modelVersion: good ? embedder.version : null,
      vector,
      thumbnail: item.result.ok ? item.result.thumbnail : null,
      analysedAt: now,
      analysisVersion: ANALYSIS_VERSION,
      artwork: item.artwork,
      artworkError: item.artworkError,
      loudness: item.result.ok ? item.result.loudness : null,
    };
  });
}
