/**
 * The leave-one-out splits of the NCF protocol (`loo.train.tsv`, `loo.test.tsv`,
 * `loo.negatives.tsv`; formats in ../shared/data/README.md), read into dense indices.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdIndex, Interactions } from '../../cf/interactions';
import { fromPairs, idIndex } from '../../cf/interactions';

/** Candidates per evaluated user: the held-out item, then its sampled negatives. */
export const CANDIDATES = 100;

/** A split in dense indices. */
export type LooDataset = Readonly<{
  users: IdIndex;
  items: IdIndex;
  train: Interactions;
  /** The evaluated users, in the order of loo.test.tsv. */
  testUsers: Int32Array;
  /** `testUsers.length × CANDIDATES`: row r holds test user r's held-out item, then 99 negatives. */
  candidates: Int32Array;
}>;

function rows(text: string, file: string, width: number | null): number[][] {
  const out: number[][] = [];
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    const fields = line.split('\t').map(Number);
    if ((width !== null && fields.length !== width) || !fields.every(Number.isInteger)) {
      throw new Error(`${file}:${n + 1}: malformed line`);
    }
    out.push(fields);
  });
  return out;
}

async function readRows(dir: string, file: string, width: number | null): Promise<number[][]> {
  return rows(await readFile(join(dir, file), 'utf8'), file, width);
}

function numericIndex(values: Iterable<number>): IdIndex {
  return idIndex([...new Set(values)].sort((a, b) => a - b).map(String));
}

function lookup(index: IdIndex, id: number): number {
  const i = index.index.get(String(id));
  if (i === undefined) throw new Error(`unknown id ${id}`);
  return i;
}

/**
 * Reads a split folder. Users are every user of train or test; items every item named in any
 * of the three files, which on these data sets is the whole catalogue (some items occur only
 * as held-out items or negatives, and must still be scorable).
 */
export async function readLooDataset(dir: string): Promise<LooDataset> {
  const [train, test, negatives] = await Promise.all([
    readRows(dir, 'loo.train.tsv', 2),
    readRows(dir, 'loo.test.tsv', 2),
    // The user, then its CANDIDATES - 1 negatives.
    readRows(dir, 'loo.negatives.tsv', CANDIDATES),
  ]);
  if (negatives.length !== test.length) {
    throw new Error('loo.negatives.tsv and loo.test.tsv list different numbers of users');
  }
  const users = numericIndex([...train, ...test].map((r) => r[0] ?? 0));
  const items = numericIndex(
    [...train, ...test].map((r) => r[1] ?? 0).concat(negatives.flatMap((r) => r.slice(1))),
  );
  const trainPairs = {
    users: Int32Array.from(train, (r) => lookup(users, r[0] ?? 0)),
    items: Int32Array.from(train, (r) => lookup(items, r[1] ?? 0)),
  };
  const candidates = new Int32Array(test.length * CANDIDATES);
  const testUsers = new Int32Array(test.length);
  test.forEach(([user = 0, held = 0], r) => {
    const negs = negatives[r] ?? [];
    if (negs[0] !== user) throw new Error(`loo.negatives.tsv row ${r + 1} is not user ${user}`);
    testUsers[r] = lookup(users, user);
    candidates[r * CANDIDATES] = lookup(items, held);
    for (let k = 1; k < CANDIDATES; k++) {
      candidates[r * CANDIDATES + k] = lookup(items, negs[k] ?? 0);
    }
  });
  return {
    users,
    items,
    train: fromPairs(users.ids.length, items.ids.length, trainPairs),
    testUsers,
    candidates,
  };
}

/**
 * The folder holding the benchmark data sets: `DEEPCUT_DATA_SETS` if set, else `../shared/data`
 * beside the repository (the nearest folder above this module with a package.json).
 */
export function defaultDataSetsDir(): string {
  const fromEnv = process.env.DEEPCUT_DATA_SETS;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the engine; set DEEPCUT_DATA_SETS');
    dir = parent;
  }
  return resolve(dir, '..', 'shared', 'data');
}
