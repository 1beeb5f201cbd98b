import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { meanMetrics, sampledRanks } from '../../src/main/engine/eval/cf/metrics';
import type { NeumfParams } from '../../src/main/engine/cf/neumf';
import { cloneParams, initParams, remapParams } from '../../src/main/engine/cf/neumf';
import type { NcfKind } from '../../src/main/engine/cf/neumf-config';
import { defaultConfig } from '../../src/main/engine/cf/neumf-config';
import { NeumfScorer } from '../../src/main/engine/cf/neumf-scorer';
import type { EpochReport } from '../../src/main/engine/cf/trainer';
import { trainNcf } from '../../src/main/engine/cf/trainer';
import type { BlockData } from '../helpers/cf-synth';
import { blockData } from '../helpers/cf-synth';

const NEGATIVES = 29;
const data = blockData();
const settings = { learningRate: 0.01, seed: 1 };

/**
 * Each user's held-out item ranked against 29 distinct items of the other group's block: a
 * model that learnt the blocks puts it first; an untrained one, anywhere.
 */
function candidates(d: BlockData): { users: Int32Array; items: Int32Array } {
  const rand = mulberry32(99);
  const users: number[] = [];
  const items: number[] = [];
  d.heldOut.forEach((held, u) => {
    const other = (1 - (d.groupOfUser[u] ?? 0)) * d.itemsPerGroup;
    const block = Array.from({ length: d.itemsPerGroup }, (_, k) => other + k);
    for (let k = block.length - 1; k > 0; k--) {
      const r = Math.floor(rand() * (k + 1));
      [block[k], block[r]] = [block[r] ?? 0, block[k] ?? 0];
    }
    for (const i of [held, ...block.slice(0, NEGATIVES)]) {
      users.push(u);
      items.push(i);
    }
  });
  return { users: Int32Array.from(users), items: Int32Array.from(items) };
}

function hitRate(params: NeumfParams): number {
  const { users, items } = candidates(data);
  const scorer = new NeumfScorer(params);
  try {
    return meanMetrics(sampledRanks(scorer.scorePairs(users, items), NEGATIVES + 1)).hr10;
  } finally {
    scorer.dispose();
  }
}

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

describe('NCF training on wasm', () => {
  const cases: [NcfKind, boolean][] = [
    ['neumf', false],
    ['gmf', false],
    ['mlp', false],
    ['neumf', true],
  ];
  for (const [kind, lazyAdam] of cases) {
    const adam = lazyAdam ? 'lazy Adam' : 'dense-equivalent Adam';
    it(`learns two user groups with their own item blocks (${kind}, ${adam})`, async () => {
      const config = defaultConfig(kind, 8);
      const untrained = hitRate(initParams(config, data.train.nUsers, data.train.nItems, 1));
      const before = tf.memory().numTensors;
      const losses: number[] = [];
      const { params, history } = await trainNcf({
        train: data.train,
        config,
        settings: { ...settings, epochs: 12, lazyAdam },
        onEpoch: (report) => {
          losses.push(report.loss);
          expect(tf.memory().numTensors).toBe(before);
        },
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(history.map((h) => h.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(losses[losses.length - 1]).toBeLessThan((losses[0] ?? 0) * 0.8);
      expect(untrained).toBeLessThan(0.6);
      expect(hitRate(params)).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('pre-trains GMF and MLP, fuses them and trains on', async () => {
    const phases: string[] = [];
    const { params } = await trainNcf({
      train: data.train,
      config: defaultConfig('neumf', 8),
      settings: { ...settings, epochs: 5 },
      pretrain: { epochs: 10 },
      onEpoch: (report) => {
        phases.push(`${report.phase}${report.epoch}`);
      },
    });
    expect(phases).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `gmf${i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => `mlp${i + 1}`),
      ...Array.from({ length: 5 }, (_, i) => `neumf${i + 1}`),
    ]);
    expect(params.config.kind).toBe('neumf');
    expect(hitRate(params)).toBeGreaterThanOrEqual(0.95);
  });

  it('warm-starts from earlier parameters, remapped to new users and items', async () => {
    const config = defaultConfig('neumf', 8);
    const { params: first } = await trainNcf({
      train: data.train,
      config,
      settings: { ...settings, epochs: 10 },
    });
    const old = cloneParams(first);
    // The same users and items in reverse order: every learned row must follow its id.
    const reverse = (n: number) => Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const moved = remapParams(first, reverse(first.nUsers), reverse(first.nItems), 5);
    const e = config.mlpEmbedding;
    expect(moved.mlpItem.subarray(0, e)).toEqual(old.mlpItem.subarray((old.nItems - 1) * e));
    expect(moved.gmfUser.subarray(0, 8)).toEqual(old.gmfUser.subarray((old.nUsers - 1) * 8));
    expect(moved.tower[0]?.weight).toEqual(old.tower[0]?.weight);
    // A new user (−1) gets a fresh row, not a copy.
    const grown = remapParams(first, Int32Array.of(0, -1), Int32Array.of(0, 1), 5);
    expect(grown.gmfUser.subarray(0, 8)).toEqual(old.gmfUser.subarray(0, 8));
    expect(grown.gmfUser.subarray(8, 16)).not.toEqual(old.gmfUser.subarray(8, 16));

    const warm = await trainNcf({
      train: data.train,
      config,
      init: first,
      settings: { ...settings, epochs: 1 },
    });
    expect(warm.params).toBe(first);
    expect(first.gmfItem).not.toEqual(old.gmfItem);
    expect(hitRate(warm.params)).toBeGreaterThanOrEqual(0.95);
  });

  it('stops when cancelled, between epochs or within one', async () => {
    const config = defaultConfig('neumf', 8);
    const between = new AbortController();
    const seen: EpochReport[] = [];
    await expect(
      trainNcf({
        train: data.train,
        config,
        settings: { ...settings, epochs: 20 },
        signal: between.signal,
        onEpoch: (report) => {
          seen.push(report);
          if (report.epoch === 2) between.abort();
        },
      }),
    ).rejects.toThrow(/abort/i);
    expect(seen).toHaveLength(2);

    // An epoch of a large set takes far longer than the trainer runs between two yields.
    const big = blockData({ usersPerGroup: 400, itemsPerGroup: 300, likes: 100 });
    const within = new AbortController();
    const before = tf.memory().numTensors;
    let epochs = 0;
    setTimeout(() => within.abort(), 20);
    await expect(
      trainNcf({
        train: big.train,
        config,
        settings: { epochs: 1 },
        signal: within.signal,
        onEpoch: () => {
          epochs++;
        },
      }),
    ).rejects.toThrow(/abort/i);
    expect(epochs).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
