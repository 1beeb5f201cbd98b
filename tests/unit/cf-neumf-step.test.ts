import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { mulberry32 } from '../../src/main/engine/embed/init';
import type { NeumfParams } from '../../src/main/engine/cf/neumf';
import { initParams } from '../../src/main/engine/cf/neumf';
import type { NcfKind } from '../../src/main/engine/cf/neumf-config';
import { defaultConfig } from '../../src/main/engine/cf/neumf-config';
import type { DenseBatch } from '../../src/main/engine/cf/neumf-step';
import { batchGradients } from '../../src/main/engine/cf/neumf-step';
import { scoped } from '../../src/main/engine/cf/scoped';

const N = 12;

function randomBatch(params: NeumfParams, seed: number): DenseBatch {
  const rand = mulberry32(seed);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rand() - 0.5);
  const { factors, mlpEmbedding } = params.config;
  return {
    size: N,
    labels: Float32Array.from({ length: N }, (_, b) => (b % 3 === 0 ? 1 : 0)),
    gmfUser: fill(N * factors),
    gmfItem: fill(N * factors),
    mlp: fill(N * 2 * mlpEmbedding),
  };
}

type Reference = Readonly<{ loss: number; grads: ReadonlyMap<string, Float32Array> }>;

/**
 * The same model written plainly with differentiable TF.js ops and tf.losses, differentiated by
 * TF.js itself: an independent check of the hand-written backward pass.
 */
function autodiff(params: NeumfParams, batch: DenseBatch): Reference {
  const { kind, factors: f, mlpEmbedding: e } = params.config;
  return scoped((): Reference => {
    const leaves = new Map<string, tf.Tensor>([
      ['out', tf.tensor2d(params.out, [params.out.length, 1])],
      ['outBias', tf.tensor1d(params.outBias)],
    ]);
    if (kind !== 'mlp') {
      leaves.set('gmfUser', tf.tensor2d(batch.gmfUser, [N, f]));
      leaves.set('gmfItem', tf.tensor2d(batch.gmfItem, [N, f]));
    }
    if (kind !== 'gmf') {
      leaves.set('mlp', tf.tensor2d(batch.mlp, [N, 2 * e]));
      params.tower.forEach((l, i) => {
        leaves.set(
          `w${i}`,
          tf.tensor2d(l.weight, [l.weight.length / l.bias.length, l.bias.length]),
        );
        leaves.set(`b${i}`, tf.tensor1d(l.bias));
      });
    }
    const names = [...leaves.keys()];
    const loss = (...xs: tf.Tensor[]): tf.Scalar => {
      const at = (name: string) => xs[names.indexOf(name)] as tf.Tensor2D;
      const features: tf.Tensor[] = [];
      if (kind !== 'mlp') features.push(tf.mul(at('gmfUser'), at('gmfItem')));
      if (kind !== 'gmf') {
        let h: tf.Tensor = at('mlp');
        params.tower.forEach((_, i) => {
          h = tf.relu(tf.add(tf.matMul(h, at(`w${i}`)), at(`b${i}`)));
        });
        features.push(h);
      }
      const logits = tf.add(tf.matMul(tf.concat(features, 1), at('out')), at('outBias'));
      return tf.losses.sigmoidCrossEntropy(tf.tensor2d(batch.labels, [N, 1]), logits) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(loss)([...leaves.values()]);
    return {
      loss: value.dataSync()[0] ?? NaN,
      grads: new Map(names.map((name, i) => [name, grads[i]?.dataSync() as Float32Array])),
    };
  });
}

function expectClose(actual: Float32Array, expected: Float32Array | undefined): void {
  expect(actual.length).toBe(expected?.length);
  const scale = expected?.reduce((m, v) => Math.max(m, Math.abs(v)), 0) ?? 0;
  expect(scale).toBeGreaterThan(0);
  actual.forEach((v, i) => expect(Math.abs(v - (expected?.[i] ?? NaN))).toBeLessThan(1e-4 * scale));
}

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  // tfjs-core's own gradients (a bundler-only module that vitest can load).
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
});

describe('NeuMF batch gradients on wasm', () => {
  for (const kind of ['neumf', 'gmf', 'mlp'] as NcfKind[]) {
    it(`match TF.js's automatic differentiation (${kind})`, () => {
      const params = initParams(defaultConfig(kind, 4), 5, 7, 3);
      // Non-zero biases, so that every term of the backward pass is exercised.
      for (const l of params.tower) l.bias.fill(0.05);
      params.outBias[0] = 0.3;
      const batch = randomBatch(params, 11);
      const before = tf.memory().numTensors;
      const ours = batchGradients(params, batch);
      expect(tf.memory().numTensors).toBe(before);
      const reference = autodiff(params, batch);
      const expected = (name: string) => reference.grads.get(name);
      if (kind !== 'mlp') {
        expectClose(ours.gmfUser, expected('gmfUser'));
        expectClose(ours.gmfItem, expected('gmfItem'));
      }
      if (kind !== 'gmf') {
        expectClose(ours.mlp, expected('mlp'));
        ours.tower.forEach((l, i) => {
          expectClose(l.weight, expected(`w${i}`));
          expectClose(l.bias, expected(`b${i}`));
        });
      }
      expectClose(ours.out, expected('out'));
      expect(ours.outBias).toBeCloseTo(expected('outBias')?.[0] ?? NaN, 6);
      expect(ours.loss).toBeCloseTo(reference.loss, 5);
    });
  }
});
