/**
 * Fold-in: the user vectors (GMF and MLP) of a session the model was not trained on, fitted to
 * the session's positives and negatives with every item embedding and network weight frozen.
 * Only the session's items and a few sampled negatives enter, and the first tower layer's item
 * half is computed once, so each of the fitting steps is a handful of small TF.js ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../embed/init';
import { adamSlot, adamStep, adamUpdate } from './adam';
import type { NeumfParams } from './neumf';
import { hasGmf, hasMlp } from './neumf-config';
import type { UserVector } from './neumf-scorer';
import { scoped } from './scoped';

/** Options for {@link foldIn}. */
export type FoldInOptions = Readonly<{
  /** Items the session liked (plays). */
  positives: Int32Array;
  /** Items the session rejected (skips). */
  negatives?: Int32Array;
  /** Sampled negatives per positive, from items the session has not touched. */
  sampled?: number;
  /** Fitting steps (Adam). */
  steps?: number;
  learningRate?: number;
  /** Weight of the squared distance to `prior`, added to the mean loss. */
  l2?: number;
  /** Where the fit starts and what it is pulled to; the mean of the trained users by default. */
  prior?: UserVector;
  seed?: number;
}>;

// 60 steps of 0.05 from the prior settle a 50-event session (about 25 ms on wasm, bench/cf.ts).
const DEFAULTS = { sampled: 4, steps: 60, learningRate: 0.05, l2: 0.01, seed: 0 };

/** The mean of the trained users' vectors: the prior of a session with no history. */
export function meanUser(params: NeumfParams): UserVector {
  const mean = (table: Float32Array, dim: number) => {
    const out = new Float32Array(dim);
    if (dim === 0) return out;
    for (let k = 0; k < table.length; k++) out[k % dim] = (out[k % dim] ?? 0) + (table[k] ?? 0);
    return out.map((v) => v / Math.max(1, table.length / dim));
  };
  const { config } = params;
  return {
    gmf: mean(params.gmfUser, hasGmf(config) ? config.factors : 0),
    mlp: mean(params.mlpUser, hasMlp(config) ? config.mlpEmbedding : 0),
  };
}

function instances(
  params: NeumfParams,
  options: FoldInOptions,
): { items: Int32Array; labels: Float32Array } {
  const { positives, negatives = new Int32Array(0) } = options;
  const sampled = options.sampled ?? DEFAULTS.sampled;
  const rand = mulberry32(options.seed ?? DEFAULTS.seed);
  const touched = new Set([...positives, ...negatives]);
  const draws: number[] = [];
  if (touched.size < params.nItems) {
    for (let k = 0; k < positives.length * sampled; k++) {
      let j: number;
      do j = Math.floor(rand() * params.nItems);
      while (touched.has(j));
      draws.push(j);
    }
  }
  const items = Int32Array.from([...positives, ...negatives, ...draws]);
  const labels = new Float32Array(items.length);
  labels.fill(1, 0, positives.length);
  return { items, labels };
}

/** The session's items, frozen: GMF rows times the output weights, first-layer item halves. */
type Frozen = Readonly<{
  /** `n × factors`, or null without a GMF branch. */
  gmfItems: tf.Tensor2D | null;
  mlp: Readonly<{
    /** `n × h1`: the first layer's item half plus its bias. */
    itemPart: tf.Tensor2D;
    userWeight: tf.Tensor2D;
    userWeightT: tf.Tensor2D;
    layers: readonly Readonly<{ w: tf.Tensor2D; wT: tf.Tensor2D; b: tf.Tensor1D }>[];
    outRow: tf.Tensor2D;
    outCol: tf.Tensor2D;
  }> | null;
}>;

/** The rows `items` of a table with rows of `dim`, copied (uploading only these is cheaper). */
function rows(table: Float32Array, dim: number, items: Int32Array): Float32Array {
  const out = new Float32Array(items.length * dim);
  items.forEach((i, k) => out.set(table.subarray(i * dim, (i + 1) * dim), k * dim));
  return out;
}

function freeze(params: NeumfParams, items: Int32Array): Frozen {
  const { config } = params;
  const n = items.length;
  const f = hasGmf(config) ? config.factors : 0;
  const e = hasMlp(config) ? config.mlpEmbedding : 0;
  const [first, ...rest] = params.tower;
  return scoped((): Frozen => {
    const gmfItems =
      f === 0
        ? null
        : tf.keep(
            tf.mul<tf.Tensor2D>(
              tf.tensor2d(rows(params.gmfItem, f, items), [n, f]),
              tf.tensor2d(params.out.subarray(0, f), [1, f]),
            ),
          );
    if (e === 0 || first === undefined) return { gmfItems, mlp: null };
    const h1 = first.bias.length;
    const userWeight = tf.tensor2d(first.weight.subarray(0, e * h1), [e, h1]);
    const itemWeight = tf.tensor2d(first.weight.subarray(e * h1), [e, h1]);
    const mlpItems = tf.tensor2d(rows(params.mlpItem, e, items), [n, e]);
    const wOut = params.out.subarray(f);
    return {
      gmfItems,
      mlp: {
        itemPart: tf.keep(tf.add(tf.matMul(mlpItems, itemWeight), tf.tensor1d(first.bias))),
        userWeight: tf.keep(userWeight),
        userWeightT: tf.keep(tf.transpose(userWeight)),
        layers: rest.map((l) => {
          const w = tf.tensor2d(l.weight, [l.weight.length / l.bias.length, l.bias.length]);
          return { w: tf.keep(w), wT: tf.keep(tf.transpose(w)), b: tf.keep(tf.tensor1d(l.bias)) };
        }),
        outRow: tf.keep(tf.tensor2d(wOut, [1, wOut.length])),
        outCol: tf.keep(tf.tensor2d(wOut, [wOut.length, 1])),
      },
    };
  });
}

