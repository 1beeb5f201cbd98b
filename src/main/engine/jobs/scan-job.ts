import { resolve } from 'node:path';
import type { BackendName, ScanFailure } from '../../../shared/library';
import type { MelCache } from '../audio/mel-cache';
import type { AudioEmbedder } from '../embed/embedder';
import { walkLibrary } from '../library/walk';
import type { LibraryStore } from '../store/library-store';
import type { KnownFile } from '../store/types';
import { reembedFromCache, staleTracks } from '../train/reembed';
import type { AnalysisPool } from './analysis-pool';
import { etaSeconds, type JobProgressListener } from './job-progress';
import { ProgressReporter } from './progress';
import { analyseFile, cacheItem, toRecords, type Analysed } from './scan-items';
import { planScan } from './scan-plan';
import { StageClock, type StageMs } from './stage-clock';

/**
 * How often a scan commits. Each LanceDB commit leaves 0.1–0.2 MB in the process that is never
 * given back (measured here; upstream lance issues 7242 and 1983), so commits are few and large:
 * every 64 tracks, or every 10 s on a slow machine so that a kill loses little work.
 */
const DEFAULT_BATCH_SIZE = 64;
const MAX_BATCH_MS = 10_000;

/**
 * Commits between compactions (about 1,000 tracks). Every commit adds a fragment and a table
 * version; merging them keeps reads fast and the writer's memory from growing with their number.
 */
const COMPACT_EVERY_COMMITS = 16;

export type ScanOptions = Readonly<{
  folders: readonly string[];
  signal?: AbortSignal;
  /** Progress of the scan (job "scan") and of the re-embedding it starts with (job "re-embed"). */
  onProgress?: JobProgressListener;
  /** Tracks written to the store per commit (default 64); what is committed survives a kill. */
  batchSize?: number;
}>;

export type ScanSummary = Readonly<{
  /** Tracks in the library after the scan. */
  tracks: number;
  analysed: number;
  unchanged: number;
  removed: number;
  /** Tracks given a vector of the current model from their cached spectrogram, not decoded. */
  reembedded: number;
  failed: ScanFailure[];
  seconds: number;
  backend: BackendName;
  /** Milliseconds per stage, summed over files (decode and mel run on several threads at once). */
  stages: StageMs;
}>;

export type ScanDeps = Readonly<{
  store: LibraryStore;
  embedder: AudioEmbedder;
  pool: AnalysisPool;
  /** Where analysed tracks' log-mels go, and re-embedding reads them from. */
  cache: MelCache;
}>;

/**
 * Re-embeds, from the mel cache, every analysed track whose vector is not from the embedder's
 * model (the model changed since it was analysed), so that only tracks without a cached
 * spectrogram are decoded again. Returns the tracks re-embedded.
 */
async function reembedStale(
  deps: ScanDeps,
  known: ReadonlyMap<string, KnownFile>,
  options: ScanOptions,
): Promise<number> {
  const { store, embedder, cache } = deps;
  if (staleTracks(known, embedder.version).length === 0) return 0;
  const started = Date.now();
  const summary = await reembedFromCache(store, embedder, cache, {
    known,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) =>
      options.onProgress?.({
        job: 're-embed',
        done,
        total,
        etaSeconds: etaSeconds(done, total, started, Date.now()),
      }),
  });
  return summary.reembedded;
}

/**
 * Scans music folders into the library: walk, tags, decode + mel (worker threads), embed and
 * store in batches. Everything already committed stays when the scan is killed or cancelled,
 * and the next scan starts where this one stopped.
 */
export async function runScan(deps: ScanDeps, options: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  const clock = new StageClock();
  const { store, embedder, pool, cache } = deps;
  const signal = options.signal;
  const roots = options.folders.map((f) => resolve(f));
  const report = options.onProgress;

  const stored = await clock.time('store', () => store.knownFiles());
  const reembedded = await clock.time('reembed', () => reembedStale(deps, stored, options));
  const walk = await clock.time('walk', () =>
    walkLibrary(roots, {
      signal,
      onProgress: (found, dir) =>
        report?.({
          job: 'scan',
          phase: 'walk',
          done: found,
          total: 0,
          etaSeconds: null,
          current: dir,
        }),
    }),
  );
  const failed: ScanFailure[] = [...walk.problems];
  const known = reembedded > 0 ? await clock.time('store', () => store.knownFiles()) : stored;
  const plan = planScan(roots, walk.files, known, walk.incompleteDirs, embedder.version);
  if (plan.removedIds.length > 0)
    await clock.time('store', () => store.removeTracks(plan.removedIds));
  // Tracks are removed before their spectrograms, and a spectrogram is cached before its track
  // is stored: whatever a kill leaves behind in the cache goes here, with the removed tracks'.
  const removed = new Set(plan.removedIds);
  const keep = new Set([...known.values()].flatMap((k) => (removed.has(k.id) ? [] : [k.id])));
  await clock.time('cache', () => cache.prune(keep));

  const progress = new ProgressReporter(plan.todo.length, (p) => report?.({ job: 'scan', ...p }));
  progress.emit(null, true);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let batchStarted = performance.now();
  let batch: Analysed[] = [];
  let analysed = 0;
  let commits = 0;
  let writing = Promise.resolve();

  // One writer at a time, in order: embedding is synchronous and LanceDB commits are sequential.
  const flush = (): Promise<void> => {
    const items = batch;
    batch = [];
    batchStarted = performance.now();
    writing = writing.then(async () => {
      if (items.length === 0) return;
      const records = clock.timeSync('embed', () => toRecords(items, embedder));
      await clock.time('store', async () => {
        await store.writeTracks(records);
        if (++commits % COMPACT_EVERY_COMMITS === 0) await store.compact();
      });
      for (const r of records) {
        if (r.status === 'analysed') analysed++;
        else failed.push({ path: r.path, reason: r.error ?? 'analysis failed' });
      }
      progress.advance(records.length, null);
    });
    return writing;
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plan.todo.length && !signal?.aborted) {
      const file = plan.todo[next++];
      if (!file) break;
      progress.emit(file.path, false);
      const item = await analyseFile(file, pool, clock, signal);
      // A file cut short by a cancel is not a failure: the next scan analyses it.
      if (signal?.aborted && !item.result.ok) break;
      await clock.time('cache', () => cacheItem(cache, item));
      batch.push(item);
      if (batch.length >= batchSize || performance.now() - batchStarted > MAX_BATCH_MS) {
        await flush();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(pool.capacity, plan.todo.length) }, lane));
  } finally {
    // Whatever finished before a cancel is kept: it was paid for.
    await flush();
  }
  signal?.throwIfAborted();

  await clock.time('store', async () => {
    await store.setFolders([...new Set([...(await store.getFolders()), ...roots])]);
    await store.compact();
    await store.ensureVectorIndex();
  });
  const counts = await store.counts();
  report?.({
    job: 'scan',
    phase: 'done',
    done: plan.todo.length,
    total: plan.todo.length,
    etaSeconds: 0,
    current: null,
  });
  return {
    tracks: counts.total,
    analysed,
    unchanged: plan.unchanged,
    removed: plan.removedIds.length,
    reembedded,
    failed,
    seconds: (performance.now() - started) / 1000,
    backend: embedder.backend.name,
    stages: clock.totals(),
  };
}
