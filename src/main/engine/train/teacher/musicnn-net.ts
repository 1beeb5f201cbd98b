/**
 * MusiCNN (Pons & Serra 2019, MSD weights, Keras port by Elio Quinton, ISC license) in TF.js, as
 * ../shared/models/musicnn-msd/architecture.md describes it: for distillation only. Its weights
 * are read from that folder at training time; they are never copied into the project or shipped.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TEACHER_BANDS, TEACHER_PATCH_FRAMES } from './musicnn-frontend';

/** Size of the teacher's embedding (the `dense` layer after its ReLU). */
export const TEACHER_DIM = 200;
/** Its tag outputs. */
export const TEACHER_TAGS = 50;

type TensorEntry = Readonly<{ name: string; shape: number[]; offset: number; length: number }>;
type Manifest = Readonly<{ sha256: string; tensors: TensorEntry[] }>;

/** A batch-norm folded into one scale and one shift per channel (inference statistics). */
type Affine = Readonly<{ scale: tf.Tensor1D; shift: tf.Tensor1D }>;

/** The loaded teacher: its tensors, kept until {@link disposeMusicnn}. */
export type Musicnn = Readonly<{
  input: Affine;
  timbral: readonly Readonly<{ kernel: tf.Tensor4D; bias: tf.Tensor1D; bn: Affine }>[];
  temporal: readonly Readonly<{ kernel: tf.Tensor4D; bias: tf.Tensor1D; bn: Affine }>[];
  midend: readonly Readonly<{ kernel: tf.Tensor4D; bias: tf.Tensor1D; bn: Affine }>[];
  flatpool: Affine;
  dense: Readonly<{ kernel: tf.Tensor2D; bias: tf.Tensor1D }>;
  bnDense: Affine;
  tags: Readonly<{ kernel: tf.Tensor2D; bias: tf.Tensor1D }>;
}>;

/** What one forward pass gives per patch. */
export type MusicnnOutput = Readonly<{
  /** [B, 200], non-negative. */
  embedding: tf.Tensor2D;
  /** [B, 50] sigmoid probabilities. */
  tags: tf.Tensor2D;
  /** The inner tensors the golden vectors check. */
  midend: tf.Tensor3D;
  pooled: tf.Tensor2D;
  bnDense: tf.Tensor2D;
  logits: tf.Tensor2D;
}>;

const EPSILON = 0.001;

/**
 * Reads `weights.json` + `weights.bin` from the teacher's folder, checks the sha256 the manifest
 * states, and makes the tensors. Throws when a file is missing or does not match.
 */
export async function loadMusicnn(dir: string): Promise<Musicnn> {
  const manifest = JSON.parse(await readFile(join(dir, 'weights.json'), 'utf8')) as Manifest;
  const bin = await readFile(join(dir, 'weights.bin'));
  const hash = createHash('sha256').update(bin).digest('hex');
  if (hash !== manifest.sha256) {
    throw new Error(
      `${join(dir, 'weights.bin')}: sha256 ${hash}, manifest says ${manifest.sha256}`,
    );
  }
  const byName = new Map(manifest.tensors.map((t) => [t.name, t]));
  const values = (name: string): Float32Array => {
    const t = byName.get(name);
    if (t === undefined) throw new Error(`teacher weights lack ${name}`);
    return new Float32Array(
      bin.buffer.slice(bin.byteOffset + t.offset, bin.byteOffset + t.offset + t.length),
    );
  };
  const shapeOf = (name: string): number[] => byName.get(name)?.shape ?? [];
  const affine = (layer: string, suffix: string): Affine => {
    const gamma = values(`${layer}/gamma${suffix}`);
    const beta = values(`${layer}/beta${suffix}`);
    const mean = values(`${layer}/moving_mean${suffix}`);
    const variance = values(`${layer}/moving_variance${suffix}`);
    const scale = Float32Array.from(gamma, (g, i) => g / Math.sqrt((variance[i] ?? 0) + EPSILON));
    const shift = Float32Array.from(beta, (b, i) => b - (mean[i] ?? 0) * (scale[i] ?? 0));
    return { scale: tf.tensor1d(scale), shift: tf.tensor1d(shift) };
  };
  const conv = (layer: string, suffix: string, bn: string, bnSuffix: string, shape?: number[]) => ({
    kernel: tf.tensor4d(
      values(`${layer}/kernel${suffix}`),
      (shape ?? shapeOf(`${layer}/kernel${suffix}`)) as [number, number, number, number],
    ),
    bias: tf.tensor1d(values(`${layer}/bias${suffix}`)),
    bn: affine(bn, bnSuffix),
  });
  const dense = (layer: string) => ({
    kernel: tf.tensor2d(
      values(`${layer}/kernel_1:0`),
      shapeOf(`${layer}/kernel_1:0`) as [number, number],
    ),
    bias: tf.tensor1d(values(`${layer}/bias_1:0`)),
  });
  return {
    input: affine('batch_normalization', '_1:0'),
    timbral: [
      conv('conv2d', '_1:0', 'batch_normalization_1', '_1:0'),
      conv('conv2d_1', '_1:0', 'batch_normalization_2', '_1:0'),
    ],
    temporal: [
      conv('conv2d_2', '_1:0', 'batch_normalization_3', '_1:0'),
      conv('conv2d_3', '_1:0', 'batch_normalization_4', '_1:0'),
      conv('conv2d_4', '_1:0', 'batch_normalization_5', '_1:0'),
    ],
    // A kernel as wide as its input is a 1-D convolution over time: [7, W, 1, 64] read as
    // [7, 1, W, 64] (the same values in the same order) runs over the features as channels.
    midend: [
      conv('midend_conv1', ':0', 'bn_midend_conv1', ':0', [7, 1, 561, 64]),
      conv('midend_conv2', ':0', 'bn_midend_conv2', ':0', [7, 1, 64, 64]),
      conv('midend_conv3', ':0', 'bn_midend_conv3', ':0', [7, 1, 64, 64]),
    ],
    flatpool: affine('bn_flatpool', ':0'),
    dense: dense('dense'),
    bnDense: affine('bn_dense', ':0'),
    tags: dense('dense_1'),
  };
}

