/** One file's way through a scan: tags, analysis in a worker, mel cache, embedding, record. */
import { decodeMel, type MelCache } from '../audio/mel-cache';
import type { AudioEmbedder } from '../embed/embedder';
import { readTags, tagsFromFileName } from '../library/tags';
import { trackIdFor } from '../store/track-id';
import type { FileIdentity, TrackRecord, TrackTags } from '../store/types';
import type { AnalysisPool } from './analysis-pool';
import type { StageClock } from './stage-clock';

/** A track waiting to be embedded and written. */
export type Analysed = Readonly<{
  id: string;
  file: FileIdentity;
  tags: TrackTags;
  result:
    | Readonly<{
        ok: true;
        /** The log-mel as the mel cache holds it (see analysis-protocol.ts). */
        melBytes: Uint8Array;
        thumbnail: TrackRecord['thumbnail'];
      }>
    | Readonly<{ ok: false; reason: string }>;
}>;

/** Reads the file's tags and has a worker decode it and compute its log-mel. */
export async function analyseFile(
  file: FileIdentity,
  pool: AnalysisPool,
  clock: StageClock,
  signal: AbortSignal | undefined,
): Promise<Analysed> {
  const id = trackIdFor(file.path);
  let tags: TrackTags;
  try {
    tags = await clock.time('tags', () => readTags(file.path));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // An empty file has nothing to decode; any other tag failure may still be playable audio
    // (a misnamed file, a damaged tag), so ffmpeg gets the last word.
    if (file.size === 0)
      return { id, file, tags: tagsFromFileName(file.path), result: { ok: false, reason } };
    tags = tagsFromFileName(file.path);
  }
  let reply;
  try {
    reply = await pool.analyse({ path: file.path, durationSec: tags.durationSec }, signal);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { id, file, tags, result: { ok: false, reason } };
  }
  clock.add('decode', reply.times.decodeMs);
  clock.add('mel', reply.times.melMs);
  if (reply.type === 'failed')
    return { id, file, tags, result: { ok: false, reason: reply.reason } };
  return {
    id,
    file,
    tags,
    result: { ok: true, melBytes: reply.melBytes, thumbnail: reply.thumbnail },
  };
}

/**
 * Puts an analysed file's log-mel in the mel cache, or forgets the cached one of a file that no
 * longer analyses. Runs before the track is written to the store, so a stored track always has
 * its spectrogram cached; a kill in between leaves only a cache entry that the next scan
 * overwrites (the track is not stored, so its file is analysed again) or prunes.
 */
export async function cacheItem(cache: MelCache, item: Analysed): Promise<void> {
  if (item.result.ok) await cache.writeEncoded(item.id, item.result.melBytes);
  else await cache.delete(item.id);
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
    };
  });
}
