/**
 * UMAP's layout (umap-learn's optimize_layout_euclidean): points start where the sample's first
 * two principal components put them and move by stochastic gradient descent, each edge of the
 * neighbour graph pulling its ends together as often as its weight says, with negative samples
 * pushing random pairs apart. Written over typed arrays (positions, edges, schedules) rather than
 * through umap-js, whose arrays of arrays and per-update closures cost ten times as much here
 * (2,000 tracks: 2.7 s of epochs and 0.8 s of set-up, of a 2 s budget for the whole map).
 */
import { mulberry32 } from '../embed/init';
import type { NeighbourGraph, PackedRows } from './neighbour-graph';

/**
 * UMAP's low-dimensional similarity 1 / (1 + a d^2b), fitted to min-dist 0.1 and spread 1 (its
 * defaults, which the map has always used) with b held at 1: umap-learn's free fit gives
 * a = 1.577, b = 0.895, but a power in every update was half the layout's time, and b = 1 (a =
 * 1.558, the least-squares fit of the same curve) drew maps of the same neighbourhood purity
 * (docs/discover-map.md).
 */
const CURVE_A = 1.558;
const NEGATIVE_RATE = 5;
const REPULSION = 1;
const LEARNING_RATE = 1;
const GRADIENT_CLIP = 4;
/** Spread of the initial positions, as umap-learn scales its spectral start. */
const INITIAL_SPAN = 10;
const POWER_STEPS = 40;

/** Options for {@link layoutGraph}. */
export type LayoutOptions = Readonly<{
  epochs: number;
  seed: number;
  /** Where the points start, `[x0, y0, …]`; default: their first two principal components. */
  initial?: Float32Array;
  /** The first epoch's step (default 1), falling linearly to 0; less keeps more of `initial`. */
  learningRate?: number;
  /** Called between epochs; it may yield (the engine answers other calls meanwhile). */
  onEpoch?: (epoch: number, epochs: number) => Promise<void> | void;
}>;

/** The top two principal directions of the rows, by power iteration with deflation. */
function principalAxes(rows: PackedRows, random: () => number): [Float64Array, Float64Array] {
  const { data, rows: n, dim } = rows;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) mean[d] = (mean[d] as number) + (data[i * dim + d] as number);
  }
  for (let d = 0; d < dim; d++) mean[d] = (mean[d] as number) / Math.max(1, n);
  const axes: Float64Array[] = [];
  for (let axis = 0; axis < 2; axis++) {
    let v = Float64Array.from({ length: dim }, () => random() - 0.5);
    for (let step = 0; step < POWER_STEPS; step++) {
      const next = new Float64Array(dim);
      for (let i = 0; i < n; i++) {
        let projection = 0;
        for (let d = 0; d < dim; d++) {
          projection += ((data[i * dim + d] as number) - (mean[d] as number)) * (v[d] as number);
        }
        for (let d = 0; d < dim; d++) {
          const centred = (data[i * dim + d] as number) - (mean[d] as number);
          next[d] = (next[d] as number) + projection * centred;
        }
      }
      for (const previous of axes) {
        let along = 0;
        for (let d = 0; d < dim; d++) along += (next[d] as number) * (previous[d] as number);
        for (let d = 0; d < dim; d++)
          next[d] = (next[d] as number) - along * (previous[d] as number);
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      v = next.map((x) => x / norm);
    }
    axes.push(v);
  }
  return [axes[0] as Float64Array, axes[1] as Float64Array];
}

/** Positions from the first two principal components, scaled to ±{@link INITIAL_SPAN}. */
function initialPositions(rows: PackedRows, random: () => number): Float32Array {
  const { data, rows: n, dim } = rows;
  const [first, second] = principalAxes(rows, random);
  const out = new Float32Array(2 * n);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let d = 0; d < dim; d++) {
      x += (data[i * dim + d] as number) * (first[d] as number);
      y += (data[i * dim + d] as number) * (second[d] as number);
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
    largest = Math.max(largest, Math.abs(x), Math.abs(y));
  }
  const scale = largest > 0 ? INITIAL_SPAN / largest : 0;
  // A little noise keeps identical points (the same file twice) from sitting on one spot.
  for (let i = 0; i < out.length; i++) {
    out[i] = (out[i] as number) * scale + (random() - 0.5) * 1e-4 * INITIAL_SPAN;
  }
  return out;
}

