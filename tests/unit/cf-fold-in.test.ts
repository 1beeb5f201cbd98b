import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { foldIn, meanUser } from '../../src/main/engine/cf/fold-in';
import type { NeumfParams } from '../../src/main/engine/cf/neumf';
import { cloneParams } from '../../src/main/engine/cf/neumf';
import { defaultConfig } from '../../src/main/engine/cf/neumf-config';
import type { UserVector } from '../../src/main/engine/cf/neumf-scorer';
import { NeumfScorer } from '../../src/main/engine/cf/neumf-scorer';
import { trainNcf } from '../../src/main/engine/cf/trainer';
import { blockData } from '../helpers/cf-synth';

const data = blockData();
const block = (g: number) =>
  Array.from({ length: data.itemsPerGroup }, (_, k) => g * data.itemsPerGroup + k);

let params: NeumfParams;

function scores(vector: UserVector): Float32Array {
  const scorer = new NeumfScorer(params);
  try {
    return scorer.scoreVector(vector);
  } finally {
    scorer.dispose();
  }
}

function bytes(p: NeumfParams): Uint8Array[] {
  return [
    p.gmfItem,
    p.mlpItem,
    p.gmfUser,
    p.mlpUser,
    ...p.tower.flatMap((l) => [l.weight, l.bias]),
    p.out,
    p.outBias,
  ].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice());
}

/** The share of (a, b) pairs, a from `above` and b from `below`, that `s` orders a > b. */
function auc(s: Float32Array, above: number[], below: number[]): number {
  let wins = 0;
  for (const a of above) for (const b of below) if ((s[a] ?? 0) > (s[b] ?? 0)) wins++;
  return wins / (above.length * below.length);
}

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  ({ params } = await trainNcf({
    train: data.train,
    config: defaultConfig('neumf', 8),
    settings: { learningRate: 0.01, epochs: 12, seed: 1 },
  }));
});

describe('fold-in', () => {
  for (const group of [0, 1]) {
    it(`fits a new session of group ${group} without touching the model`, () => {
      const mine = block(group);
      const theirs = block(1 - group);
      const positives = Int32Array.from(mine.slice(0, 8));
      const negatives = Int32Array.from(theirs.slice(0, 2));
      const before = bytes(params);
      const tensors = tf.memory().numTensors;
      const vector = foldIn(params, { positives, negatives });
      expect(tf.memory().numTensors).toBe(tensors);
      expect(bytes(params)).toEqual(before);

      const s = scores(vector);
      const worstOwn = Math.min(...[...positives].map((i) => s[i] ?? NaN));
      const bestOther = Math.max(...theirs.map((i) => s[i] ?? NaN));
      expect(worstOwn).toBeGreaterThan(bestOther);
      // The rest of its block, never seen in the session, comes next: the top 30 is the block.
      // The rest of its block, never seen in the session, comes before the other block, but
      // for a few of its items that were drawn as the session's sampled negatives.
      const unseen = mine.filter((i) => !positives.includes(i));
      expect(auc(s, unseen, theirs)).toBeGreaterThan(0.85);
      // The prior alone (a typical user) does not separate the blocks.
      const prior = scores(meanUser(params));
      expect(auc(prior, mine, theirs)).toBeGreaterThan(0.2);
      expect(auc(prior, mine, theirs)).toBeLessThan(0.8);
    });
  }

  it('returns the prior for an empty session and leaves the model alone', () => {
    const copy = cloneParams(params);
    const vector = foldIn(params, { positives: new Int32Array(0) });
    const prior = meanUser(params);
    expect(vector.gmf).toEqual(prior.gmf);
    expect(vector.mlp).toEqual(prior.mlp);
    expect(bytes(params)).toEqual(bytes(copy));
  });
});
