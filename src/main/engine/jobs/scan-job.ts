import { resolve } from 'node:path';
import type { BackendName, ScanFailure } from '../../../shared/library';
import type { MelCache } from '../audio/mel-cache';
import type { AudioEmbedder } from '../embed/embedder';
import { pruneArtwork } from '../library/artwork-cache';
import { walkLibrary } from '../library/walk';
import type { LibraryStore } from '../store/library-store';
import type { KnownFile, TrackRecord } from '../store/types';
import { reembedFromCache, staleTracks } from '../train/reembed';
import type { AnalysisPool } from './analysis-pool';
import { etaSeconds, type JobProgressListener } from './job-progress';
import { ProgressReporter } from './progress';
import {
  analyseFile,
  toRecords,
  uncacheFailed,
  type AnalysisExtras,
  type Analysed,
} from './scan-items';
import { planScan, rootOf } from './scan-plan';
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

/**
 * Tracks embedded at a time. Embedding is synchronous on the engine's thread; in small chunks the
 * workers' replies are answered with new files between two chunks instead of waiting for a whole
 * batch, so the workers never sit idle while the engine embeds.
 */
const EMBED_CHUNK = 8;

export type ScanOptions = Readonly<{
  folders: readonly string[];
  signal?: AbortSignal;
  /** Progress of the scan (job "scan") and of the re-embedding it starts with (job "re-embed"). */
  onProgress?: JobProgressListener;
  /** Tracks written to the store per commit (default 64); what is committed survives a kill. */
  batchSize?: number;
  /** Artwork and loudness (default: both); off only to measure what they cost. */
  extras?: Partial<AnalysisExtras>;
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
  const extras: AnalysisExtras = { artwork: true, loudness: true, ...options.extras };
  let batchStarted = performance.now();
  let toEmbed: Analysed[] = [];
  let records: TrackRecord[] = [];
  let uncommitted = 0;
  let queuedCommits = 0;
  let analysed = 0;
  let commits = 0;
  // Embedding and commits run one after another, in order, off the lanes: a lane goes back to
  // its worker at once unless too much waits to be written.
  let writing = Promise.resolve();
  const then = (step: () => Promise<void> | void): Promise<void> => {
    writing = writing.then(step);
    return writing;
  };
  const embed = (): Promise<void> => {
    const items = toEmbed;
    toEmbed = [];
    return then(async () => {
      if (items.length === 0) return;
      records.push(...clock.timeSync('embed', () => toRecords(items, embedder)));
      progress.advance(items.length, null);
      // Let the workers' replies in before the next chunk.
      await new Promise((resolve) => setImmediate(resolve));
    });
  };
  const commit = (): Promise<void> => {
    void embed();
    uncommitted = 0;
    queuedCommits++;
    batchStarted = performance.now();
    return then(async () => {
      queuedCommits--;
      const batch = records;
      records = [];
      if (batch.length === 0) return;
      await clock.time('store', async () => {
        await store.writeTracks(batch);
        if (++commits % COMPACT_EVERY_COMMITS === 0) await store.compact();
      });
      for (const r of batch) {
        if (r.status === 'analysed') analysed++;
        else failed.push({ path: r.path, reason: r.error ?? 'analysis failed' });
      }
    });
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plan.todo.length && !signal?.aborted) {
      const file = plan.todo[next++];
      if (!file) break;
      progress.emit(file.path, false);
      const job = { file, root: rootOf(file.path, roots), dataDir: store.dataDir, extras };
      const item = await analyseFile(job, pool, clock, signal);
      // A file cut short by a cancel is not a failure: the next scan analyses it.
      if (signal?.aborted && !item.result.ok) break;
      await clock.time('cache', () => uncacheFailed(cache, item));
      toEmbed.push(item);
      uncommitted++;
      if (uncommitted >= batchSize || performance.now() - batchStarted > MAX_BATCH_MS) {
        const written = commit();
        // One batch waiting behind the one being written at most: a slow disk holds lanes back.
        if (queuedCommits > 1) await written;
      } else if (toEmbed.length >= EMBED_CHUNK) {
        void embed();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(pool.capacity, plan.todo.length) }, lane));
  } finally {
    // Whatever finished before a cancel is kept: it was paid for.
    await commit();
    // The last count may have fallen inside the reporter's interval: a listener must see it.
    progress.emit(null, true);
  }
  signal?.throwIfAborted();

  await clock.time('store', async () => {
    await store.setFolders([...new Set([...(await store.getFolders()), ...roots])]);
    await store.compact();
    await store.ensureVectorIndex();
  });
  // Thumbnails no track names any more: their tracks went, or their pictures changed.
  await clock.time('artwork', async () => pruneArtwork(store.dataDir, await store.artworkKeys()));
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
