/**
 * A validation split carved out of a leave-one-out split's training data, so that everything a
 * recipe learns beyond the models' own weights (the hybrid's fusion) is fitted without seeing the
 * test users' held-out items: each user with at least two training items hands one of them to
 * validation, with 99 negatives drawn from the items it never had (its test item included among
 * those it had). The item is chosen as the test item was: the latest when the data has times
 * (ml-100k's test item is each user's latest rating, ties to the largest id), else at random
 * (lastfm-2k's is random). A random validation item on ml-100k is much easier than its test item
 * (RP3beta: HR@10 0.76 against 0.46), so a fusion fitted on it would not carry over.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mulberry32 } from '../../embed/init';
import { fromPairs, userItems } from '../../cf/interactions';
import { CANDIDATES, type LooDataset } from './loo-dataset';

/** When each (user, item) pair happened, by `${user}\t${item}` in dense indices. */
export type PairTimes = ReadonlyMap<string, number>;

/**
 * The times of a split's pairs from the raw file beside it, when there is one with times
 * (ml-100k's `u.data`: user, item, rating, seconds); null otherwise.
 */
export async function pairTimes(dir: string, data: LooDataset): Promise<PairTimes | null> {
  const file = join(dir, 'u.data');
  if (!existsSync(file)) return null;
  const times = new Map<string, number>();
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const [user, item, , time] = line.split('\t');
    if (time === undefined) continue;
    const u = data.users.index.get(user ?? '');
    const i = data.items.index.get(item ?? '');
    if (u !== undefined && i !== undefined) times.set(`${u}\t${i}`, Number(time));
  }
  return times;
}

/** The training item a user hands to validation: the latest (ties: largest), or a random one. */
function heldOut(
  u: number,
  row: Int32Array,
  times: PairTimes | null,
  random: () => number,
): number {
  if (row.length < 2) return -1;
  if (times === null) return row[Math.floor(random() * row.length)] ?? -1;
  let best = -1;
  let bestTime = -Infinity;
  for (const i of row) {
    const t = times.get(`${u}\t${i}`) ?? -Infinity;
    if (t > bestTime || (t === bestTime && i > best)) [best, bestTime] = [i, t];
  }
  return best;
}

/** The split's training data less one item per user, and those items as the held-out ones. */
export function validationSplit(
  data: LooDataset,
  options: Readonly<{ times?: PairTimes | null; seed?: number }> = {},
): LooDataset {
  const times = options.times ?? null;
  const random = mulberry32(options.seed ?? 1);
  const { train } = data;
  const nItems = train.nItems;
  const testItem = new Int32Array(train.nUsers).fill(-1);
  data.testUsers.forEach((u, r) => (testItem[u] = data.candidates[r * CANDIDATES] ?? -1));
  const users: number[] = [];
  const items: number[] = [];
  const heldUsers: number[] = [];
  const candidates: number[] = [];
  for (let u = 0; u < train.nUsers; u++) {
    const row = userItems(train, u);
    const held = heldOut(u, row, times, random);
    for (const i of row) {
      if (i === held) continue;
      users.push(u);
      items.push(i);
    }
    if (held < 0 || row.length + 1 + CANDIDATES >= nItems) continue;
    const had = new Set(row);
    const test = testItem[u] ?? -1;
    if (test >= 0) had.add(test);
    const negatives = new Set<number>();
    while (negatives.size < CANDIDATES - 1) {
      const j = Math.floor(random() * nItems);
      if (!had.has(j)) negatives.add(j);
    }
    heldUsers.push(u);
    candidates.push(held, ...negatives);
  }
  return {
    users: data.users,
    items: data.items,
    train: fromPairs(train.nUsers, nItems, {
      users: Int32Array.from(users),
      items: Int32Array.from(items),
    }),
    testUsers: Int32Array.from(heldUsers),
    candidates: Int32Array.from(candidates),
  };
}