/** Frees the teacher's tensors. */
export function disposeMusicnn(net: Musicnn): void {
  const all: tf.Tensor[] = [
    net.input.scale,
    net.input.shift,
    net.flatpool.scale,
    net.flatpool.shift,
  ];
  for (const c of [...net.timbral, ...net.temporal, ...net.midend]) {
    all.push(c.kernel, c.bias, c.bn.scale, c.bn.shift);
  }
  all.push(net.dense.kernel, net.dense.bias, net.bnDense.scale, net.bnDense.shift);
  all.push(net.tags.kernel, net.tags.bias);
  for (const t of all) t.dispose();
}

function bn<T extends tf.Tensor>(x: T, a: Affine): T {
  return tf.add(tf.mul(x, a.scale), a.shift);
}

/** Zero rows along time (axis 1) of an NHWC tensor. */
function padTime(x: tf.Tensor4D, before: number, after: number): tf.Tensor4D {
  return tf.pad(x, [
    [0, 0],
    [before, after],
    [0, 0],
    [0, 0],
  ]);
}

/**
 * The teacher on log-mel patches [B, 187, 96]. Pure: call inside `tf.tidy`. BN follows ReLU in
 * every block, so it cannot be folded into the convolutions; the max over frequency comes after
 * it (some gammas are negative).
 */
export function musicnnForward(net: Musicnn, patches: tf.Tensor3D): MusicnnOutput {
  const [batch, frames, bands] = patches.shape;
  if (frames !== TEACHER_PATCH_FRAMES || bands !== TEACHER_BANDS) {
    throw new Error(`teacher patches are [B, ${TEACHER_PATCH_FRAMES}, ${TEACHER_BANDS}]`);
  }
  const n = bn(tf.reshape(patches, [batch, frames, bands, 1]) as tf.Tensor4D, net.input);
  const padded = padTime(n, 3, 3);
  const branch = (x: tf.Tensor4D, c: Musicnn['timbral'][number], pad: 'valid' | 'same') => {
    const y = tf.relu(tf.add(tf.conv2d(x, c.kernel, 1, pad), c.bias)) as tf.Tensor4D;
    return tf.max(bn(y, c.bn), 2) as tf.Tensor3D;
  };
  const front = tf.concat(
    [
      ...net.timbral.map((c) => branch(padded, c, 'valid')),
      ...net.temporal.map((c) => branch(n, c, 'same')),
    ],
    2,
  );
  // Mid-end: 1-D convolutions over time with the features as channels, residual from the second.
  const m: tf.Tensor3D[] = [];
  let h = front;
  net.midend.forEach((c, i) => {
    const x = padTime(tf.reshape(h, [batch, frames, 1, h.shape[2]]) as tf.Tensor4D, 3, 3);
    const y = tf.relu(tf.add(tf.conv2d(x, c.kernel, 1, 'valid'), c.bias)) as tf.Tensor4D;
    const out = tf.reshape(bn(y, c.bn), [batch, frames, 64]) as tf.Tensor3D;
    h = i === 0 ? out : tf.add(out, h);
    m.push(h);
  });
  const midend = tf.concat([front, ...m], 2);
  // Max and mean over time, interleaved feature by feature (max of c at 2c, mean at 2c + 1).
  const pooled = tf.reshape(tf.stack([tf.max(midend, 1), tf.mean(midend, 1)], 2), [
    batch,
    2 * midend.shape[2],
  ]) as tf.Tensor2D;
  const embedding = tf.relu(
    tf.add(tf.matMul(bn(pooled, net.flatpool), net.dense.kernel), net.dense.bias),
  ) as tf.Tensor2D;
  const bnDense = bn(embedding, net.bnDense);
  const logits = tf.add(tf.matMul(bnDense, net.tags.kernel), net.tags.bias) as tf.Tensor2D;
  return { embedding, tags: tf.sigmoid(logits), midend, pooled, bnDense, logits };
}
