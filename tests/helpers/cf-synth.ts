/**
 * A synthetic implicit-feedback set with an obvious structure: users come in groups, each group
 * likes its own block of items and never touches the others'. One liked item per user is held
 * out for evaluation.
 */
import { mulberry32 } from '../../src/main/engine/embed/init';
import type { Interactions } from '../../src/main/engine/cf/interactions';
import { fromPairs } from '../../src/main/engine/cf/interactions';

/** Options for {@link blockData}. */
export type BlockOptions = Readonly<{
  groups?: number;
  usersPerGroup?: number;
  itemsPerGroup?: number;
  /** Liked items per user, held-out one included. */
  likes?: number;
  seed?: number;
}>;

/** The training matrix, each user's group and held-out item. */
export type BlockData = Readonly<{
  train: Interactions;
  groupOfUser: Int32Array;
  heldOut: Int32Array;
  itemsPerGroup: number;
}>;

/** Users and items of group g are g·usersPerGroup … and g·itemsPerGroup … respectively. */
export function blockData(options: BlockOptions = {}): BlockData {
  const { groups = 2, usersPerGroup = 30, itemsPerGroup = 30, likes = 12, seed = 7 } = options;
  const rand = mulberry32(seed);
  const users: number[] = [];
  const items: number[] = [];
  const nUsers = groups * usersPerGroup;
  const groupOfUser = new Int32Array(nUsers);
  const heldOut = new Int32Array(nUsers);
  for (let u = 0; u < nUsers; u++) {
    const g = Math.floor(u / usersPerGroup);
    groupOfUser[u] = g;
    const block = Array.from({ length: itemsPerGroup }, (_, k) => g * itemsPerGroup + k);
    for (let k = block.length - 1; k > 0; k--) {
      const r = Math.floor(rand() * (k + 1));
      [block[k], block[r]] = [block[r] ?? 0, block[k] ?? 0];
    }
    const liked = block.slice(0, likes);
    heldOut[u] = liked[0] ?? 0;
    for (const i of liked.slice(1)) {
      users.push(u);
      items.push(i);
    }
  }
  const train = fromPairs(nUsers, groups * itemsPerGroup, {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
  });
  return { train, groupOfUser, heldOut, itemsPerGroup };
}
