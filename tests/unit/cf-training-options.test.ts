import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cooccurrenceFactors,
  cooccurrenceParams,
} from '../../src/main/engine/cf/cooccurrence-init';
import { fromPairs, userItems } from '../../src/main/engine/cf/interactions';
import { symmetricEigen } from '../../src/main/engine/linalg/symmetric-eigen';
import { meanMetrics, sampledRanks } from '../../src/main/engine/eval/cf/metrics';
import { sampleEpoch } from '../../src/main/engine/cf/negatives';
import type { NeumfParams } from '../../src/main/engine/cf/neumf';
import { initParams } from '../../src/main/engine/cf/neumf';
import { defaultConfig } from '../../src/main/engine/cf/neumf-config';
import { NeumfScorer } from '../../src/main/engine/cf/neumf-scorer';
import type { DenseBatch } from '../../src/main/engine/cf/neumf-step';
import { batchGradients } from '../../src/main/engine/cf/neumf-step';
import { trainNcf } from '../../src/main/engine/cf/trainer';
import { initBackend } from '../../src/main/engine/embed/backend';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { blockData } from '../helpers/cf-synth';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

/** HR@10 of each user's held-out item against the 20 items of the other group's block. */
function blockHitRate(params: NeumfParams, data: ReturnType<typeof blockData>): number {
  const users: number[] = [];
  const items: number[] = [];
  data.heldOut.forEach((held, u) => {
    const other = (1 - (data.groupOfUser[u] ?? 0)) * data.itemsPerGroup;
    for (const i of [held, ...Array.from({ length: 20 }, (_, k) => other + k)]) {
      users.push(u);
      items.push(i);
    }
  });
  const scorer = new NeumfScorer(params);
  try {
    const scores = scorer.scorePairs(Int32Array.from(users), Int32Array.from(items));
    return meanMetrics(sampledRanks(scores, 21)).hr10;
  } finally {
    scorer.dispose();
  }
}

describe('weighted log loss', () => {
  const params = initParams(defaultConfig('neumf', 4), 1, 1, 3);
  const rand = mulberry32(2);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rand() - 0.5);
  const n = 6;
  const batch: DenseBatch = {
    size: n,
    labels: Float32Array.from({ length: n }, (_, b) => b % 2),
    gmfUser: fill(n * 4),
    gmfItem: fill(n * 4),
    mlp: fill(n * 32),
  };

  it('counts an instance of weight 0 for nothing and one of weight w as w instances', () => {
    // Only instance 0 weighs, six times over: the batch is that instance alone.
    const weights = Float32Array.of(n, 0, 0, 0, 0, 0);
    const weighted = batchGradients(params, { ...batch, weights });
    const alone = batchGradients(params, {
      size: 1,
      labels: batch.labels.subarray(0, 1),
      gmfUser: batch.gmfUser.subarray(0, 4),
      gmfItem: batch.gmfItem.subarray(0, 4),
      mlp: batch.mlp.subarray(0, 32),
    });
    expect(weighted.loss).toBeCloseTo(alone.loss, 5);
    weighted.out.forEach((g, k) => expect(g).toBeCloseTo(alone.out[k] ?? NaN, 5));
    weighted.tower.forEach((l, i) =>
      l.weight.forEach((g, k) => expect(g).toBeCloseTo(alone.tower[i]?.weight[k] ?? NaN, 5)),
    );
    alone.gmfUser.forEach((g, k) => expect(weighted.gmfUser[k]).toBeCloseTo(g, 5));
    expect([...weighted.gmfUser.subarray(4)].every((g) => g === 0)).toBe(true);
  });

  it('carries each instance’s weight through the epoch’s shuffle', () => {
    const train = fromPairs(3, 40, {
      users: Int32Array.of(0, 0, 1, 2, 2, 2),
      items: Int32Array.of(1, 5, 2, 3, 7, 9),
    });
    const positiveWeights = Float32Array.of(2, 3, 4, 5, 6, 7);
    const explicit = {
      users: Int32Array.of(1),
      items: Int32Array.of(30),
      weights: Float32Array.of(0.25),
    };
    const epoch = sampleEpoch(train, {
      negatives: 4,
      rand: mulberry32(5),
      explicit,
      positiveWeights,
    });
    const expected = new Map<string, number>();
    for (let u = 0; u < 3; u++) {
      userItems(train, u).forEach((i, k) =>
        expected.set(`${u}:${i}`, positiveWeights[(train.offsets[u] ?? 0) + k] ?? NaN),
      );
    }
    let positives = 0;
    let explicitSeen = 0;
    epoch.labels.forEach((label, k) => {
      const key = `${epoch.users[k]}:${epoch.items[k]}`;
      const weight = epoch.weights?.[k];
      if (label === 1) {
        positives++;
        expect(weight).toBe(expected.get(key));
      } else if (key === '1:30' && weight === 0.25) explicitSeen++;
      else expect(weight).toBe(1);
    });
    expect(positives).toBe(6);
    expect(explicitSeen).toBe(1);
    expect(sampleEpoch(train, { negatives: 4, rand: mulberry32(5) }).weights).toBeNull();
  });
});

