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
 * The positives of each of 2B views for SupCon's multi-positive form (Khosla et al. 2020): its
 * twin, and every view of another track of the same group (a soundtrack, where labels are
 * known; a negative group means none), each row summing to 1.
 */
export function groupPositives(groups: readonly number[]): tf.Tensor2D {
  const batch = groups.length;
  const n = 2 * batch;
  const mask = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const gi = groups[i % batch] ?? -1;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const twin = j === (i + batch) % n;
      const same = j !== i && gi >= 0 && (groups[j % batch] ?? -1) === gi;
      if (twin || same) {
        mask[i * n + j] = 1;
        count++;
      }
    }
    for (let j = 0; j < n; j++) mask[i * n + j] = (mask[i * n + j] ?? 0) / count;
  }
  return tf.tensor2d(mask, [n, n]);
}

/**
 * Mean NT-Xent loss of unit vectors `z` ([2B, D]): rows i and i + B are two views of one track.
 * With `positives` (see groupPositives) a view's twin is joined by the views of its group, and
 * the loss averages over them (SupCon). Pure, like cnnForward: call it inside `tf.tidy` or
 * `tf.variableGrads`. The logits are shifted by their bound 1 / temperature before the
 * exponential, so nothing overflows; the shift cancels out of the loss.
 */
export function ntXentLoss(
  z: tf.Tensor2D,
  temperature: number,
  positives?: tf.Tensor2D,
): tf.Scalar {
  const rows = z.shape[0];
  if (rows % 2 !== 0 || rows < 4) {
    throw new Error(`NT-Xent needs two views of at least 2 tracks; got ${rows} rows`);
  }
  const { others, twins: pairs } = masks(rows / 2);
  const twins = positives ?? pairs;
  const logits = tf.sub(tf.mul(tf.matMul(z, z, false, true), 1 / temperature), 1 / temperature);
  const logSumExp = tf.log(tf.sum(tf.mul(tf.exp(logits), others), 1));
  const positive = tf.sum(tf.mul(logits, twins), 1);
  return tf.mean(tf.sub(logSumExp, positive));
}
