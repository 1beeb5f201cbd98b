/**
 * NT-Xent (the InfoNCE loss of SimCLR): two views of each of B tracks; each view must pick its
 * twin out of the other 2B − 2 views in the batch, scored by cosine similarity / temperature.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerLossGradients } from '../embed/gradients';

// At import, so that anything holding the loss can also differentiate it.
registerLossGradients();

/** Masks for 2B views: `others` is 1 off the diagonal, `twins` is 1 where j is i's other view. */
function masks(batch: number): { others: tf.Tensor2D; twins: tf.Tensor2D } {
  const n = 2 * batch;
  const others = new Float32Array(n * n).fill(1);
  const twins = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    others[i * n + i] = 0;
    twins[i * n + ((i + batch) % n)] = 1;
  }
  return { others: tf.tensor2d(others, [n, n]), twins: tf.tensor2d(twins, [n, n]) };
}

/**
 * Mean NT-Xent loss of unit vectors `z` ([2B, D]): rows i and i + B are two views of one track.
 * Pure, like cnnForward: call it inside `tf.tidy` or `tf.variableGrads`. The logits are shifted
 * by their bound 1 / temperature before the exponential, so nothing overflows; the shift cancels
 * out of the loss.
 */
export function ntXentLoss(z: tf.Tensor2D, temperature: number): tf.Scalar {
  const rows = z.shape[0];
  if (rows % 2 !== 0 || rows < 4) {
    throw new Error(`NT-Xent needs two views of at least 2 tracks; got ${rows} rows`);
  }
  const { others, twins } = masks(rows / 2);
  const logits = tf.sub(tf.mul(tf.matMul(z, z, false, true), 1 / temperature), 1 / temperature);
  const logSumExp = tf.log(tf.sum(tf.mul(tf.exp(logits), others), 1));
  const positive = tf.sum(tf.mul(logits, twins), 1);
  return tf.mean(tf.sub(logSumExp, positive));
}
