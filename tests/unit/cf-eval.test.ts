import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { evaluateCf } from '../../src/main/engine/eval/cf/eval-cf';
import { hasItem, itemCounts, userItems } from '../../src/main/engine/cf/interactions';
import { readLooDataset } from '../../src/main/engine/eval/cf/loo-dataset';
import { validationSplit } from '../../src/main/engine/eval/cf/validation-split';
import { blockData } from '../helpers/cf-synth';

// Raw ids unlike the dense indices, as in the real files: users from 101, items from 5001.
const data = blockData({ itemsPerGroup: 60 });
const userId = (u: number) => 101 + u;
const itemId = (i: number) => 5001 + i;
let root: string;
let setDir: string;
const negatives: number[][] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deepcut-loo-'));
  setDir = join(root, 'blocks');
  await mkdir(setDir);
  const rand = mulberry32(3);
  const train: string[] = [];
  const test: string[] = [];
  const negs: string[] = [];
  for (let u = 0; u < data.train.nUsers; u++) {
    for (const i of userItems(data.train, u)) train.push(`${userId(u)}\t${itemId(i)}\n`);
    const held = data.heldOut[u] ?? 0;
    test.push(`${userId(u)}\t${itemId(held)}\n`);
    const pool = [...Array(data.train.nItems).keys()].filter(
      (j) => j !== held && !hasItem(data.train, u, j),
    );
    for (let k = pool.length - 1; k > 0; k--) {
      const r = Math.floor(rand() * (k + 1));
      [pool[k], pool[r]] = [pool[r] ?? 0, pool[k] ?? 0];
    }
    negatives.push(pool.slice(0, 99));
    negs.push(`${userId(u)}\t${pool.slice(0, 99).map(itemId).join('\t')}\n`);
  }
  await writeFile(join(setDir, 'loo.train.tsv'), train.join(''));
  await writeFile(join(setDir, 'loo.test.tsv'), test.join(''));
  await writeFile(join(setDir, 'loo.negatives.tsv'), negs.join(''));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('leave-one-out splits', () => {
  it('read into dense indices with the held-out item first', async () => {
    const d = await readLooDataset(setDir);
    expect(d.users.ids.slice(0, 2)).toEqual(['101', '102']);
    expect(d.items.ids.length).toBe(data.train.nItems);
    expect(d.train.items).toEqual(data.train.items);
    expect(d.candidates[0]).toBe(data.heldOut[0]);
    expect([...d.candidates.subarray(1, 100)]).toEqual(negatives[0]);
  });
});

describe('evaluateCf', () => {
  it('scores popularity as the NCF protocol does', async () => {
    // By hand: a rank counts the negatives at least as popular as the held-out item.
    const counts = itemCounts(data.train);
    let hits = 0;
    let ndcg = 0;
    negatives.forEach((negs, u) => {
      const own = counts[data.heldOut[u] ?? 0] ?? 0;
      const rank = negs.filter((j) => (counts[j] ?? 0) >= own).length;
      if (rank < 10) {
        hits++;
        ndcg += 1 / Math.log2(rank + 2);
      }
    });
    const result = await evaluateCf({ dataDir: setDir, model: 'pop', factors: 8, epochs: 0 });
    expect(result.hr10).toBeCloseTo(hits / negatives.length, 12);
    expect(result.ndcg10).toBeCloseTo(ndcg / negatives.length, 12);
    expect(result.epochs).toEqual([]);
  });

  it('trains NeuMF and reports the JSON of deepcut eval-cf', async () => {
    process.env.DEEPCUT_DATA_SETS = root;
    const seen: number[] = [];
    const result = await evaluateCf({
      dataDir: 'blocks',
      model: 'neumf',
      factors: 8,
      epochs: 8,
      settings: { learningRate: 0.01 },
      onEpoch: (report, metrics) => {
        seen.push(report.epoch);
        expect(metrics).not.toBeNull();
      },
    });
    delete process.env.DEEPCUT_DATA_SETS;
    expect(Object.keys(result).sort()).toEqual(
      [
        'model',
        'factors',
        'hr10',
        'ndcg10',
        'full_hr10',
        'full_ndcg10',
        'seconds_per_epoch',
        'seconds',
        'backend',
        'epochs',
      ].sort(),
    );
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.epochs).toHaveLength(8);
    expect(result.epochs.every((e) => Object.keys(e).sort().join() === 'hr10,loss,ndcg10')).toBe(
      true,
    );
    expect(result.hr10).toBe(result.epochs[7]?.hr10);
    expect(result.backend).toBe('wasm');
    expect(result.seconds_per_epoch).toBeGreaterThan(0);
    // The held-out item competes with its own block's unseen items, so a perfect score is out
    // of reach; popularity is the floor a learnt model must clear.
    const pop = await evaluateCf({ dataDir: setDir, model: 'pop', factors: 8, epochs: 0 });
    expect(result.hr10).toBeGreaterThan(pop.hr10);
    expect(result.full_hr10).toBeGreaterThan(pop.full_hr10);
  });

  it('scores the item-item baselines and the hybrid, whose fusion is chosen on validation', async () => {
    const pop = await evaluateCf({ dataDir: setDir, model: 'pop', factors: 8, epochs: 0 });
    for (const model of ['rp3beta', 'ease', 'cosine'] as const) {
      const result = await evaluateCf({ dataDir: setDir, model, factors: 8, epochs: 0 });
      expect(result.hr10, model).toBeGreaterThan(pop.hr10);
    }
    const hybrid = await evaluateCf({ dataDir: setDir, model: 'hybrid', factors: 8, epochs: 0 });
    expect(hybrid.hybrid).toMatchObject({
      itemModel: expect.any(Object),
      weight: expect.any(Number),
    });
    expect(hybrid.parts?.neumf.hr10).toBeGreaterThan(pop.hr10);
    expect(hybrid.hr10).toBeGreaterThan(pop.hr10);
    expect(hybrid.seconds).toBeGreaterThan(0);
  });
});

describe('the validation split', () => {
  it('takes one training item per user to validation, never its test item', async () => {
    const d = await readLooDataset(setDir);
    const v = validationSplit(d);
    expect(v.train.items.length).toBe(d.train.items.length - v.testUsers.length);
    v.testUsers.forEach((u, r) => {
      const held = v.candidates[r * 100] ?? -1;
      expect(hasItem(d.train, u, held)).toBe(true);
      expect(hasItem(v.train, u, held)).toBe(false);
      const negs = v.candidates.subarray(r * 100 + 1, (r + 1) * 100);
      expect(new Set(negs).size).toBe(99);
      for (const j of negs) expect(hasItem(d.train, u, j) || j === data.heldOut[u]).toBe(false);
    });
    // With times, the latest training item goes.
    const times = new Map<string, number>();
    for (let u = 0; u < d.train.nUsers; u++) {
      userItems(d.train, u).forEach((i, k) => times.set(`${u}\t${i}`, k));
    }
    const latest = validationSplit(d, { times });
    latest.testUsers.forEach((u, r) => {
      const row = userItems(d.train, u);
      expect(latest.candidates[r * 100]).toBe(row[row.length - 1]);
    });
  });
});
