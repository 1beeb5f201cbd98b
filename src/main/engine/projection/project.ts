/**
 * A 2D map of audio embeddings: UMAP (umap-js) fitted on a seeded random sample of at most
 * {@link FIT_SAMPLE} tracks, every other track placed at the similarity-weighted mean of its
 * nearest sampled tracks. umap-js costs about 2 ms per point on this machine (neighbour descent
 * plus 200 epochs), so fitting 100,000 tracks would take minutes and gigabytes; placing the rest
 * by their neighbours (place.ts) costs a few hundred dot products a track instead. Deterministic: the sample
 * and UMAP's random numbers depend only on the input.
 */
import { UMAP } from 'umap-js';
import { mulberry32 } from '../embed/init';
import { PLACE_GROUPS, PLACE_NEIGHBOURS, placeRest } from './place';

/** Tracks UMAP is fitted on; the rest are placed by their nearest sampled neighbours. */
export const FIT_SAMPLE = 2000;
/** UMAP's neighbourhood size and epochs: umap-learn's defaults, fewer epochs past ~1,000 points. */
const UMAP_NEIGHBOURS = 15;
const UMAP_EPOCHS = 200;
const SEED = 0x5eed;
/** Work between two yields, so other calls to the engine are answered while a map is made. */
const EPOCHS_PER_YIELD = 10;

/** What the projection is and how it was made; part of the cache key. */
export const PROJECTION_ALGORITHM = `umap-js1.4-n${UMAP_NEIGHBOURS}-e${UMAP_EPOCHS}-s${FIT_SAMPLE}r-k${PLACE_NEIGHBOURS}g${PLACE_GROUPS}`;

/** Options for {@link projectVectors}. */
export type ProjectOptions = Readonly<{
  /** Called with the share done, 0 … 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Tracks UMAP is fitted on; default {@link FIT_SAMPLE} (tests lower it to reach placement). */
  fitSample?: number;
}>;

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Positions for unit vectors in the unit square, `[x0, y0, x1, y1, …]`, scaled by one factor on
 * both axes (distances keep their meaning) and centred.
 */
export async function projectVectors(
  vectors: readonly Float32Array[],
  options: ProjectOptions = {},
): Promise<Float32Array> {
  const n = vectors.length;
  const raw = new Float32Array(2 * n);
  if (n === 0) return raw;
  if (n < 3) {
    // Too few points for a neighbourhood graph: spread them on a line.
    for (let i = 0; i < n; i++) raw[2 * i] = i;
  } else {
    const sample = sampleIndices(n, Math.max(3, options.fitSample ?? FIT_SAMPLE));
    const fitted = await fitUmap(
      sample.map((i) => vectors[i] as Float32Array),
      options,
    );
    for (const [s, i] of sample.entries()) {
      raw[2 * i] = fitted[2 * s] ?? 0;
      raw[2 * i + 1] = fitted[2 * s + 1] ?? 0;
    }
    if (sample.length < n) {
      await placeRest(vectors, sample, raw, {
        signal: options.signal,
        onProgress: (f) => options.onProgress?.(0.8 + 0.2 * f),
      });
    }
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

async function fitUmap(
  points: readonly Float32Array[],
  options: ProjectOptions,
): Promise<Float32Array> {
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(UMAP_NEIGHBOURS, points.length - 1),
    nEpochs: UMAP_EPOCHS,
    minDist: 0.1,
    random: mulberry32(SEED),
  });
  const epochs = umap.initializeFit(points.map((p) => Array.from(p)));
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    if (epoch % EPOCHS_PER_YIELD === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.((0.8 * epoch) / epochs);
      await pause();
    }
  }
  const embedding = umap.getEmbedding();
  const out = new Float32Array(2 * points.length);
  for (const [i, [x, y]] of embedding.entries()) {
    out[2 * i] = x ?? 0;
    out[2 * i + 1] = y ?? 0;
  }
  return out;
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
