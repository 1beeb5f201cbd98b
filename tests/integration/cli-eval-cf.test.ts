import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli';
import { tempDir } from '../helpers/synth';

/**
 * A leave-one-out split in the data sets' format: two groups of users, each with its own block of
 * 20 items; a user's held-out item is in its block and its 99 negatives (repeating, as there are
 * only 20) come from the other block.
 */
async function writeSplit(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const train: string[] = [];
  const test: string[] = [];
  const negatives: string[] = [];
  for (let u = 0; u < 30; u++) {
    const block = u % 2 === 0 ? 0 : 20;
    const held = block + (u % 20);
    for (let k = 0; k < 20; k++)
      if (block + k !== held && (k + u) % 3 !== 0) train.push(`${u}\t${block + k}`);
    test.push(`${u}\t${held}`);
    const other = Array.from({ length: 99 }, (_, k) => String(20 - block + (k % 20)));
    negatives.push([String(u), ...other].join('\t'));
  }
  await writeFile(join(dir, 'loo.train.tsv'), `${train.join('\n')}\n`);
  await writeFile(join(dir, 'loo.test.tsv'), `${test.join('\n')}\n`);
  await writeFile(join(dir, 'loo.negatives.tsv'), `${negatives.join('\n')}\n`);
}

describe('deepcut eval-cf', () => {
  let root: string;
  let split: string;

  beforeAll(async () => {
    root = await tempDir();
    split = join(root, 'tiny');
    await writeSplit(split);
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('prints the documented JSON for a trained model, with one curve point per epoch', async () => {
    const r = await runCliProcess([
      'eval-cf',
      '--data',
      split,
      '--model',
      'neumf',
      '--epochs',
      '3',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(
      [
        'backend',
        'epochs',
        'factors',
        'full_hr10',
        'full_ndcg10',
        'hr10',
        'model',
        'ndcg10',
        'seconds_per_epoch',
        'seconds',
      ].sort(),
    );
    expect(out).toMatchObject({ model: 'neumf', factors: 8 });
    const epochs = out.epochs as { hr10: number; ndcg10: number; loss: number }[];
    expect(epochs).toHaveLength(3);
    expect(epochs[2]?.loss).toBeLessThan(epochs[0]?.loss ?? 0);
  });

  it('scores the popularity baseline without training', async () => {
    const r = await runCliProcess(['eval-cf', '--data', split, '--model', 'pop', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'pop', seconds_per_epoch: 0, epochs: [] });
  });

  it.each([
    ['a folder without the split', ['eval-cf', '--data', '/tmp']],
    ['an unknown model', ['eval-cf', '--data', '/tmp', '--model', 'magic']],
    ['no --data', ['eval-cf']],
  ])('exits 2 for %s', async (_label, args) => {
    const r = await runCliProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
