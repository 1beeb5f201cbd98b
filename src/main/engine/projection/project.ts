/**
 * A 2D map of audio embeddings: UMAP (McInnes, Healy & Melville 2018) over every track. The
 * neighbour graph comes from an inverted-file search in matrix products (neighbour-search.ts,
 * neighbour-graph.ts) and the layout from stochastic gradient descent over typed arrays
 * (umap-layout.ts). A library larger than {@link FIT_SAMPLE} tracks first lays out a seeded
 * random sample of that size, spreads the rest from it along the graph (place.ts), and then
 * refines every position with fewer epochs, so that the whole costs about linear time while the
 * neighbourhoods of every track, not only the sample's, shape the map. Deterministic: the
 * sample and the layout's random numbers depend only on the input.
 */
import { initBackend } from '../embed/backend';
import { mulberry32 } from '../embed/init';
import { fuzzyGraph, packRows } from './neighbour-graph';
import { nearestNeighbours, type Neighbours } from './neighbour-search';
import { placeAmong, spreadAlongNeighbours } from './place';
import { layoutGraph } from './umap-layout';

/** Tracks laid out first, when a library has more; the rest start beside their neighbours. */
export const FIT_SAMPLE = 2000;
/** UMAP's n_neighbors (the point itself counted, as umap-learn does) and epochs. */
const UMAP_NEIGHBOURS = 15;
const UMAP_EPOCHS = 200;
/**
 * Epochs of the refinement that follows the sample's layout: 60 up to 20,000 tracks, fewer past
 * that (30 at 100,000), where each epoch costs more and the start is closer (at 100,000 tracks
 * 30 epochs kept 0.905 of the artist purity's 0.911 at 60, for 17 % less time); its first step.
 */
function refineEpochs(n: number): number {
  return Math.round(Math.min(60, Math.max(30, 60 * Math.sqrt(20_000 / n))));
}
const REFINE_RATE = 0.5;
const SEED = 0x5eed;
/** Work between two yields, so other calls to the engine are answered while a map is made. */
const EPOCHS_PER_YIELD = 5;

/** What the projection is and how it was made; part of the cache key. */
export const PROJECTION_ALGORITHM = `umap3-n${UMAP_NEIGHBOURS}-e${UMAP_EPOCHS}-b1-s${FIT_SAMPLE}r-r60to30`;

/** Options for {@link projectVectors}. */
export type ProjectOptions = Readonly<{
  /** Called with the share done, 0 … 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Tracks laid out first; default {@link FIT_SAMPLE} (tests lower it to reach the refinement). */
  fitSample?: number;
}>;

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Where a refinement starts: the sampled points' layout. */
type Start = Readonly<{ sample: readonly number[]; fitted: Float32Array }>;

/**
 * The points of `start` at their fitted positions, every other one beside its neighbours, and any
 * that no path of neighbours reaches among its most similar sampled points.
 */
async function startingPositions(
  vectors: readonly Float32Array[],
  neighbours: Neighbours,
  start: Start,
): Promise<Float32Array> {
  const xy = new Float32Array(2 * vectors.length);
  const placed = new Uint8Array(vectors.length);
  start.sample.forEach((i, s) => {
    xy[2 * i] = start.fitted[2 * s] ?? 0;
    xy[2 * i + 1] = start.fitted[2 * s + 1] ?? 0;
    placed[i] = 1;
  });
  spreadAlongNeighbours(neighbours, xy, placed);
  const stranded = [...placed.keys()].filter((i) => placed[i] === 0);
  if (stranded.length > 0) {
    const anchors = {
      rows: packRows(start.sample.map((i) => vectors[i] as Float32Array)),
      xy: start.fitted,
    };
    const found = await placeAmong(
      anchors,
      packRows(stranded.map((i) => vectors[i] as Float32Array)),
    );
    stranded.forEach((i, s) => {
      xy[2 * i] = found[2 * s] ?? 0;
      xy[2 * i + 1] = found[2 * s + 1] ?? 0;
    });
  }
  return xy;
}

/** The UMAP layout of `vectors` (raw coordinates), reporting progress between `from` and `to`. */
async function umap(
  vectors: readonly Float32Array[],
  options: ProjectOptions & Readonly<{ start?: Start; from: number; to: number }>,
): Promise<Float32Array> {
  const { from, to, start } = options;
  const rows = packRows(vectors);
  const k = Math.min(UMAP_NEIGHBOURS - 1, vectors.length - 1);
  const neighbours = await nearestNeighbours(rows, k, { seed: SEED, signal: options.signal });
  options.onProgress?.(from + 0.3 * (to - from));
  const initial =
    start === undefined ? undefined : await startingPositions(vectors, neighbours, start);
  return layoutGraph(rows, fuzzyGraph(neighbours), {
    epochs: start === undefined ? UMAP_EPOCHS : refineEpochs(vectors.length),
    learningRate: start === undefined ? 1 : REFINE_RATE,
    seed: SEED,
    initial,
    onEpoch: async (epoch, epochs) => {
      if (epoch % EPOCHS_PER_YIELD !== 0) return;
      options.signal?.throwIfAborted();
      options.onProgress?.(from + (0.3 + (0.7 * epoch) / epochs) * (to - from));
      await pause();
    },
  });
}

/**
 * Positions for unit vectors in the unit square, `[x0, y0, x1, y1, …]`, scaled by one factor on
 * both axes (distances keep their meaning) and centred.
 */
export async function projectVectors(
  vectors: readonly Float32Array[],
  options: ProjectOptions = {},
): Promise<Float32Array> {
  const n = vectors.length;
  let raw: Float32Array = new Float32Array(2 * n);
  if (n === 0) return raw;
  if (n < 3) {
    // Too few points for a neighbourhood graph: spread them on a line.
    for (let i = 0; i < n; i++) raw[2 * i] = i;
    return fitToUnitSquare(raw);
  }
  await initBackend();
  const sample = sampleIndices(n, Math.max(3, options.fitSample ?? FIT_SAMPLE));
  if (sample.length === n) {
    raw = await umap(vectors, { ...options, from: 0, to: 1 });
  } else {
    const fitted = await umap(
      sample.map((i) => vectors[i] as Float32Array),
      { ...options, from: 0, to: 0.3 },
    );
    raw = await umap(vectors, { ...options, start: { sample, fitted }, from: 0.3, to: 1 });
  }
  options.onProgress?.(1);
  return fitToUnitSquare(raw);
}

/**
 * `count` of the indices `0 … n − 1` (all of them when n ≤ count), drawn at random with a fixed
 * seed and sorted. Random rather than evenly spaced: an evenly spaced sample of a list with any
 * periodic order (an album's tracks, a folder's) could miss whole groups.
 */
export function sampleIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(SEED);
  const pool = Array.from({ length: n }, (_, i) => i);
  // A partial Fisher–Yates shuffle: the first `count` places end up a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}

/** Scales and centres positions into [0, 1]² with one factor for both axes. */
export function fitToUnitSquare(raw: Float32Array): Float32Array {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < raw.length; i += 2) {
    const x = raw[i] ?? 0;
    const y = raw[i + 1] ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, maxY - minY);
  const scale = span > 0 ? 1 / span : 0;
  const offsetX = (1 - (maxX - minX) * scale) / 2;
  const offsetY = (1 - (maxY - minY) * scale) / 2;
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i += 2) {
    out[i] = span > 0 ? offsetX + ((raw[i] ?? 0) - minX) * scale : 0.5;
    out[i + 1] = span > 0 ? offsetY + ((raw[i + 1] ?? 0) - minY) * scale : 0.5;
  }
  return out;
}
