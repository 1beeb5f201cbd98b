/**
 * The cold-start bridge (van den Oord, Dieleman & Schrauwen, NeurIPS 2013): a map from a
 * track's audio embedding to its NeuMF item vectors (the GMF and MLP halves), learnt on the
 * tracks the profile has heard and applied to the ones it has not, so an unheard track gets a
 * collaborative estimate. It is trained with NeuMF (cf-job.ts) and saved beside it
 * (`bridge.json`, `bridge.bin`).
 *
 * - **The map** is a ridge regression (linear, with a bias; TF.js for the products, closed
 *   form): a person has heard a few hundred to a few thousand tracks, too few for a deeper map
 *   to beat a linear one without overfitting.
 * - **Its item-item side**: an unheard track's neighbourhood is the {@link NEIGHBOURS} tracks,
 *   among the {@link ANCHORS} best-known heard ones, whose learnt vectors are nearest (cosine) to
 *   its predicted ones; its co-play score is their scores' weighted mean (hybrid-taste.ts).
 * - **Confidence**: the map is first fitted on 80 % of the heard tracks; on the other 20 % the
 *   predicted vectors' logits are correlated with the learnt ones' for the profile's user and
 *   up to 20 sessions; the mean correlation (0 when negative) is the confidence, which the
 *   hybrid gives the unheard tracks as their evidence. Then the map is fitted on all of them.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { mulberry32 } from '../embed/init';
import { invertSpd } from './dense-inverse';
import type { NeumfParams } from './neumf';
import { hasGmf, hasMlp } from './neumf-config';
import { VectorScorer } from './vector-scorer';

/** Heard tracks with an embedding needed before a bridge is fitted. */
export const MIN_HEARD = 20;
/** Heard tracks a cold track's neighbourhood is drawn from (the ones with most evidence). */
export const ANCHORS = 256;
/** Neighbours per cold track. */
export const NEIGHBOURS = 8;
const HELD_OUT = 0.2;
/** λ per heard track: the ridge's pull of the weights to zero. */
const RIDGE = 0.05;
const JSON_FILE = 'bridge.json';
const BIN_FILE = 'bridge.bin';

/** Predicted item vectors and neighbourhoods of the unheard tracks. */
export type Bridge = Readonly<{
  /** The unheard tracks, in row order. */
  ids: readonly string[];
  /** `ids.length × factors` and `ids.length × mlpEmbedding`. */
  gmf: Float32Array;
  mlp: Float32Array;
  /** `ids.length × NEIGHBOURS`: NeuMF item indices and their weights (≥ 0). */
  neighbours: Int32Array;
  weights: Float32Array;
  /** 0 … 1: how well the map predicted held-out heard tracks. */
  confidence: number;
  /** Heard tracks the map learnt from. */
  heard: number;
}>;

/** What {@link fitBridge} needs. */
export type BridgeInput = Readonly<{
  params: NeumfParams;
  /** NeuMF's item ids in row order. */
  itemIds: readonly string[];
  /** Index of the profile's user in the model. */
  profileUser: number;
  /** Training events per track (the anchors are the best-known). */
  evidence: ReadonlyMap<string, number>;
  /** The library's audio embeddings by track id (one model's, all of one length). */
  audio: ReadonlyMap<string, Float32Array>;
  seed?: number;
}>;

/** The vectors of `rows` of a table with rows of `dim`. */
function gather(table: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => out.set(table.subarray(r * dim, (r + 1) * dim), k * dim));
  return out;
}

/**
 * A linear map `x·W + b` fitted by ridge regression in closed form: W = (XcᵀXc + λ·n·I)⁻¹ XcᵀYc
 * on the centred data, b = ȳ − x̄·W. TF.js computes the products; the d × d inverse is a
 * Cholesky one (dense-inverse.ts; TF.js has none).
 */
function ridge(x: Float32Array, y: Float32Array, n: number, d: number, m: number) {
  const { weight, bias } = tf.tidy(() => {
    const xs = tf.tensor2d(x, [n, d]);
    const ys = tf.tensor2d(y, [n, m]);
    const xMean = tf.mean(xs, 0, true);
    const yMean = tf.mean(ys, 0, true);
    const xc = tf.sub(xs, xMean);
    const gram = Float64Array.from(tf.matMul(xc, xc, true, false).dataSync());
    for (let k = 0; k < d; k++) gram[k * d + k] = (gram[k * d + k] ?? 0) + RIDGE * n;
    invertSpd(gram, d);
    const w = tf.matMul(
      tf.tensor2d(Float32Array.from(gram), [d, d]),
      tf.matMul(xc, tf.sub(ys, yMean), true, false),
    );
    return {
      weight: w.dataSync() as Float32Array,
      bias: tf.sub(yMean, tf.matMul(xMean, w)).dataSync() as Float32Array,
    };
  });
  return (input: Float32Array, count: number): Float32Array =>
    tf
      .tidy(() =>
        tf.add(
          tf.matMul(tf.tensor2d(input, [count, d]), tf.tensor2d(weight, [d, m])),
          tf.tensor2d(bias, [1, m]),
        ),
      )
      .dataSync() as Float32Array;
}

