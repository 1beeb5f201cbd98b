/**
 * Implicit feedback as a sparse user × item matrix, and the maps between outside ids (track
 * ids, session ids, raw data-set ids) and the dense indices the model uses.
 */

/** Outside ids in index order, and the way back. */
export type IdIndex = Readonly<{
  ids: readonly string[];
  index: ReadonlyMap<string, number>;
}>;

/** Builds an {@link IdIndex}; index order is the order of `ids`, duplicates are refused. */
export function idIndex(ids: Iterable<string>): IdIndex {
  const list = [...ids];
  const index = new Map<string, number>();
  list.forEach((id, i) => {
    if (index.has(id)) throw new Error(`duplicate id ${id}`);
    index.set(id, i);
  });
  return { ids: list, index };
}

/**
 * Positives in compressed sparse rows: the items of user u are
 * `items[offsets[u]] … items[offsets[u + 1] - 1]`, ascending and distinct.
 */
export type Interactions = Readonly<{
  nUsers: number;
  nItems: number;
  offsets: Int32Array;
  items: Int32Array;
}>;

/** Index pairs, e.g. explicit negatives: pair k is (`users[k]`, `items[k]`). */
export type Pairs = Readonly<{ users: Int32Array; items: Int32Array }>;

/** Builds the matrix from (user, item) index pairs, in any order; repeated pairs count once. */
export function fromPairs(nUsers: number, nItems: number, pairs: Pairs): Interactions {
  const { users, items } = pairs;
  if (users.length !== items.length) throw new Error('users and items differ in length');
  const counts = new Int32Array(nUsers + 1);
  for (let k = 0; k < users.length; k++) {
    const u = users[k] ?? -1;
    const i = items[k] ?? -1;
    if (u < 0 || u >= nUsers || i < 0 || i >= nItems) {
      throw new Error(`pair (${u}, ${i}) is outside ${nUsers} users × ${nItems} items`);
    }
    counts[u + 1] = (counts[u + 1] ?? 0) + 1;
  }
  for (let u = 0; u < nUsers; u++) counts[u + 1] = (counts[u + 1] ?? 0) + (counts[u] ?? 0);
  const cursor = counts.slice(0, nUsers);
  const raw = new Int32Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const u = users[k] ?? 0;
    const at = cursor[u] ?? 0;
    raw[at] = items[k] ?? 0;
    cursor[u] = at + 1;
  }
  const offsets = new Int32Array(nUsers + 1);
  const out = new Int32Array(users.length);
  let n = 0;
  for (let u = 0; u < nUsers; u++) {
    const row = raw.subarray(counts[u], counts[u + 1]).sort();
    for (let k = 0; k < row.length; k++) {
      if (k === 0 || row[k] !== row[k - 1]) out[n++] = row[k] ?? 0;
    }
    offsets[u + 1] = n;
  }
  return { nUsers, nItems, offsets, items: out.slice(0, n) };
}

/** The items of user `u`, ascending (a view, not a copy). */
export function userItems(m: Interactions, u: number): Int32Array {
  return m.items.subarray(m.offsets[u], m.offsets[u + 1]);
}

/** Whether user `u` has item `i`, by binary search in its row. */
export function hasItem(m: Interactions, u: number, i: number): boolean {
  let lo = m.offsets[u] ?? 0;
  let hi = (m.offsets[u + 1] ?? 0) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = m.items[mid] ?? 0;
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The item × user matrix. */
export function transpose(m: Interactions): Interactions {
  const users = new Int32Array(m.items.length);
  for (let u = 0; u < m.nUsers; u++) users.fill(u, m.offsets[u], m.offsets[u + 1]);
  return fromPairs(m.nItems, m.nUsers, { users: m.items, items: users });
}

/** How many users have each item. */
export function itemCounts(m: Interactions): Int32Array {
  const counts = new Int32Array(m.nItems);
  for (const i of m.items) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}
