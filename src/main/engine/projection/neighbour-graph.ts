/**
 * UMAP's weighted neighbour graph (McInnes, Healy & Melville 2018, section 3): the fuzzy set of
 * each point's neighbourhood (distances above the nearest one, scaled so that a point's weights
 * sum to log2 of its neighbours) made symmetric by the probabilistic union w + wᵀ − w∘wᵀ. The
 * neighbours come from neighbour-search.ts; vectors are packed in one Float32Array.
 */
import type { Neighbours } from './neighbour-search';

/** Vectors of one dimension, row after row. */
export type PackedRows = Readonly<{ data: Float32Array; rows: number; dim: number }>;

/** The graph as directed edges (both directions of each pair), with their weights. */
export type NeighbourGraph = Readonly<{
  heads: Int32Array;
  tails: Int32Array;
  weights: Float32Array;
}>;

/** Copies vectors into one array, so that dot products run over contiguous memory. */
export function packRows(vectors: readonly Float32Array[]): PackedRows {
  const dim = vectors[0]?.length ?? 0;
  const data = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => data.set(v, i * dim));
  return { data, rows: vectors.length, dim };
}

/** The dot product of rows `i` of `a` and `j` of `b`. */
export function rowDot(a: PackedRows, i: number, b: PackedRows, j: number): number {
  const { dim } = a;
  const x = a.data;
  const y = b.data;
  let at = i * dim;
  let bt = j * dim;
  const end = at + dim;
  // Four sums: independent additions that the CPU can overlap.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (; at + 3 < end; at += 4, bt += 4) {
    s0 += (x[at] as number) * (y[bt] as number);
    s1 += (x[at + 1] as number) * (y[bt + 1] as number);
    s2 += (x[at + 2] as number) * (y[bt + 2] as number);
    s3 += (x[at + 3] as number) * (y[bt + 3] as number);
  }
  for (; at < end; at++, bt++) s0 += (x[at] as number) * (y[bt] as number);
  return s0 + s1 + s2 + s3;
}

/** Binary-search steps and tolerance for each point's scale, as umap-learn. */
const SCALE_STEPS = 64;
const SCALE_TOLERANCE = 1e-5;
/** A scale never below this share of the point's mean neighbour distance (umap-learn's guard). */
const MIN_SCALE = 1e-3;

/**
 * The fuzzy neighbourhood of each point made symmetric: UMAP's graph. Distances are Euclidean
 * between unit vectors, √(2 − 2 cos). umap-learn counts a point among its own neighbours, so
 * `k` others here are its `n_neighbors = k + 1`, and the weights sum to log2(k + 1).
 */
export function fuzzyGraph(neighbours: Neighbours): NeighbourGraph {
  const { k, indices, similarities } = neighbours;
  const n = indices.length / k;
  const target = Math.log2(k + 1);
  const weights = new Float32Array(n * k);
  const distances = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let m = 0; m < k; m++) {
      distances[m] = Math.sqrt(Math.max(0, 2 - 2 * (similarities[i * k + m] as number)));
      sum += distances[m] as number;
    }
    const rho = distances[0] as number;
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let step = 0; step < SCALE_STEPS; step++) {
      let total = 0;
      for (let m = 0; m < k; m++) {
        total += Math.exp(-Math.max(0, (distances[m] as number) - rho) / sigma);
      }
      if (Math.abs(total - target) < SCALE_TOLERANCE) break;
      if (total > target) hi = sigma;
      else lo = sigma;
      sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
    }
    sigma = Math.max(sigma, (MIN_SCALE * sum) / k);
    for (let m = 0; m < k; m++) {
      if ((indices[i * k + m] as number) < 0) continue;
      weights[i * k + m] = Math.exp(-Math.max(0, (distances[m] as number) - rho) / sigma);
    }
  }
  /** The weight of edge j → i, 0 when i is not among j's neighbours. */
  const back = (j: number, i: number): number => {
    for (let m = 0; m < k; m++) if (indices[j * k + m] === i) return weights[j * k + m] as number;
    return 0;
  };
  const heads: number[] = [];
  const tails: number[] = [];
  const union: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) {
      const j = indices[i * k + m] as number;
      if (j < 0) continue;
      const w = weights[i * k + m] as number;
      const wBack = back(j, i);
      // A pair listed from both sides is emitted once, from the smaller index.
      if (wBack > 0 && j < i) continue;
      const both = w + wBack - w * wBack;
      heads.push(i, j);
      tails.push(j, i);
      union.push(both, both);
    }
  }
  return {
    heads: Int32Array.from(heads),
    tails: Int32Array.from(tails),
    weights: Float32Array.from(union),
  };
}
