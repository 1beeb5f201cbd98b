/**
 * The audio CNN: time convolutions with mel bands as channels (Dieleman-style), pooled over time
 * (mean, max and, with "mean-max-std" pooling, standard deviation of each channel).
 *
 * Convolutions are written as shifted slices concatenated along channels and one matMul, because
 * the wasm backend lacks Conv2DBackpropFilter: every op of that path has a gradient that runs on
 * wasm (registered by gradients.ts), so training uses this same forward. Embedding reads the
 * same weights as XNNPACK convolutions instead (`inference`), twice as fast with equal output.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CnnConfig } from './cnn-config';
import { paramSpecs } from './cnn-config';
import { registerCnnGradients } from './gradients';

// At import, so that anything holding cnnForward can also differentiate it.
registerCnnGradients();

/** The CNN's parameters by name (see {@link paramSpecs}); fixed statistics are not trainable. */
export type CnnParams = Readonly<Record<string, tf.Variable>>;

/** A CNN with its parameters, as loaded from disk or initialised from a seed. */
export type AudioModel = Readonly<{
  config: CnnConfig;
  params: CnnParams;
  /** ISO time the weights were produced. */
  createdAt: string;
  /** Free text, e.g. how the weights were trained. */
  notes?: string;
}>;

/** Options for {@link createModel}. */
export type ModelMeta = Readonly<{ createdAt?: string; notes?: string }>;

/**
 * Wraps parameter values in variables. Throws unless `values` holds exactly the parameters of
 * `config` with the right sizes.
 */
export function createModel(
  config: CnnConfig,
  values: ReadonlyMap<string, Float32Array>,
  meta: ModelMeta = {},
): AudioModel {
  const specs = paramSpecs(config);
  if (values.size !== specs.length) {
    throw new Error(`expected ${specs.length} CNN parameters, got ${values.size}`);
  }
  const params: Record<string, tf.Variable> = {};
  try {
    for (const spec of specs) {
      const value = values.get(spec.name);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (value === undefined || value.length !== size) {
        throw new Error(`CNN parameter ${spec.name} is missing or has the wrong size`);
      }
      // Unnamed: TF.js variable names are global, and two models may be alive at once.
      // tidy frees the initial tensor; the variable keeps its own reference to the data.
      params[spec.name] = tf.tidy(() =>
        tf.variable(tf.tensor(value, [...spec.shape], 'float32'), spec.trainable),
      );
    }
  } catch (error) {
    for (const v of Object.values(params)) v.dispose();
    throw error;
  }
  return {
    config,
    params,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    ...(meta.notes === undefined ? {} : { notes: meta.notes }),
  };
}

/** Frees the model's variables. */
export function disposeModel(model: AudioModel): void {
  for (const v of Object.values(model.params)) v.dispose();
}

/** The variables training updates, in {@link paramSpecs} order. */
export function trainableParams(model: AudioModel): tf.Variable[] {
  return paramSpecs(model.config)
    .filter((spec) => spec.trainable)
    .map((spec) => param(model.params, spec.name));
}

function param(params: CnnParams, name: string): tf.Variable {
  const v = params[name];
  if (v === undefined) throw new Error(`CNN parameter ${name} is missing`);
  return v;
}

/** Options for {@link cnnForward}. */
export type ForwardOptions = Readonly<{
  /**
   * Run the time convolutions as XNNPACK convolutions: about twice as fast on wasm and the same
   * numbers, but not differentiable there (wasm lacks Conv2DBackpropFilter). For embedding only.
   */
  inference?: boolean;
}>;

/**
 * 'Same'-padded convolution over time + bias + ReLU. `w` is [kernel × C_in, C_out]; its row
 * `j × C_in + c` weighs channel c at time offset j − ⌊(kernel − 1) / 2⌋.
 */
