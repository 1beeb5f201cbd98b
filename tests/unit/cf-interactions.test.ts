import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/embed/init';
import {
  fromPairs,
  hasItem,
  idIndex,
  itemCounts,
  transpose,
  userItems,
} from '../../src/main/engine/cf/interactions';
import { sampleEpoch } from '../../src/main/engine/cf/negatives';
import { blockData } from '../helpers/cf-synth';

describe('interactions', () => {
  it('sorts and dedupes each user’s items', () => {
    const m = fromPairs(3, 5, {
      users: Int32Array.of(2, 0, 2, 0, 2),
      items: Int32Array.of(4, 3, 1, 3, 0),
    });
    expect([...userItems(m, 0)]).toEqual([3]);
    expect([...userItems(m, 1)]).toEqual([]);
    expect([...userItems(m, 2)]).toEqual([0, 1, 4]);
    expect([0, 1, 2, 3, 4].filter((i) => hasItem(m, 2, i))).toEqual([0, 1, 4]);
    expect([...itemCounts(m)]).toEqual([1, 1, 0, 1, 1]);
    const t = transpose(m);
    expect([t.nUsers, t.nItems]).toEqual([5, 3]);
    expect([...userItems(t, 3)]).toEqual([0]);
    expect([...userItems(t, 4)]).toEqual([2]);
  });

  it('refuses pairs outside the matrix and duplicate ids', () => {
    expect(() => fromPairs(2, 2, { users: Int32Array.of(2), items: Int32Array.of(0) })).toThrow();
    expect(() => idIndex(['a', 'b', 'a'])).toThrow(/duplicate/);
    expect(idIndex(['x', 'y']).index.get('y')).toBe(1);
  });
});

describe('negative sampling', () => {
  const { train } = blockData({ usersPerGroup: 10, itemsPerGroup: 20, likes: 8 });
  const explicit = { users: Int32Array.of(0, 1), items: Int32Array.of(3, 4) };

  it('draws 4 negatives per positive among items the user has not, plus explicit ones', () => {
    const epoch = sampleEpoch(train, { negatives: 4, rand: mulberry32(1), explicit });
    const positives = train.items.length;
    expect(epoch.users.length).toBe(positives * 5 + 2);
    let pos = 0;
    let explicitSeen = 0;
    for (let k = 0; k < epoch.users.length; k++) {
      const [u = 0, i = 0] = [epoch.users[k], epoch.items[k]];
      if (epoch.labels[k] === 1) {
        pos++;
        expect(hasItem(train, u, i)).toBe(true);
      } else if ((u === 0 && i === 3) || (u === 1 && i === 4)) {
        explicitSeen++;
      } else {
        expect(hasItem(train, u, i)).toBe(false);
      }
    }
    expect(pos).toBe(positives);
    expect(explicitSeen).toBeGreaterThanOrEqual(2);
  });

  it('re-draws and reshuffles every epoch', () => {
    const rand = mulberry32(2);
    const a = sampleEpoch(train, { negatives: 4, rand });
    const b = sampleEpoch(train, { negatives: 4, rand });
    expect([...a.items]).not.toEqual([...b.items]);
    const negsOf = (e: typeof a) =>
      [...e.items].filter((_, k) => e.labels[k] === 0).sort((x, y) => x - y);
    expect(negsOf(a)).not.toEqual(negsOf(b));
  });
});