describe('dropout', () => {
  it('still learns two user groups with their own item blocks, leaking no tensors', async () => {
    const data = blockData();
    const before = tf.memory().numTensors;
    const { params } = await trainNcf({
      train: data.train,
      config: defaultConfig('neumf', 8),
      settings: { epochs: 12, learningRate: 0.01, seed: 1, dropout: 0.3 },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(blockHitRate(params, data)).toBeGreaterThan(0.9);
  });
});

describe('co-occurrence initialisation', () => {
  it('finds the top eigenpairs of the item–item cosine matrix', () => {
    const rand = mulberry32(8);
    const users: number[] = [];
    const items: number[] = [];
    for (let u = 0; u < 30; u++) {
      for (let i = 0; i < 12; i++) {
        if (rand() < (i % 3 === u % 3 ? 0.7 : 0.15)) {
          users.push(u);
          items.push(i);
        }
      }
    }
    const train = fromPairs(30, 12, {
      users: Int32Array.from(users),
      items: Int32Array.from(items),
    });
    // S built densely, the slow way.
    const count = new Float64Array(12);
    for (const i of items) count[i] = (count[i] ?? 0) + 1;
    const s = new Float64Array(144);
    for (let u = 0; u < 30; u++) {
      const row = userItems(train, u);
      for (const a of row) for (const b of row) s[a * 12 + b] = (s[a * 12 + b] ?? 0) + 1;
    }
    s.forEach(
      (v, k) => (s[k] = v / Math.sqrt((count[Math.floor(k / 12)] ?? 1) * (count[k % 12] ?? 1))),
    );
    const [values] = symmetricEigen(s, 12);
    const expected = [...values].sort((a, b) => b - a).slice(0, 3);
    const found = cooccurrenceFactors(train, 3, { iterations: 20 });
    found.values.forEach((v, k) => expect(v).toBeCloseTo(expected[k] ?? NaN, 6));
    // Each vector is an eigenvector: S·v = λ·v.
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 12; r++) {
        let sv = 0;
        for (let k = 0; k < 12; k++) sv += (s[r * 12 + k] ?? 0) * (found.vectors[k * 3 + c] ?? 0);
        expect(sv).toBeCloseTo((found.values[c] ?? 0) * (found.vectors[r * 3 + c] ?? 0), 5);
      }
    }
  });

  it('starts NeuMF ranking each user’s block first before any training', () => {
    const data = blockData();
    const config = defaultConfig('neumf', 8);
    expect(
      blockHitRate(initParams(config, data.train.nUsers, data.train.nItems, 1), data),
    ).toBeLessThan(0.8);
    expect(blockHitRate(cooccurrenceParams(config, data.train, 1), data)).toBe(1);
  });
});
