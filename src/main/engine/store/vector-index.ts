import { Index, type Table, type VectorQuery } from '@lancedb/lancedb';
import { VECTOR_COLUMN } from './schema';

/**
 * Below this many vectors the store searches exactly. LanceDB's maintainers put the break-even
 * of flat search against an index at about 10k rows; exact search over 100k 128-d vectors
 * measured 45-80 ms here, so the index is a latency win, not a necessity, at library sizes.
 */
export const DEFAULT_ANN_THRESHOLD = 10_000;

/** How similarity queries are answered. */
export type SearchMode = 'exact' | 'ann';

/**
 * Delta segments (one per optimize that found new rows) each get searched; past this many, a
 * full rebuild is cheaper at query time than carrying them.
 */
const MAX_INDEX_SEGMENTS = 8;

/**
 * Candidates the HNSW graph walk keeps. Measured on 100k random unit vectors (the hardest
 * case: no cluster structure) with refine 2: ef 50 recall@10 0.83, ef 100 0.86, ef 200
 * 0.89-0.93, all within a few ms of each other; on 1k vectors ef 50 and up reached 1.0.
 */
const HNSW_EF = 200;

/**
 * Re-rank `limit * REFINE_FACTOR` index candidates by their true vectors. Needed for more than
 * recall: the index reports quantised distances on another scale (measured as 2x the cosine
 * distance), while rows not yet indexed are searched flat with exact distances, so without a
 * refine the two sets would be merged out of order and scores would be wrong.
 */
const REFINE_FACTOR = 2;

/**
 * The ANN index: IVF_HNSW_SQ, cosine, one partition.
 *
 * Why not IVF_PQ: PQ trains 2^numBits (256) centroids per sub-vector, so it cannot be built on
 * fewer than 256 rows ("Not enough rows to train PQ"), and IVF k-means needs at least
 * numPartitions rows. For dim 128 the PQ choices are numSubVectors 8 (the default, dim/16) or
 * 16 (8 dims each, better recall) and numPartitions about sqrt(rows) (LanceDB's default), 1-4k
 * rows a partition being their recommendation. Measured on random 128-d unit vectors, PQ with
 * 16 sub-vectors reached recall@10 0.52 at 1k rows (0.92 with refine 5) and 0.30-0.37 at 100k,
 * against HNSW_SQ's 0.99 and 0.86-0.93. HNSW_SQ has no row minimum (it built on 2 rows), so
 * any threshold works, tests use a small one.
 *
 * Why one partition: HNSW needs no IVF partitioning for search speed; partitions only bound the
 * memory of training one graph, and 100k x 128 float32 is about 51 MB. Building it took 60-140 s
 * for 100k rows on two cores, so it is built once and extended incrementally afterwards.
 */
function indexConfig(): Index {
  return Index.hnswSq({ distanceType: 'cosine', numPartitions: 1 });
}

/** Whether the embeddings table currently has a vector index. */
export async function searchModeOf(table: Table): Promise<SearchMode> {
  const indices = await table.listIndices();
  return indices.some((index) => index.columns.includes(VECTOR_COLUMN)) ? 'ann' : 'exact';
}

/**
 * Builds the index once the table holds `threshold` rows; afterwards folds new rows into it
 * (table.optimize indexes unindexed rows as a delta segment), and rebuilds from scratch when the
 * table has doubled since or the deltas pile up. Below the threshold nothing is built.
 */
export async function ensureAnnIndex(table: Table, threshold: number): Promise<SearchMode> {
  const index = (await table.listIndices()).find((i) => i.columns.includes(VECTOR_COLUMN));
  const stats = index ? await table.indexStats(index.name) : undefined;
  if (!stats) {
    if ((await table.countRows()) < threshold) return 'exact';
    await table.createIndex(VECTOR_COLUMN, { config: indexConfig(), replace: true });
    return 'ann';
  }
  const unindexed = stats.numUnindexedRows;
  if (unindexed === 0) return 'ann';
  if (unindexed >= stats.numIndexedRows || (stats.numIndices ?? 1) >= MAX_INDEX_SEGMENTS) {
    await table.createIndex(VECTOR_COLUMN, { config: indexConfig(), replace: true });
  } else {
    await table.optimize();
  }
  return 'ann';
}

/** Applies the ANN search settings; exact queries are left as they are. */
export function tuneQuery(query: VectorQuery, mode: SearchMode, limit: number): VectorQuery {
  if (mode === 'exact') return query;
  return query.ef(Math.max(HNSW_EF, 2 * limit)).refineFactor(REFINE_FACTOR);
}
