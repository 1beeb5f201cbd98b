/**
 * Each track's nearest tracks by cosine, for the map's neighbour graph and for placing tracks
 * added since a map was made: exact for a few thousand tracks, and for more an inverted-file
 * search (the tracks grouped by spherical k-means, each group's tracks compared with the members
 * of the groups nearest to it; 90 % of the true 14 nearest found, on vectors shaped like the
 * shipped model's). The similarities are
 * blocks of matrix products in TF.js, which on the wasm backend run ten to fifteen times faster
 * than dot products in JavaScript (about 10 billion multiply-adds a second on one core here):
 * 100,000 tracks cost about 14 billion, where comparing every pair would cost 640 billion.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../embed/init';
import type { PackedRows } from './neighbour-graph';

/** Each row's `k` most similar other rows, best first: `indices` and `similarities`, k per row. */
export type Neighbours = Readonly<{ k: number; indices: Int32Array; similarities: Float32Array }>;

/** Up to this many rows, every pair is compared. */
const EXACT_ROWS = 4000;
/** Groups searched per group: its own and the nearest others. */
const PROBES = 4;
/** Spherical k-means steps and sample size per group when grouping for the search. */
const GROUPING_STEPS = 6;
const SAMPLE_PER_GROUP = 16;
/** Largest similarity block held at once (queries × candidates), in values: 16 MB. */
const BLOCK_VALUES = 4 * 1024 * 1024;

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Options for {@link nearestNeighbours} and {@link nearestAmong}. */
export type SearchOptions = Readonly<{ seed?: number; signal?: AbortSignal }>;

function emptyNeighbours(n: number, k: number): Neighbours {
  return {
    k,
    indices: new Int32Array(n * k).fill(-1),
    similarities: new Float32Array(n * k).fill(-Infinity),
  };
}

/** The `k` nearest other rows of every row. */
export async function nearestNeighbours(
  rows: PackedRows,
  k: number,
  options: SearchOptions = {},
): Promise<Neighbours> {
  return search(rows, rows, k, true, options);
}

/** The `k` nearest rows of `base` to every row of `queries` (another set). */
export async function nearestAmong(
  base: PackedRows,
  queries: PackedRows,
  k: number,
  options: SearchOptions = {},
): Promise<Neighbours> {
  return search(base, queries, k, false, options);
}

/**
 * Each query's nearest base rows: every base row when the base is small, else those in the
 * groups nearest to the query's group. `self`: queries and base are the same rows, and a row
 * is not its own neighbour.
 */
async function search(
  base: PackedRows,
  queries: PackedRows,
  k: number,
  self: boolean,
  options: SearchOptions,
): Promise<Neighbours> {
  const result = emptyNeighbours(queries.rows, k);
  if (queries.rows === 0 || base.rows === 0 || k === 0) return result;
  const allQueries = Int32Array.from({ length: queries.rows }, (_, i) => i);
  if (base.rows <= EXACT_ROWS) {
    const allBase = Int32Array.from({ length: base.rows }, (_, i) => i);
    await searchBlock({ base, queries, self }, allQueries, allBase, result, options);
    return result;
  }
  const groups = Math.max(2, Math.round(Math.sqrt(PROBES * base.rows)));
  const { members, centroids } = await groupRows(base, groups, options);
  const nearby = await nearbyGroups(centroids, members, k + 1);
  const queryGroups = self ? members : await membersOf(queries, centroids, groups);
  for (let g = 0; g < groups; g++) {
    const asking = queryGroups[g] as Int32Array;
    if (asking.length === 0) continue;
    const candidates = concat((nearby[g] ?? []).map((h) => members[h] as Int32Array));
    await searchBlock({ base, queries, self }, asking, candidates, result, options);
  }
  return result;
}

function concat(lists: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return out;
}

/** The rows named by `which`, one after another (`transposed`: column after column). */
function gatherRows(rows: PackedRows, which: Int32Array, transposed: boolean): Float32Array {
  const { data, dim } = rows;
  const out = new Float32Array(which.length * dim);
  const count = which.length;
  // Copied in JavaScript: tf.gather on wasm cost 3 ms per 600 rows, a hundred times this.
  which.forEach((row, r) => {
    const from = row * dim;
    if (!transposed) out.set(data.subarray(from, from + dim), r * dim);
    else for (let d = 0; d < dim; d++) out[d * count + r] = data[from + d] as number;
  });
  return out;
}

/** The two sets a search compares, and whether they are one set. */
type Sets = Readonly<{ base: PackedRows; queries: PackedRows; self: boolean }>;

/**
 * Compares the rows `asking` of the queries with the rows `candidates` of the base, in blocks,
 * and keeps each query's best `k` (never itself when the sets are one).
 */
async function searchBlock(
  sets: Sets,
  asking: Int32Array,
  candidates: Int32Array,
  result: Neighbours,
  options: SearchOptions,
): Promise<void> {
  const { k } = result;
  const { dim } = sets.base;
  const keep = Math.min(k + (sets.self ? 1 : 0), candidates.length);
  // Transposed here: wasm's matMul with transposeB is nine times slower than without.
  const candidateColumns = tf.tensor2d(gatherRows(sets.base, candidates, true), [
    dim,
    candidates.length,
  ]);
  try {
    const chunk = Math.max(1, Math.floor(BLOCK_VALUES / candidates.length));
    for (let from = 0; from < asking.length; from += chunk) {
      options.signal?.throwIfAborted();
      const part = asking.subarray(from, from + chunk);
      const best = tf.tidy(() => {
        const queryRows = tf.tensor2d(gatherRows(sets.queries, part, false), [part.length, dim]);
        return tf.topk(tf.matMul(queryRows, candidateColumns), keep);
      });
      const [values, at] = await Promise.all([best.values.data(), best.indices.data()]);
      best.values.dispose();
      best.indices.dispose();
      part.forEach((query, r) => {
        let written = 0;
        for (let m = 0; m < keep && written < k; m++) {
          const other = candidates[at[r * keep + m] as number] as number;
          if (sets.self && other === query) continue;
          result.indices[query * k + written] = other;
          result.similarities[query * k + written] = values[r * keep + m] as number;
          written++;
        }
      });
      await pause();
    }
  } finally {
    candidateColumns.dispose();
  }
}