function timeConv(h: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, inference: boolean): tf.Tensor3D {
  const [batch, frames, channels] = h.shape;
  const [rows, out] = w.shape;
  const kernel = rows / channels;
  if (!Number.isInteger(kernel)) {
    throw new Error(`conv weights [${rows}, ${out}] do not fit ${channels} channels`);
  }
  const left = Math.floor((kernel - 1) / 2);
  const padded = tf.pad(h, [
    [0, 0],
    [left, kernel - 1 - left],
    [0, 0],
  ]);
  if (inference) {
    // The same weights read as a [1, kernel, C_in, C_out] filter over a [B, 1, time, C] image.
    const image = tf.reshape(padded, [batch, 1, frames + kernel - 1, channels]) as tf.Tensor4D;
    const filter = tf.reshape(w, [1, kernel, channels, out]) as tf.Tensor4D;
    const y = tf.fused.conv2d({
      x: image,
      filter,
      strides: 1,
      pad: 'valid',
      bias: b,
      activation: 'relu',
    });
    return tf.reshape(y, [batch, frames, out]);
  }
  const shifted: tf.Tensor3D[] = [];
  for (let j = 0; j < kernel; j++) {
    shifted.push(tf.slice(padded, [0, j, 0], [batch, frames, channels]));
  }
  const columns = tf.reshape(tf.concat(shifted, 2), [batch * frames, rows]);
  const y = tf.fused.matMul({ a: columns, b: w, bias: b, activation: 'relu' });
  return tf.reshape(y, [batch, frames, out]);
}

/** Max-pool 2 over time; an odd last frame is dropped. */
function poolTime(h: tf.Tensor3D): tf.Tensor3D {
  const [batch, frames, channels] = h.shape;
  const asImage = tf.reshape(h, [batch, frames, 1, channels]) as tf.Tensor4D;
  const pooled = tf.maxPool(asImage, [2, 1], [2, 1], 'valid');
  return tf.reshape(pooled, [batch, Math.floor(frames / 2), channels]);
}

/**
 * Embeds a batch of log-mel patches [B, frames, bands] into unit vectors [B, embedDim].
 * Pure: creates no variables and disposes nothing, so callers wrap it in `tf.tidy` or
 * `tf.variableGrads` (the latter without `inference`).
 */
export function cnnForward(
  params: CnnParams,
  x: tf.Tensor3D,
  options: ForwardOptions = {},
): tf.Tensor2D {
  return unitRows(cnnRawForward(params, x, options));
}

/** Rows of `out` scaled to unit length. */
export function unitRows(out: tf.Tensor2D): tf.Tensor2D {
  // The epsilon keeps the gradient finite for an all-zero output.
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(out), 1, true), 1e-12));
  return tf.div(out, norm);
}

/**
 * The CNN's output before the final normalisation, [B, embedDim]: what distillation regresses
 * onto the teacher's embeddings (train/distil-trainer.ts). Pure, like {@link cnnForward}.
 */
export function cnnRawForward(
  params: CnnParams,
  x: tf.Tensor3D,
  options: ForwardOptions = {},
): tf.Tensor2D {
  let h: tf.Tensor3D = tf.div(tf.sub(x, param(params, 'input/mean')), param(params, 'input/std'));
  for (let i = 1; i <= 3; i++) {
    const w = param(params, `conv${i}/w`) as tf.Tensor2D;
    const b = param(params, `conv${i}/b`) as tf.Tensor1D;
    h = poolTime(timeConv(h, w, b, options.inference === true));
  }
  const dense1 = param(params, 'dense1/w') as tf.Tensor2D;
  const stats = [tf.mean(h, 1), tf.max(h, 1)];
  // dense1's rows say which pooling the weights were trained with (see TimePooling).
  if (dense1.shape[0] === 3 * (h.shape[2] ?? 0)) {
    const spread = tf.mean(tf.square(tf.sub(h, tf.mean(h, 1, true))), 1);
    // The epsilon keeps sqrt's gradient finite for a channel that is constant over the patch.
    stats.push(tf.sqrt(tf.add(spread, 1e-6)));
  }
  const summary = tf.concat(stats, 1);
  const hidden = tf.fused.matMul({
    a: summary,
    b: dense1,
    bias: param(params, 'dense1/b'),
    activation: 'relu',
  });
  return tf.add(tf.matMul(hidden, param(params, 'dense2/w')), param(params, 'dense2/b'));
}
