import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { registerLossGradients } from '../../src/main/engine/embed/gradients';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { ntXentLoss } from '../../src/main/engine/train/contrastive-loss';
import {
  createHead,
  disposeHead,
  headForward,
  headParams,
  type ProjectionHead,
} from '../../src/main/engine/train/projection-head';

const TEMPERATURE = 0.2;

function unitRows(rows: number, dim: number, seed: number): tf.Tensor2D {
  const rand = mulberry32(seed);
  return tf.tidy(() => {
    const x = tf.tensor2d(
      Float32Array.from({ length: rows * dim }, () => rand() - 0.5),
      [rows, dim],
    );
    return tf.div(x, tf.norm(x, 'euclidean', 1, true));
  });
}

/** The loss by its definition, in plain JavaScript, for rows i and i + B as twins. */
function referenceLoss(z: Float32Array, rows: number, dim: number): number {
  const dot = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (z[i * dim + d] ?? 0) * (z[j * dim + d] ?? 0);
    return s / TEMPERATURE;
  };
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < rows; j++) if (j !== i) sum += Math.exp(dot(i, j));
    total += Math.log(sum) - dot(i, (i + rows / 2) % rows);
  }
  return total / rows;
}

let head: ProjectionHead;
let x: tf.Tensor2D;

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  head = createHead(16, 24, 8, 5);
  x = unitRows(12, 16, 6);
});

function headGradients(): Float32Array[] {
  return tf.tidy(() => {
    const vars = headParams(head);
    const { grads } = tf.variableGrads(() => ntXentLoss(headForward(head, x), TEMPERATURE), vars);
    return vars.map((v) => grads[v.name]?.dataSync() as Float32Array);
  });
}

describe('NT-Xent loss', () => {
  it('matches its definition, whatever the temperature shift', () => {
    const z = unitRows(8, 5, 1);
    const loss = tf.tidy(() => ntXentLoss(z, TEMPERATURE).dataSync()[0] ?? NaN);
    expect(loss).toBeCloseTo(referenceLoss(z.dataSync() as Float32Array, 8, 5), 4);
    z.dispose();
  });

  it('gives the hand-computed values for views on their twins and views on the others', () => {
    // Unit vectors on two axes; with temperature 0.2 a match scores 5 and a miss 0.
    const twins = tf.tensor2d([1, 0, 0, 1, 1, 0, 0, 1], [4, 2]);
    const crossed = tf.tensor2d([1, 0, 1, 0, 0, 1, 0, 1], [4, 2]);
    const [good, bad] = [twins, crossed].map((z) =>
      tf.tidy(() => ntXentLoss(z, TEMPERATURE).dataSync()[0] ?? NaN),
    );
    // Each row: log(e^5 + e^0 + e^0) minus its twin's 5 (twins) or 0 (crossed).
    expect(good).toBeCloseTo(Math.log(Math.exp(5) + 2) - 5, 5);
    expect(bad).toBeCloseTo(Math.log(Math.exp(5) + 2), 5);
    expect(() => ntXentLoss(tf.zeros([3, 2]), TEMPERATURE)).toThrow(/two views/);
    tf.dispose([twins, crossed]);
  });

  it("has gradients through the head that match tfjs-core's definitions, without leaks", async () => {
    const before = tf.memory().numTensors;
    const ours = headGradients();
    expect(tf.memory().numTensors).toBe(before);
    for (const g of ours) {
      expect(g.every(Number.isFinite)).toBe(true);
      expect(g.some((v) => v !== 0)).toBe(true);
    }
    const mine = tf.getGradient(tf.Multiply);
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    expect(tf.getGradient(tf.Multiply)).not.toBe(mine);
    const official = headGradients();
    registerLossGradients();
    official.forEach((g, i) => {
      const own = ours[i] ?? new Float32Array(0);
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const worst = g.reduce((m, v, j) => Math.max(m, Math.abs(v - (own[j] ?? NaN))), 0);
      expect(worst).toBeLessThanOrEqual(1e-4 * scale);
    });
    disposeHead(head);
    x.dispose();
  });
});