/** 2D positions `[x0, y0, x1, y1, …]` for the graph's points (the rows, in order). */
export async function layoutGraph(
  rows: PackedRows,
  graph: NeighbourGraph,
  options: LayoutOptions,
): Promise<Float32Array> {
  const random = mulberry32(options.seed);
  const n = rows.rows;
  // Float32: the loop's cost is memory (a negative sample is a random point), and half the
  // bytes ran a third faster than doubles at 100,000 points.
  const y = Float32Array.from(options.initial ?? initialPositions(rows, random));
  const { heads, tails, weights } = graph;
  const { epochs } = options;
  let heaviest = 0;
  for (const w of weights) heaviest = Math.max(heaviest, w);
  // Each edge is sampled once every `period` epochs, heavier edges more often (umap-learn's
  // make_epochs_per_sample); edges too light to be sampled even once are left out.
  const kept: number[] = [];
  for (let e = 0; e < weights.length; e++) {
    if ((weights[e] as number) * epochs >= heaviest) kept.push(e);
  }
  const edges = kept.length;
  // Offsets of the ends' x in `y`, so the loop does no index arithmetic.
  const head = Int32Array.from(kept, (e) => 2 * (heads[e] as number));
  const tail = Int32Array.from(kept, (e) => 2 * (tails[e] as number));
  const period = Float64Array.from(kept, (e) => heaviest / (weights[e] as number));
  const negativePeriod = period.map((p) => p / NEGATIVE_RATE);
  const nextSample = Float64Array.from(period);
  const nextNegative = Float64Array.from(negativePeriod);
  const a = CURVE_A;
  const rate = options.learningRate ?? LEARNING_RATE;
  // xorshift32 inline: a function call per negative sample was a tenth of the loop's time.
  let state = Math.floor(random() * 0x7fffffff) | 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const alpha = rate * (1 - epoch / epochs);
    for (let m = 0; m < edges; m++) {
      if ((nextSample[m] as number) > epoch) continue;
      const i = head[m] as number;
      const j = tail[m] as number;
      let dx = (y[i] as number) - (y[j] as number);
      let dy = (y[i + 1] as number) - (y[j + 1] as number);
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const coefficient = (-2 * a) / (a * d2 + 1);
        let gx = coefficient * dx;
        let gy = coefficient * dy;
        gx =
          (gx > GRADIENT_CLIP ? GRADIENT_CLIP : gx < -GRADIENT_CLIP ? -GRADIENT_CLIP : gx) * alpha;
        gy =
          (gy > GRADIENT_CLIP ? GRADIENT_CLIP : gy < -GRADIENT_CLIP ? -GRADIENT_CLIP : gy) * alpha;
        y[i] = (y[i] as number) + gx;
        y[i + 1] = (y[i + 1] as number) + gy;
        y[j] = (y[j] as number) - gx;
        y[j + 1] = (y[j + 1] as number) - gy;
      }
      nextSample[m] = (nextSample[m] as number) + (period[m] as number);
      const negatives = Math.floor(
        (epoch - (nextNegative[m] as number)) / (negativePeriod[m] as number),
      );
      for (let s = 0; s < negatives; s++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const k = 2 * ((state >>> 0) % n);
        if (k === i) continue;
        dx = (y[i] as number) - (y[k] as number);
        dy = (y[i + 1] as number) - (y[k + 1] as number);
        d2 = dx * dx + dy * dy;
        // Two points on one spot have no direction to be pushed in.
        if (d2 === 0) continue;
        const coefficient = (2 * REPULSION) / ((0.001 + d2) * (a * d2 + 1));
        let gx = coefficient * dx;
        let gy = coefficient * dy;
        gx = gx > GRADIENT_CLIP ? GRADIENT_CLIP : gx < -GRADIENT_CLIP ? -GRADIENT_CLIP : gx;
        gy = gy > GRADIENT_CLIP ? GRADIENT_CLIP : gy < -GRADIENT_CLIP ? -GRADIENT_CLIP : gy;
        y[i] = (y[i] as number) + gx * alpha;
        y[i + 1] = (y[i + 1] as number) + gy * alpha;
      }
      nextNegative[m] = (nextNegative[m] as number) + negatives * (negativePeriod[m] as number);
    }
    await options.onEpoch?.(epoch, epochs);
  }
  return y;
}
