import { describe, expect, it } from 'vitest';
import type { Interactions } from '../../src/main/engine/cf/interactions';
import { fromPairs, transpose, userItems } from '../../src/main/engine/cf/interactions';
import { ItemKnn, jaccard } from '../../src/main/engine/eval/cf/item-knn';
import { Popularity } from '../../src/main/engine/eval/cf/popularity';
import { blockData } from '../helpers/cf-synth';

/** Rows of 0/1 → a user × item matrix. */
function matrix(rows: number[][]): Interactions {
  const users: number[] = [];
  const items: number[] = [];
  rows.forEach((row, u) =>
    row.forEach((v, i) => {
      if (v === 1) {
        users.push(u);
        items.push(i);
      }
    }),
  );
  return fromPairs(rows.length, rows[0]?.length ?? 0, {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
  });
}

// The seed lecture's example: users u1–u4 × items i1–i5.
const seed = matrix([
  [1, 1, 1, 0, 1],
  [0, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [1, 0, 1, 1, 1],
]);
const [u1, u2, u3, u4] = [0, 1, 2, 3];

describe("the seed's example matrix", () => {
  it('gives the Jaccard similarities 1/2, 2/5, 2/3 and 3/5, 2/5, 1/5', () => {
    const j = (a: number, b: number) => jaccard(userItems(seed, a), userItems(seed, b));
    // They are the six user–user pairs: u1 = {i1,i2,i3,i5}, u2 = {i2,i3}, u3 = {i2,i3,i4},
    // u4 = {i1,i3,i4,i5}. First the triangle u1, u2, u3:
    expect(j(u1, u2)).toBe(1 / 2); // {i2,i3} of {i1,i2,i3,i5}
    expect(j(u1, u3)).toBe(2 / 5); // {i2,i3} of all five
    expect(j(u2, u3)).toBe(2 / 3); // {i2,i3} of {i2,i3,i4}
    // then each of them with u4:
    expect(j(u1, u4)).toBe(3 / 5); // {i1,i3,i5} of all five
    expect(j(u3, u4)).toBe(2 / 5); // {i3,i4} of all five
    expect(j(u2, u4)).toBe(1 / 5); // {i3} of all five
  });

  it('gives the same numbers from the similarity code, users taken as the items', () => {
    const byUser = new ItemKnn(transpose(seed), 'jaccard');
    expect([...byUser.similarTo(u1)]).toEqual([1, 1 / 2, 2 / 5, 3 / 5]);
    expect([...byUser.similarTo(u2)]).toEqual([1 / 2, 1, 2 / 3, 1 / 5]);
    expect([...byUser.similarTo(u3)]).toEqual([2 / 5, 2 / 3, 1, 2 / 5]);
  });

  it('gives cosine item–item similarities co-occurrences / √(n_a n_b)', () => {
    // i1 = {u1,u4}, i2 = {u1,u2,u3}, i3 = everyone, i4 = {u3,u4}, i5 = {u1,u4}.
    const sims = new ItemKnn(seed, 'cosine').similarTo(0);
    const expected = [1, 1 / Math.sqrt(6), 2 / Math.sqrt(8), 1 / Math.sqrt(4), 1];
    expected.forEach((v, i) => expect(sims[i]).toBeCloseTo(v, 12));
  });
});

describe('ItemKNN scores', () => {
  const data = blockData({ usersPerGroup: 8, itemsPerGroup: 10, likes: 5 });
  const users = Int32Array.from({ length: data.train.nUsers }, (_, u) => u);

  for (const measure of ['cosine', 'jaccard'] as const) {
    it(`sum the ${measure} similarities to the user's items`, () => {
      const knn = new ItemKnn(data.train, measure);
      const all = knn.scoreAllItems(users);
      const n = data.train.nItems;
      for (const u of users) {
        const brute = new Float64Array(n);
        for (const i of userItems(data.train, u))
          knn.similarTo(i).forEach((s, j) => (brute[j] = (brute[j] ?? 0) + s));
        brute.forEach((s, j) => expect(all[u * n + j]).toBeCloseTo(s, 5));
      }
      const pairUsers = Int32Array.of(0, 0, 9, 3);
      const pairItems = Int32Array.of(1, 15, 2, 7);
      const pairs = knn.scorePairs(pairUsers, pairItems);
      pairUsers.forEach((u, k) => expect(pairs[k]).toBe(all[u * n + (pairItems[k] ?? 0)]));
    });
  }

  it('never score an item outside the user’s block', () => {
    const all = new ItemKnn(data.train).scoreAllItems(users);
    const n = data.train.nItems;
    for (const u of users) {
      for (let j = 0; j < n; j++) {
        const sameBlock = Math.floor(j / data.itemsPerGroup) === data.groupOfUser[u];
        if (!sameBlock) expect(all[u * n + j]).toBe(0);
      }
    }
  });
});

describe('popularity', () => {
  it('scores each item by its number of users, the same for everyone', () => {
    const pop = new Popularity(seed);
    expect([...pop.scoreAllItems(Int32Array.of(u1, u3))]).toEqual([2, 3, 4, 2, 2, 2, 3, 4, 2, 2]);
    expect([...pop.scorePairs(Int32Array.of(u2, u4), Int32Array.of(2, 3))]).toEqual([4, 2]);
  });
});