function disposeFrozen(frozen: Frozen): void {
  frozen.gmfItems?.dispose();
  const m = frozen.mlp;
  if (m === null) return;
  tf.dispose([m.itemPart, m.userWeight, m.userWeightT, m.outRow, m.outCol]);
  for (const l of m.layers) tf.dispose([l.w, l.wT, l.b]);
}

/**
 * Gradients of the mean log loss by the user's GMF and MLP vectors: forward over the frozen
 * items, the derivative by the logits in JavaScript, then back through the tower by hand (as in
 * neumf-step.ts), down to the first layer's user half, which every row shares.
 */
function userGradients(
  frozen: Frozen,
  vector: UserVector,
  labels: Float32Array,
  bias: number,
): [Float32Array, Float32Array] {
  const n = labels.length;
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    if (frozen.gmfItems !== null) {
      parts.push(tf.matMul(frozen.gmfItems, tf.tensor2d(vector.gmf, [vector.gmf.length, 1])));
    }
    const m = frozen.mlp;
    const acts: tf.Tensor[] = [];
    if (m !== null) {
      const userPart = tf.matMul(tf.tensor2d(vector.mlp, [1, vector.mlp.length]), m.userWeight);
      let h: tf.Tensor = tf.relu(tf.add(m.itemPart, userPart));
      acts.push(h);
      for (const l of m.layers) {
        h = tf.fused.matMul({ a: h, b: l.w, bias: l.b, activation: 'relu' });
        acts.push(h);
      }
      parts.push(tf.matMul(h, m.outCol));
    }
    const logits = (parts.length === 1 ? parts[0] : tf.addN(parts))?.dataSync() ?? [];
    const dz = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      dz[k] = (1 / (1 + Math.exp(-((logits[k] ?? 0) + bias))) - (labels[k] ?? 0)) / n;
    }
    const dGmf =
      frozen.gmfItems === null
        ? new Float32Array(0)
        : (tf.matMul(tf.tensor2d(dz, [1, n]), frozen.gmfItems).dataSync() as Float32Array);
    if (m === null) return [dGmf, new Float32Array(0)];
    let dH: tf.Tensor = tf.mul(tf.tensor2d(dz, [n, 1]), m.outRow);
    for (let l = acts.length - 1; l >= 0; l--) {
      const act = acts[l];
      if (act === undefined) break;
      const dA = tf.mul(dH, tf.step(act));
      // acts[l] comes out of layers[l − 1]; acts[0] out of the first layer, whose user half is
      // shared by every row, so its gradient is the column sum.
      const producer = m.layers[l - 1];
      dH = producer === undefined ? tf.sum(dA, 0, true) : tf.matMul(dA, producer.wT);
    }
    return [dGmf, tf.matMul(dH, m.userWeightT).dataSync() as Float32Array];
  });
}

/**
 * Fits a session's user vectors: mean log loss over its instances plus `l2` times the squared
 * distance to the prior, minimised by Adam from the prior. `params` is only read.
 */
export function foldIn(params: NeumfParams, options: FoldInOptions): UserVector {
  const prior = options.prior ?? meanUser(params);
  const steps = options.steps ?? DEFAULTS.steps;
  const l2 = options.l2 ?? DEFAULTS.l2;
  const learningRate = options.learningRate ?? DEFAULTS.learningRate;
  const { items, labels } = instances(params, options);
  const vector = { gmf: prior.gmf.slice(), mlp: prior.mlp.slice() };
  if (items.length === 0) return vector;
  const slots = [adamSlot(vector.gmf), adamSlot(vector.mlp)];
  const priors = [prior.gmf, prior.mlp];
  const frozen = freeze(params, items);
  try {
    for (let t = 1; t <= steps; t++) {
      const grads = userGradients(frozen, vector, labels, params.outBias[0] ?? 0);
      const step = adamStep({ learningRate }, t);
      grads.forEach((g, s) => {
        const slot = slots[s];
        const p = priors[s];
        if (slot === undefined || p === undefined) return;
        for (let k = 0; k < g.length; k++) {
          g[k] = (g[k] ?? 0) + 2 * l2 * ((slot.values[k] ?? 0) - (p[k] ?? 0));
        }
        adamUpdate(slot, 0, g, 0, g.length, step);
      });
    }
  } finally {
    disposeFrozen(frozen);
  }
  return vector;
}
