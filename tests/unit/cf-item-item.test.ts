import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { fromPairs, transpose, userItems } from '../../src/main/engine/cf/interactions';
import { ItemNeighbours } from '../../src/main/engine/cf/item-neighbours';
import { NeighbourScorer } from '../../src/main/engine/eval/cf/baselines';
import { invertSpd } from '../../src/main/engine/cf/dense-inverse';
import { EaseR } from '../../src/main/engine/eval/cf/ease';
import { ItemKnn } from '../../src/main/engine/eval/cf/item-knn';
import { blockData } from '../helpers/cf-synth';

function randomMatrix(nUsers: number, nItems: number, density: number, seed: number) {
  const rand = mulberry32(seed);
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) {
      if (rand() < density) {
        users.push(u);
        items.push(i);
      }
    }
  }
  return fromPairs(nUsers, nItems, {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
  });
}

describe('the dense inverse', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const n = 7;
    const rand = mulberry32(2);
    const m = Float64Array.from({ length: n * n }, () => rand() - 0.5);
    // a = mᵀm + I is symmetric positive definite.
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) s += (m[k * n + i] ?? 0) * (m[k * n + j] ?? 0);
        a[i * n + j] = s;
      }
    const inverse = Float64Array.from(a);
    invertSpd(inverse, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (a[i * n + k] ?? 0) * (inverse[k * n + j] ?? 0);
        expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    expect(() => invertSpd(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});

describe('EASE^R', () => {
  it('scores the same through the user-side (Woodbury) and the item-side inverse', () => {
    const train = randomMatrix(12, 20, 0.3, 5);
    const users = Int32Array.from({ length: 12 }, (_, u) => u);
    const viaUsers = new EaseR(train, 3, 'users').scoreAllItems(users);
    const viaItems = new EaseR(train, 3, 'items').scoreAllItems(users);
    for (let k = 0; k < viaUsers.length; k++) expect(viaUsers[k]).toBeCloseTo(viaItems[k] ?? 0, 4);
  });

  it('ranks a user\u2019s held-out item of its own block first', () => {
    const data = blockData({ itemsPerGroup: 20 });
    const ease = new EaseR(data.train, 10);
    const u = 3;
    const row = ease.scoreAllItems(Int32Array.of(u));
    const own = data.groupOfUser[u] ?? 0;
    const held = data.heldOut[u] ?? 0;
    const other = (1 - own) * data.itemsPerGroup;
    expect(row[held]).toBeGreaterThan(row[other] ?? 0);
  });
});

describe('item neighbours', () => {
  const train = randomMatrix(30, 25, 0.25, 9);
  const users = Int32Array.from({ length: 30 }, (_, u) => u);

  it('with cosine and every neighbour, ranks as the reference ItemKNN', () => {
    const model = ItemNeighbours.fit(train, { measure: { kind: 'cosine' }, neighbours: Infinity });
    const ours = new NeighbourScorer(train, model).scoreAllItems(users);
    const reference = new ItemKnn(train).scoreAllItems(users);
    // The reference also counts each item's similarity to itself, which only its own items get.
    users.forEach((u) => {
      const own = new Set(userItems(train, u));
      for (let j = 0; j < train.nItems; j++) {
        if (own.has(j)) continue;
        expect(ours[u * train.nItems + j]).toBeCloseTo(reference[u * train.nItems + j] ?? 0, 5);
      }
    });
  });

  it('weighs RP3beta walks by degree and divides by popularity to the β', () => {
    const model = ItemNeighbours.fit(train, {
      measure: { kind: 'rp3beta', alpha: 0.5, beta: 0.3 },
      neighbours: Infinity,
    });
    const byItem = transpose(train);
    const degree = (u: number) => userItems(train, u).length;
    const pop = (i: number) => userItems(byItem, i).length;
    const [i, j] = [2, 7];
    let expected = 0;
    for (const u of userItems(byItem, i))
      if (userItems(train, u).includes(j)) expected += degree(u) ** -0.5;
    expected *= pop(i) ** -0.5 * pop(j) ** -0.3;
    const row = model.row(i);
    const at = Array.from(row.ids).indexOf(j);
    expect(at >= 0 ? row.weights[at] : 0).toBeCloseTo(expected, 5);
  });

  it('keeps only the k heaviest neighbours, best first', () => {
    const model = ItemNeighbours.fit(train, { measure: { kind: 'cosine' }, neighbours: 3 });
    for (let i = 0; i < train.nItems; i++) {
      const { ids, weights } = model.row(i);
      expect(ids.length).toBeLessThanOrEqual(3);
      expect(Array.from(ids)).not.toContain(i);
      for (let k = 1; k < weights.length; k++) {
        expect(weights[k - 1] ?? 0).toBeGreaterThanOrEqual(weights[k] ?? 0);
      }
    }
  });
});
