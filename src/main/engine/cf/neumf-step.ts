/**
 * One training batch in TF.js: the forward pass over the batch's gathered embedding rows and the
 * backward pass written out by hand. Hand-written, because recording the same graph on TF.js's
 * tape and differentiating it cost about twice as much per batch on wasm (1.2 – 1.5 vs
 * 0.7 ms), and a batch is mostly fixed per-op overhead; it also lets the forward use fused
 * matMul + bias + ReLU kernels, whose mask the backward recovers from the outputs. The
 * log loss and its derivative by the logits are computed in JavaScript from the logits.
 * tests/unit/cf-neumf-step.test.ts checks them against TF.js's automatic differentiation.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NeumfParams } from './neumf';
import { hasGmf, hasMlp, outputWidth } from './neumf-config';

/** A batch's inputs: labels and the embedding rows of its users and items. */
export type DenseBatch = Readonly<{
  size: number;
  /** 1 for a positive, 0 for a negative. */
  labels: Float32Array;
  /** Each instance's weight in the loss (all 1 when absent). */
  weights?: Float32Array;
  /** `size × factors`: the users' GMF rows (empty without a GMF branch). */
  gmfUser: Float32Array;
  /** `size × factors`: the items' GMF rows. */
  gmfItem: Float32Array;
  /** `size × 2·mlpEmbedding`: each user's MLP row, then its item's (empty without an MLP). */
  mlp: Float32Array;
}>;

/** Gradients of the batch's mean (weighted) log loss. */
export type BatchGradients = {
  loss: number;
  gmfUser: Float32Array;
  gmfItem: Float32Array;
  /** Laid out like {@link DenseBatch.mlp}. */
  mlp: Float32Array;
  tower: { weight: Float32Array; bias: Float32Array }[];
  out: Float32Array;
  outBias: number;
};

/** `rows × cols` row-major → `cols × rows`. */
function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c] ?? 0;
  }
  return out;
}

function read(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/**
 * Mean log loss and its gradients for every parameter the batch touches, the embedding
 * gradients per instance (rows repeated in the batch are summed by the caller).
 */
export function batchGradients(params: NeumfParams, batch: DenseBatch): BatchGradients {
  const { config } = params;
  const n = batch.size;
  const f = config.factors;
  const grads: BatchGradients = {
    loss: 0,
    gmfUser: new Float32Array(0),
    gmfItem: new Float32Array(0),
    mlp: new Float32Array(0),
    tower: [],
    out: new Float32Array(0),
    outBias: 0,
  };
  tf.tidy(() => {
    const features: tf.Tensor[] = [];
    const gmf = hasGmf(config)
      ? {
          p: tf.tensor2d(batch.gmfUser.subarray(0, n * f), [n, f]),
          q: tf.tensor2d(batch.gmfItem.subarray(0, n * f), [n, f]),
        }
      : null;
    if (gmf !== null) features.push(tf.mul(gmf.p, gmf.q));
    const acts: tf.Tensor[] = [];
    if (hasMlp(config)) {
      const width = 2 * config.mlpEmbedding;
      let h: tf.Tensor = tf.tensor2d(batch.mlp.subarray(0, n * width), [n, width]);
      acts.push(h);
      for (const layer of params.tower) {
        const fanOut = layer.bias.length;
        const w = tf.tensor2d(layer.weight, [layer.weight.length / fanOut, fanOut]);
        h = tf.fused.matMul({ a: h, b: w, bias: tf.tensor1d(layer.bias), activation: 'relu' });
        acts.push(h);
      }
      features.push(h);
    }
    const feature = features.length === 1 ? (features[0] as tf.Tensor2D) : tf.concat(features, 1);
    const logits = read(tf.matMul(feature, tf.tensor2d(params.out, [outputWidth(config), 1])));

    const dz = new Float32Array(n);
    const bias = params.outBias[0] ?? 0;
    let loss = 0;
    let dBias = 0;
    for (let b = 0; b < n; b++) {
      const z = (logits[b] ?? 0) + bias;
      const y = batch.labels[b] ?? 0;
      const w = batch.weights?.[b] ?? 1;
      // log(1 + e^z) − y·z, written so that e^|z| never overflows.
      loss += w * (Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z))));
      const d = (w * (1 / (1 + Math.exp(-z)) - y)) / n;
      dz[b] = d;
      dBias += d;
    }
    grads.loss = loss / n;
    grads.outBias = dBias;
    const dZ = tf.tensor2d(dz, [n, 1]);
    grads.out = read(tf.matMul(tf.transpose(feature), dZ));

    if (gmf !== null) {
      const dG = tf.mul(dZ, tf.tensor2d(params.out.subarray(0, f), [1, f]));
      grads.gmfUser = read(tf.mul(dG, gmf.q));
      grads.gmfItem = read(tf.mul(dG, gmf.p));
    }
    if (hasMlp(config)) {
      const wOut = params.out.subarray(gmf === null ? 0 : f);
      let dH: tf.Tensor = tf.mul(dZ, tf.tensor2d(wOut, [1, wOut.length]));
      const tower: BatchGradients['tower'] = [];
      for (let l = params.tower.length - 1; l >= 0; l--) {
        const layer = params.tower[l];
        const [input, output] = [acts[l], acts[l + 1]];
        if (layer === undefined || input === undefined || output === undefined) break;
        const fanOut = layer.bias.length;
        const fanIn = layer.weight.length / fanOut;
        // ReLU's derivative from its output: positive exactly where the input was.
        const dA = tf.mul(dH, tf.step(output));
        tower.unshift({
          weight: read(tf.matMul(tf.transpose(input), dA)),
          bias: read(tf.sum(dA, 0)),
        });
        dH = tf.matMul(dA, tf.tensor2d(transposed(layer.weight, fanIn, fanOut), [fanOut, fanIn]));
      }
      grads.tower = tower;
      grads.mlp = read(dH);
    }
  });
  return grads;
}
