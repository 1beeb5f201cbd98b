/**
 * Positions from neighbours: a track goes to the similarity-weighted mean of the positions of its
 * most similar tracks that have one. Used to start the refinement from the sample's layout (a
 * pass at a time outwards along the neighbour graph), and to put tracks added to the library
 * since the map was made among the tracks already on it, so that the map does not move under a
 * person's eyes after each scan.
 */
import type { PackedRows } from './neighbour-graph';
import { nearestAmong, type Neighbours, type SearchOptions } from './neighbour-search';

/** Neighbours a placed track's position is averaged from. */
export const PLACE_NEIGHBOURS = 6;
/** Sharpness of the weights: similarities are in [−1, 1], the closest counts most. */
const WEIGHT_SHARPNESS = 8;

/** Tracks with positions that others are placed among. */
export type Anchors = Readonly<{
  rows: PackedRows;
  /** `[x0, y0, x1, y1, …]` in the order of `rows`. */
  xy: Float32Array;
}>;

/**
 * The weighted mean of the positions of row `i`'s neighbours that `has` allows; false when it
 * allows none.
 */
function meanOfNeighbours(
  neighbours: Neighbours,
  i: number,
  xy: Float32Array,
  has: (j: number) => boolean,
  out: Float32Array,
  at: number,
): boolean {
  const { k, indices, similarities } = neighbours;
  let x = 0;
  let y = 0;
  let total = 0;
  for (let m = 0; m < k; m++) {
    const j = indices[i * k + m] as number;
    if (j < 0 || !has(j)) continue;
    const weight = Math.exp(WEIGHT_SHARPNESS * ((similarities[i * k + m] as number) - 1));
    x += weight * (xy[2 * j] as number);
    y += weight * (xy[2 * j + 1] as number);
    total += weight;
  }
  if (total === 0) return false;
  out[2 * at] = x / total;
  out[2 * at + 1] = y / total;
  return true;
}

/** Positions `[x0, y0, …]` for `targets`, each among its most similar anchors. */
export async function placeAmong(
  anchors: Anchors,
  targets: PackedRows,
  options: SearchOptions = {},
): Promise<Float32Array> {
  const out = new Float32Array(2 * targets.rows);
  if (targets.rows === 0 || anchors.rows.rows === 0) return out;
  const neighbours = await nearestAmong(anchors.rows, targets, PLACE_NEIGHBOURS, options);
  for (let t = 0; t < targets.rows; t++) {
    meanOfNeighbours(neighbours, t, anchors.xy, () => true, out, t);
  }
  return out;
}

/**
 * Gives every unplaced point the weighted mean of its placed neighbours, pass after pass
 * outwards from the placed ones, each pass reading only the positions of the one before (so the
 * order of the points does not matter). Points that no path of neighbours reaches stay
 * unplaced. `placed` is updated.
 */
export function spreadAlongNeighbours(
  neighbours: Neighbours,
  xy: Float32Array,
  placed: Uint8Array,
): void {
  const n = placed.length;
  let frontier = Uint8Array.from(placed);
  for (let changed = true; changed;) {
    changed = false;
    const next = Uint8Array.from(frontier);
    const before = frontier;
    for (let i = 0; i < n; i++) {
      if (before[i] === 1) continue;
      if (meanOfNeighbours(neighbours, i, xy, (j) => before[j] === 1, xy, i)) {
        next[i] = 1;
        changed = true;
      }
    }
    frontier = next;
  }
  placed.set(frontier);
}
