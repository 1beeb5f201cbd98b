import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import type { AudioModel } from '../../src/main/engine/embed/cnn';
import { cnnForward, disposeModel, trainableParams } from '../../src/main/engine/embed/cnn';
import { DEFAULT_CNN_CONFIG } from '../../src/main/engine/embed/cnn-config';
import { registerCnnGradients } from '../../src/main/engine/embed/gradients';
import { mulberry32, seededModel } from '../../src/main/engine/embed/init';

const { patchFrames, melBands } = DEFAULT_CNN_CONFIG;

function patches(count: number, seed: number): tf.Tensor3D {
  const rand = mulberry32(seed);
  const data = Float32Array.from({ length: count * patchFrames * melBands }, () => -8 + 8 * rand());
  return tf.tensor3d(data, [count, patchFrames, melBands]);
}

/**
 * A contrastive-style loss over two views of a batch: pull each row's similarity with its own
 * view to 1 and with the others to 0, so every layer, both poolings and the normalisation are
 * on the gradient's path. Only kernels gradients.ts covers appear on that path.
 */
function loss(model: AudioModel, a: tf.Tensor3D, b: tf.Tensor3D): tf.Scalar {
  const similarity = tf.matMul(
    cnnForward(model.params, a),
    cnnForward(model.params, b),
    false,
    true,
  );
  return tf.sum(tf.square(tf.add(similarity, tf.neg(tf.eye(a.shape[0]))))) as tf.Scalar;
}

function gradients(model: AudioModel, a: tf.Tensor3D, b: tf.Tensor3D): Float32Array[] {
  return tf.tidy(() => {
    const vars = trainableParams(model);
    const { grads } = tf.variableGrads(() => loss(model, a, b), vars);
    return vars.map((v) => {
      const g = grads[v.name];
      if (g === undefined) throw new Error(`no gradient for ${v.name}`);
      expect(g.shape).toEqual(v.shape);
      return g.dataSync() as Float32Array;
    });
  });
}

let model: AudioModel;
let a: tf.Tensor3D;
let b: tf.Tensor3D;

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  model = seededModel();
  a = patches(4, 1);
  b = patches(4, 2);
});

describe('CNN gradients on wasm', () => {
  it('exist, are finite and non-zero for every trainable parameter, without leaks', () => {
    const before = tf.memory().numTensors;
    const grads = gradients(model, a, b);
    expect(tf.memory().numTensors).toBe(before);
    expect(grads).toHaveLength(trainableParams(model).length);
    for (const g of grads) {
      expect(g.every(Number.isFinite)).toBe(true);
      expect(g.some((v) => v !== 0)).toBe(true);
    }
  });

  it("match tfjs-core's own gradient definitions", async () => {
    const ours = gradients(model, a, b);
    const mine = tf.getGradient(tf.BatchMatMul);
    // The bundler-only module vitest can load: it replaces ours in the global registry.
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    expect(tf.getGradient(tf.BatchMatMul)).not.toBe(mine);
    const official = gradients(model, a, b);
    registerCnnGradients();
    official.forEach((g, i) => {
      const own = ours[i] ?? new Float32Array(0);
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const worst = g.reduce((m, v, j) => Math.max(m, Math.abs(v - (own[j] ?? NaN))), 0);
      expect(worst).toBeLessThanOrEqual(1e-4 * scale);
    });
  });

  it('come from a forward that matches the inference path', () => {
    const [trainable, inference] = [false, true].map((flag) =>
      tf.tidy(() => cnnForward(model.params, a, { inference: flag }).dataSync()),
    );
    inference?.forEach((v, i) => expect(v).toBeCloseTo(trainable?.[i] ?? NaN, 5));
  });

  it('lower the loss when followed for a few SGD steps', () => {
    const vars = trainableParams(model);
    const value = () => tf.tidy(() => loss(model, a, b).dataSync()[0] ?? NaN);
    const start = value();
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => loss(model, a, b), vars);
        for (const v of vars) {
          const g = grads[v.name];
          if (g !== undefined) v.assign(tf.sub(v, tf.mul(g, 0.01)));
        }
      });
    }
    expect(value()).toBeLessThan(start);
    disposeModel(model);
  });
});