/** Unit-length rows. */
function normalise(rows: Float32Array, dim: number): Float32Array {
  for (let at = 0; at < rows.length; at += dim) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (rows[at + d] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    for (let d = 0; d < dim; d++) rows[at + d] = (rows[at + d] as number) / norm;
  }
  return rows;
}

/** The index of the most similar centroid for each of `rows`, in blocks. */
async function assign(rows: PackedRows, centroids: Float32Array): Promise<Int32Array> {
  const { dim } = rows;
  const n = rows.rows;
  const groups = centroids.length / dim;
  const out = new Int32Array(n);
  const chunk = Math.max(1, Math.floor(BLOCK_VALUES / groups));
  const centres = tf.tidy(() => tf.transpose(tf.tensor2d(centroids, [groups, dim])));
  try {
    for (let from = 0; from < n; from += chunk) {
      const size = Math.min(chunk, n - from);
      const best = tf.tidy(() => {
        const part = rows.data.subarray(from * dim, (from + size) * dim);
        return tf.argMax(tf.matMul(tf.tensor2d(part, [size, dim]), centres), 1);
      });
      out.set(await best.data(), from);
      best.dispose();
      await pause();
    }
  } finally {
    centres.dispose();
  }
  return out;
}

/** Each group's rows, from every row's group. */
function listsOf(owner: Int32Array, groups: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: groups }, () => []);
  owner.forEach((g, i) => lists[g]?.push(i));
  return lists.map((list) => Int32Array.from(list));
}

/** The rows of `rows` in each group, by their most similar centre. */
async function membersOf(
  rows: PackedRows,
  centroids: Float32Array,
  groups: number,
): Promise<Int32Array[]> {
  return listsOf(await assign(rows, centroids), groups);
}

/**
 * Spherical k-means of the rows into `groups`, fitted on a seeded sample, every row then given
 * to its most similar centre. Returns each group's rows and the centres.
 */
async function groupRows(
  rows: PackedRows,
  groups: number,
  options: SearchOptions,
): Promise<{ members: Int32Array[]; centroids: Float32Array }> {
  const { dim } = rows;
  const n = rows.rows;
  const random = mulberry32(options.seed ?? 1);
  const sampleSize = Math.min(n, groups * SAMPLE_PER_GROUP);
  // A partial Fisher–Yates shuffle: the first places end up a seeded uniform sample.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < sampleSize; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const sample = order.slice(0, sampleSize);
  const sampleRows: PackedRows = { data: gatherRows(rows, sample, false), rows: sampleSize, dim };
  const centroids = new Float32Array(groups * dim);
  for (let g = 0; g < groups; g++) {
    centroids.set(
      rows.data.subarray((sample[g] as number) * dim, ((sample[g] as number) + 1) * dim),
      g * dim,
    );
  }
  for (let step = 0; step < GROUPING_STEPS; step++) {
    options.signal?.throwIfAborted();
    const owner = await assign(sampleRows, centroids);
    const sums = new Float32Array(groups * dim);
    const counts = new Int32Array(groups);
    owner.forEach((g, s) => {
      const from = (sample[s] as number) * dim;
      for (let d = 0; d < dim; d++) {
        sums[g * dim + d] = (sums[g * dim + d] as number) + (rows.data[from + d] as number);
      }
      counts[g] = (counts[g] as number) + 1;
    });
    normalise(sums, dim);
    // A group that lost every member keeps its centre rather than vanishing.
    for (let g = 0; g < groups; g++) {
      if ((counts[g] as number) > 0) centroids.set(sums.subarray(g * dim, (g + 1) * dim), g * dim);
    }
  }
  return { members: await membersOf(rows, centroids, groups), centroids };
}

/**
 * For each group, itself and its {@link PROBES} − 1 nearest groups by centre, and more while
 * they hold fewer than `least` rows between them (small groups in a small library).
 */
async function nearbyGroups(
  centroids: Float32Array,
  members: readonly Int32Array[],
  least: number,
): Promise<number[][]> {
  const groups = members.length;
  const dim = centroids.length / groups;
  const ranked = tf.tidy(() => {
    const centres = tf.tensor2d(centroids, [groups, dim]);
    return tf.topk(tf.matMul(centres, tf.transpose(centres)), groups);
  });
  const order = await ranked.indices.data();
  ranked.values.dispose();
  ranked.indices.dispose();
  return members.map((_, g) => {
    const chosen: number[] = [g];
    let rows = members[g]?.length ?? 0;
    for (let m = 0; m < groups && (chosen.length < PROBES || rows < least); m++) {
      const h = order[g * groups + m] as number;
      if (h === g) continue;
      chosen.push(h);
      rows += members[h]?.length ?? 0;
    }
    return chosen;
  });
}
