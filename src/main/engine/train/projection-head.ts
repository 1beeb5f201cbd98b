/**
 * The projection head of contrastive training: a small MLP between the CNN's embedding and the
 * loss. The loss shapes the head's output, so the embedding below it keeps information the loss
 * alone would discard (SimCLR); the head is dropped after training.
 */
import * as tf from '@tensorflow/tfjs-core';
import { heNormal, mulberry32 } from '../embed/init';

/** The head's variables. */
export type ProjectionHead = Readonly<{
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}>;

/** Names of the head's variables, in the order checkpoints store them. */
export const HEAD_PARAM_NAMES = ['w1', 'b1', 'w2', 'b2'] as const;

/** Shapes of the head's variables for an input of `inDim`, a hidden layer and an output. */
export function headShapes(
  inDim: number,
  hidden: number,
  outDim: number,
): Record<string, number[]> {
  return { w1: [inDim, hidden], b1: [hidden], w2: [hidden, outDim], b2: [outDim] };
}

/** A new head with He-normal weights drawn from `seed` and zero biases. */
export function createHead(
  inDim: number,
  hidden: number,
  outDim: number,
  seed: number,
): ProjectionHead {
  const rand = mulberry32(seed);
  return headFromValues(
    {
      w1: heNormal(inDim * hidden, inDim, rand),
      b1: new Float32Array(hidden),
      w2: heNormal(hidden * outDim, hidden, rand),
      b2: new Float32Array(outDim),
    },
    inDim,
    hidden,
    outDim,
  );
}

/** A head from stored values (a checkpoint's). */
export function headFromValues(
  values: Readonly<Record<string, Float32Array>>,
  inDim: number,
  hidden: number,
  outDim: number,
): ProjectionHead {
  const shapes = headShapes(inDim, hidden, outDim);
  const make = (name: (typeof HEAD_PARAM_NAMES)[number]): tf.Variable => {
    const value = values[name];
    const shape = shapes[name] ?? [];
    if (value === undefined || value.length !== shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`projection head parameter ${name} is missing or has the wrong size`);
    }
    // tidy frees the initial tensor; the variable keeps its own reference to the data.
    return tf.tidy(() => tf.variable(tf.tensor(value, shape, 'float32'), true));
  };
  return { w1: make('w1'), b1: make('b1'), w2: make('w2'), b2: make('b2') };
}

/** The head's trainable variables. */
export function headParams(head: ProjectionHead): tf.Variable[] {
  return HEAD_PARAM_NAMES.map((name) => head[name]);
}

/** Unit-norm projections [B, outDim] of embeddings [B, inDim]; pure, like cnnForward. */
export function headForward(head: ProjectionHead, x: tf.Tensor2D): tf.Tensor2D {
  const hidden = tf.fused.matMul({ a: x, b: head.w1, bias: head.b1, activation: 'relu' });
  const out = tf.add(tf.matMul(hidden, head.w2), head.b2);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(out), 1, true), 1e-12));
  return tf.div(out, norm);
}

/** Frees the head's variables. */
export function disposeHead(head: ProjectionHead): void {
  for (const v of headParams(head)) v.dispose();
}
