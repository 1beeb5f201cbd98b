/**
 * Puts tracks' log-mels into the mel cache by analysing their files again in the scan's worker
 * processes: for libraries scanned before the cache existed, and for tracks whose entry is gone.
 */
import type { MelCache } from '../audio/mel-cache';
import { AnalysisPool } from '../jobs/analysis-pool';

/** A track whose spectrogram is wanted. */
export type MelJob = Readonly<{ id: string; path: string; durationSec: number | null }>;

/** Options for {@link fillMelCache}. */
export type FillOptions = Readonly<{
  /** Worker processes; default: one per core. */
  workers?: number;
  ffmpegPath?: string | null;
  signal?: AbortSignal;
  /** Called after each analysed file with the count done and the count to do. */
  onProgress?: (done: number, total: number) => void;
}>;

/** What {@link fillMelCache} did. */
export type FillSummary = Readonly<{
  /** Tracks analysed and cached now. */
  filled: number;
  /** Tracks that were cached already. */
  cached: number;
  failed: { path: string; reason: string }[];
}>;

/**
 * Caches the spectrogram of every job that has none, with the same decoder and excerpts as a
 * scan (the excerpts follow from the duration, so pass the one the scan used). A file that
 * cannot be analysed is reported, not thrown.
 */
export async function fillMelCache(
  cache: MelCache,
  jobs: readonly MelJob[],
  options: FillOptions = {},
): Promise<FillSummary> {
  const todo: MelJob[] = [];
  for (const job of jobs) if (!(await cache.has(job.id))) todo.push(job);
  const failed: { path: string; reason: string }[] = [];
  if (todo.length === 0) return { filled: 0, cached: jobs.length, failed };
  const pool = new AnalysisPool({
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ffmpegPath: options.ffmpegPath ?? null,
  });
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    for (let job = todo[next++]; job !== undefined; job = todo[next++]) {
      options.signal?.throwIfAborted();
      const reply = await pool.analyse(job, options.signal);
      if (reply.type === 'failed') {
        failed.push({ path: job.path, reason: reply.reason });
      } else {
        await cache.writeEncoded(job.id, reply.melBytes);
      }
      options.onProgress?.(++done, todo.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(pool.capacity, todo.length) }, lane));
  } finally {
    await pool.close();
  }
  return { filled: todo.length - failed.length, cached: jobs.length - todo.length, failed };
}