function correlation(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < n; k++) {
    ma += a[k] ?? 0;
    mb += b[k] ?? 0;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    const da = (a[k] ?? 0) - ma;
    const db = (b[k] ?? 0) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Splits concatenated `[gmf | mlp]` rows into their halves. */
function halves(y: Float32Array, count: number, f: number, e: number) {
  const gmf = new Float32Array(count * f);
  const mlp = new Float32Array(count * e);
  for (let r = 0; r < count; r++) {
    gmf.set(y.subarray(r * (f + e), r * (f + e) + f), r * f);
    mlp.set(y.subarray(r * (f + e) + f, (r + 1) * (f + e)), r * e);
  }
  return { gmf, mlp };
}

/**
 * Fits the bridge and predicts every unheard track of `audio`; null when fewer than
 * {@link MIN_HEARD} heard tracks have an embedding, or no track is unheard.
 */
export function fitBridge(input: BridgeInput): Bridge | null {
  const { params, itemIds, audio } = input;
  const f = hasGmf(params.config) ? params.config.factors : 0;
  const e = hasMlp(params.config) ? params.config.mlpEmbedding : 0;
  const m = f + e;
  const known = new Map(itemIds.map((id, i) => [id, i]));
  const heard = itemIds.flatMap((id, i) => (audio.has(id) ? [i] : []));
  const cold = [...audio.keys()].filter((id) => !known.has(id)).sort();
  const d = audio.values().next().value?.length ?? 0;
  if (heard.length < MIN_HEARD || cold.length === 0 || d === 0) return null;
  const xOf = (ids: readonly string[]) => {
    const out = new Float32Array(ids.length * d);
    ids.forEach((id, k) => out.set(audio.get(id) ?? new Float32Array(d), k * d));
    return out;
  };
  const yOf = (rows: readonly number[]) => {
    const g = gather(params.gmfItem, f, rows);
    const h = gather(params.mlpItem, e, rows);
    const out = new Float32Array(rows.length * m);
    rows.forEach((_, k) => {
      out.set(g.subarray(k * f, (k + 1) * f), k * m);
      out.set(h.subarray(k * e, (k + 1) * e), k * m + f);
    });
    return out;
  };
  const idsOf = (rows: readonly number[]) => rows.map((i) => itemIds[i] ?? '');

  // Confidence from held-out heard tracks.
  const rand = mulberry32(input.seed ?? 0);
  const shuffled = [...heard];
  for (let k = shuffled.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [shuffled[k], shuffled[j]] = [shuffled[j] ?? 0, shuffled[k] ?? 0];
  }
  const cut = Math.max(1, Math.round(shuffled.length * HELD_OUT));
  const test = shuffled.slice(0, cut);
  const train = shuffled.slice(cut);
  const partial = ridge(xOf(idsOf(train)), yOf(train), train.length, d, m);
  const predicted = halves(partial(xOf(idsOf(test)), test.length), test.length, f, e);
  const actual = halves(yOf(test), test.length, f, e);
  const scorerOf = (rows: { gmf: Float32Array; mlp: Float32Array }) =>
    new VectorScorer({ ...params, nItems: test.length, gmfItem: rows.gmf, mlpItem: rows.mlp });
  const predictedScorer = scorerOf(predicted);
  const actualScorer = scorerOf(actual);
  const users = [input.profileUser];
  for (let u = 0; u < params.nUsers && users.length < 21; u++) {
    if (u !== input.profileUser) users.push(u);
  }
  let sum = 0;
  for (const u of users) {
    const vector = {
      gmf: params.gmfUser.slice(u * f, (u + 1) * f),
      mlp: params.mlpUser.slice(u * e, (u + 1) * e),
    };
    sum += correlation(predictedScorer.logits(vector), actualScorer.logits(vector));
  }
  const confidence = Math.max(0, sum / users.length);

  // The map from every heard track, applied to the unheard ones.
  const full = ridge(xOf(idsOf(heard)), yOf(heard), heard.length, d, m);
  const y = full(xOf(cold), cold.length);
  const anchors = [...heard]
    .sort(
      (a, b) =>
        (input.evidence.get(itemIds[b] ?? '') ?? 0) - (input.evidence.get(itemIds[a] ?? '') ?? 0),
    )
    .slice(0, ANCHORS);
  const anchorY = yOf(anchors);
  const unit = (v: Float32Array) => {
    let norm = 0;
    for (const x of v) norm += x * x;
    return v.map((x) => x / (Math.sqrt(norm) || 1));
  };
  const anchorUnits = anchors.map((_, k) => unit(anchorY.subarray(k * m, (k + 1) * m)));
  const k = Math.min(NEIGHBOURS, anchors.length);
  const neighbours = new Int32Array(cold.length * NEIGHBOURS);
  const weights = new Float32Array(cold.length * NEIGHBOURS);
  for (let c = 0; c < cold.length; c++) {
    const v = unit(y.subarray(c * m, (c + 1) * m));
    const sims = anchorUnits.map((a, j) => {
      let s = 0;
      for (let t = 0; t < m; t++) s += (a[t] ?? 0) * (v[t] ?? 0);
      return [j, s] as const;
    });
    sims.sort((p, q) => q[1] - p[1]);
    for (let t = 0; t < k; t++) {
      const [j, s] = sims[t] ?? [0, 0];
      neighbours[c * NEIGHBOURS + t] = anchors[j] ?? 0;
      weights[c * NEIGHBOURS + t] = Math.max(0, s);
    }
  }
  return {
    ids: cold,
    ...halves(y, cold.length, f, e),
    neighbours,
    weights,
    confidence,
    heard: heard.length,
  };
}

const headerSchema = z.object({
  format: z.literal('deepcut-bridge'),
  formatVersion: z.literal(1),
  ids: z.array(z.string()),
  factors: z.number().int().nonnegative(),
  mlpEmbedding: z.number().int().nonnegative(),
  neighbours: z.literal(NEIGHBOURS),
  confidence: z.number().min(0).max(1),
  heard: z.number().int().nonnegative(),
});

/** Writes the bridge into a model's version folder. */
export async function saveBridge(dir: string, bridge: Bridge): Promise<void> {
  const header = {
    format: 'deepcut-bridge',
    formatVersion: 1,
    ids: bridge.ids,
    factors: bridge.gmf.length / Math.max(1, bridge.ids.length),
    mlpEmbedding: bridge.mlp.length / Math.max(1, bridge.ids.length),
    neighbours: NEIGHBOURS,
    confidence: bridge.confidence,
    heard: bridge.heard,
  };
  const parts = [bridge.gmf, bridge.mlp, bridge.neighbours, bridge.weights];
  const bytes = Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  await writeFile(join(dir, `.tmp-${BIN_FILE}`), bytes);
  await rename(join(dir, `.tmp-${BIN_FILE}`), join(dir, BIN_FILE));
  await writeFile(join(dir, `.tmp-${JSON_FILE}`), `${JSON.stringify(header)}\n`);
  await rename(join(dir, `.tmp-${JSON_FILE}`), join(dir, JSON_FILE));
}

/** Reads the bridge of a version folder for a model of `nItems`; null when it has none. */
export async function loadBridge(dir: string, params: NeumfParams): Promise<Bridge | null> {
  let text: string;
  try {
    text = await readFile(join(dir, JSON_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const where = join(dir, BIN_FILE);
  const header = headerSchema.parse(JSON.parse(text));
  const n = header.ids.length;
  const f = hasGmf(params.config) ? params.config.factors : 0;
  const e = hasMlp(params.config) ? params.config.mlpEmbedding : 0;
  if (header.factors !== f || header.mlpEmbedding !== e) {
    throw new Error(`invalid ${where}: vectors of another model`);
  }
  const buffer = new Uint8Array(await readFile(where)).buffer;
  if (buffer.byteLength !== n * (f + e + 2 * NEIGHBOURS) * 4) {
    throw new Error(`invalid ${where}: wrong length`);
  }
  let at = 0;
  const next = <T>(make: new (b: ArrayBuffer, o: number, l: number) => T, count: number): T => {
    const out = new make(buffer, at, count);
    at += count * 4;
    return out;
  };
  const gmf = next(Float32Array, n * f);
  const mlp = next(Float32Array, n * e);
  const neighbours = next(Int32Array, n * NEIGHBOURS);
  const weights = next(Float32Array, n * NEIGHBOURS);
  for (const i of neighbours) {
    if (i < 0 || i >= params.nItems) throw new Error(`invalid ${where}: track ${i} out of range`);
  }
  return {
    ids: header.ids,
    gmf,
    mlp,
    neighbours,
    weights,
    confidence: header.confidence,
    heard: header.heard,
  };
}
