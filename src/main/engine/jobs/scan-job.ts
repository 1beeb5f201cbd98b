import { resolve } from 'node:path';
import type { BackendName, ScanFailure, ScanProgress } from '../../../shared/library';
import type { AudioEmbedder } from '../embed/embedder';
import { readTags, tagsFromFileName } from '../library/tags';
import { walkLibrary } from '../library/walk';
import type { LibraryStore } from '../store/library-store';
import { trackIdFor } from '../store/track-id';
import type { FileIdentity, TrackRecord, TrackTags } from '../store/types';
import type { AnalysisPool } from './analysis-pool';
import { ProgressReporter } from './progress';
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
  onProgress?: (progress: ScanProgress) => void;
  /** Tracks written to the store per commit (default 64); what is committed survives a kill. */
  batchSize?: number;
}>;

export type ScanSummary = Readonly<{
  /** Tracks in the library after the scan. */
  tracks: number;
  analysed: number;
  unchanged: number;
  removed: number;
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
}>;

/** A track waiting to be embedded and written. */
type Analysed = Readonly<{
  file: FileIdentity;
  tags: TrackTags;
  result:
    | Readonly<{
        ok: true;
        mel: Float32Array;
        frames: number;
        bands: number;
        thumbnail: TrackRecord['thumbnail'];
      }>
    | Readonly<{ ok: false; reason: string }>;
}>;

/**
 * Scans music folders into the library: walk, tags, decode + mel (worker threads), embed and
 * store in batches. Everything already committed stays when the scan is killed or cancelled,
 * and the next scan starts where this one stopped.
 */
export async function runScan(deps: ScanDeps, options: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  const clock = new StageClock();
  const { store, embedder, pool } = deps;
  const signal = options.signal;
  const roots = options.folders.map((f) => resolve(f));

  const walk = await clock.time('walk', () =>
    walkLibrary(roots, {
      signal,
      onProgress: (found, dir) =>
        options.onProgress?.({
          phase: 'walk',
          done: found,
          total: 0,
          etaSeconds: null,
          current: dir,
        }),
    }),
  );
  const failed: ScanFailure[] = [...walk.problems];
  const known = await clock.time('store', () => store.knownFiles());
  const plan = planScan(roots, walk.files, known, walk.incompleteDirs, embedder.version);
  if (plan.removedIds.length > 0)
    await clock.time('store', () => store.removeTracks(plan.removedIds));

  const progress = new ProgressReporter(plan.todo.length, options.onProgress);
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
  options.onProgress?.({
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
    failed,
    seconds: (performance.now() - started) / 1000,
    backend: embedder.backend.name,
    stages: clock.totals(),
  };
}

async function analyseFile(
  file: FileIdentity,
  pool: AnalysisPool,
  clock: StageClock,
  signal: AbortSignal | undefined,
): Promise<Analysed> {
  let tags: TrackTags;
  try {
    tags = await clock.time('tags', () => readTags(file.path));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // An empty file has nothing to decode; any other tag failure may still be playable audio
    // (a misnamed file, a damaged tag), so ffmpeg gets the last word.
    if (file.size === 0)
      return { file, tags: tagsFromFileName(file.path), result: { ok: false, reason } };
    tags = tagsFromFileName(file.path);
  }
  let reply;
  try {
    reply = await pool.analyse({ path: file.path, durationSec: tags.durationSec }, signal);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, tags, result: { ok: false, reason } };
  }
  clock.add('decode', reply.times.decodeMs);
  clock.add('mel', reply.times.melMs);
  if (reply.type === 'failed') return { file, tags, result: { ok: false, reason: reply.reason } };
  return {
    file,
    tags,
    result: {
      ok: true,
      mel: reply.mel,
      frames: reply.frames,
      bands: reply.bands,
      thumbnail: reply.thumbnail,
    },
  };
}

function toRecords(items: readonly Analysed[], embedder: AudioEmbedder): TrackRecord[] {
  const ok = items.filter((i) => i.result.ok);
  const vectors = embedder.embed(
    ok.map((i) => {
      const r = i.result as Extract<Analysed['result'], { ok: true }>;
      return { frames: r.frames, bands: r.bands, data: r.mel };
    }),
  );
  const vectorOf = new Map(ok.map((item, k) => [item, vectors[k] ?? null]));
  const now = Date.now();
  return items.map((item): TrackRecord => {
    const vector = vectorOf.get(item) ?? null;
    const good = item.result.ok && vector !== null;
    return {
      id: trackIdFor(item.file.path),
      ...item.file,
      ...item.tags,
      status: good ? 'analysed' : 'failed',
      error: item.result.ok ? null : item.result.reason,
      modelVersion: good ? embedder.version : null,
      vector: good ? vector : null,
      thumbnail: item.result.ok ? item.result.thumbnail : null,
      analysedAt: now,
    };
  });
}
