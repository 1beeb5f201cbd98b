/**
 * The distillation loss: the student's unit vectors pulled towards the teacher's targets by
 * cosine, per view (the teacher's patch at that place) and per track (the two views' mean
 * against the teacher's track vector), plus NT-Xent as in self-supervised training.
 */
import * as tf from '@tensorflow/tfjs-core';
import { unitRows } from '../embed/cnn';

/** How the terms are weighed; a weight of 0 leaves its term out. */
export type DistilWeights = Readonly<{
  /** NT-Xent between the two views of each track. */
  contrastive: number;
  /** 1 − cosine between a view and the teacher's target for that stretch. */
  patch: number;
  /** 1 − cosine between a track's two views' mean and the teacher's track target. */
  track: number;
}>;

/** The targets of one step: one per view (rows as the views), one per track. */
export type StepTargets = Readonly<{
  patches: readonly Float32Array[];
  tracks: readonly Float32Array[];
}>;

function unitMatrix(rows: readonly Float32Array[]): tf.Tensor2D {
  const dim = rows[0]?.length ?? 0;
  const flat = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    const norm = Math.hypot(...r) || 1;
    for (let d = 0; d < dim; d++) flat[i * dim + d] = (r[d] ?? 0) / norm;
  });
  return tf.tensor2d(flat, [rows.length, dim]);
}

/** Mean of 1 − cosine between the rows of unit matrices `a` and `b`. */
function cosineDistance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Scalar {
  return tf.sub(1, tf.mean(tf.sum(tf.mul(a, b), 1)));
}

/**
 * The weighted loss for unit vectors `z` ([2B, D], rows i and i + B two views of track i).
 * Pure, like cnnForward; `contrastive` is only called when its weight is not 0.
 */
export function distilLoss(
  z: tf.Tensor2D,
  targets: StepTargets,
  weights: DistilWeights,
  contrastive: () => tf.Scalar,
): tf.Scalar {
  const [rows, dim] = z.shape;
  const batch = rows / 2;
  const terms: tf.Scalar[] = [];
  if (weights.contrastive !== 0) terms.push(tf.mul(contrastive(), weights.contrastive));
  if (weights.patch !== 0) {
    terms.push(tf.mul(cosineDistance(z, unitMatrix(targets.patches)), weights.patch));
  }
  if (weights.track !== 0) {
    const mean = unitRows(
      tf.add(tf.slice(z, [0, 0], [batch, dim]), tf.slice(z, [batch, 0], [batch, dim])),
    );
    terms.push(tf.mul(cosineDistance(mean, unitMatrix(targets.tracks)), weights.track));
  }
  if (terms.length === 0) throw new Error('every distillation weight is 0');
  return terms.reduce((a, b) => tf.add(a, b));
}
