/**
 * Placing tracks that UMAP was not fitted on: each goes to the similarity-weighted mean of the
 * positions of its most similar fitted tracks. Searching all 2,000 fitted tracks for each of
 * 100,000 others would be 25 billion multiply-adds (minutes in JavaScript), so the fitted tracks
 * are first grouped by k-means and each track is compared only with the members of its nearest
 * few groups: about a tenth of the work, the same neighbours in all but borderline cases.
 */
import { kMeans } from '../recommend/kmeans';

/** Fitted neighbours a placed track's position is averaged from. */
export const PLACE_NEIGHBOURS = 6;
/** Groups of fitted tracks, and how many of the nearest a track's neighbours are sought in. */
export const PLACE_GROUPS = 48;
const GROUPS_SEARCHED = 3;
/** Sharpness of the weights: similarities are in [−1, 1], the closest counts most. */
const WEIGHT_SHARPNESS = 8;
const PLACEMENTS_PER_YIELD = 500;

export type PlaceOptions = Readonly<{
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}>;

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function dotOf(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += (a[d] as number) * (b[d] as number);
  return sum;
}

/** The indices of the `k` largest values, best first. */
function topK(values: Float64Array | readonly number[], k: number): number[] {
  return Array.from(values.keys())
    .sort((a, b) => (values[b] ?? -Infinity) - (values[a] ?? -Infinity))
    .slice(0, k);
}

/**
 * Fills `raw` (x, y pairs) for every vector not in `sample` from the positions already there
 * for the sampled ones.
 */
export async function placeRest(
  vectors: readonly Float32Array[],
  sample: readonly number[],
  raw: Float32Array,
  options: PlaceOptions = {},
): Promise<void> {
  const fitted = sample.map((i) => vectors[i] as Float32Array);
  const { centroids, assignment } = kMeans(fitted, Math.min(PLACE_GROUPS, fitted.length), 7);
  const members: number[][] = centroids.map(() => []);
  assignment.forEach((group, s) => members[group]?.push(sample[s] ?? 0));
  const sampled = new Set(sample);
  const toGroups = new Float64Array(centroids.length);
  const best = new Float64Array(PLACE_NEIGHBOURS);
  const bestAt = new Int32Array(PLACE_NEIGHBOURS);
  let placed = 0;
  for (let i = 0; i < vectors.length; i++) {
    if (sampled.has(i)) continue;
    const v = vectors[i] as Float32Array;
    centroids.forEach((c, g) => (toGroups[g] = dotOf(v, c)));
    best.fill(-Infinity);
    for (const group of topK(toGroups, GROUPS_SEARCHED)) {
      for (const s of members[group] ?? []) {
        const similarity = dotOf(v, vectors[s] as Float32Array);
        if (similarity <= (best[PLACE_NEIGHBOURS - 1] ?? -Infinity)) continue;
        // Insertion into the short sorted list of the best so far.
        let k = PLACE_NEIGHBOURS - 1;
        while (k > 0 && (best[k - 1] ?? -Infinity) < similarity) {
          best[k] = best[k - 1] ?? -Infinity;
          bestAt[k] = bestAt[k - 1] ?? 0;
          k--;
        }
        best[k] = similarity;
        bestAt[k] = s;
      }
    }
    let x = 0;
    let y = 0;
    let total = 0;
    for (let k = 0; k < PLACE_NEIGHBOURS; k++) {
      if (best[k] === -Infinity) break;
      const weight = Math.exp(WEIGHT_SHARPNESS * ((best[k] ?? -1) - (best[0] ?? 0)));
      const at = bestAt[k] ?? 0;
      x += weight * (raw[2 * at] ?? 0);
      y += weight * (raw[2 * at + 1] ?? 0);
      total += weight;
    }
    raw[2 * i] = x / total;
    raw[2 * i + 1] = y / total;
    if (++placed % PLACEMENTS_PER_YIELD === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.(i / vectors.length);
      await pause();
    }
  }
}
