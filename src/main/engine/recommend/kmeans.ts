/**
 * Spherical k-means (cosine) over unit vectors, seeded with k-means++ from a seeded generator so
 * the same library gives the same mixes (the tightest of a few seeded restarts for each k), and
 * the number of clusters chosen by silhouette.
 */
import { mulberry32 } from '../embed/init';
import { dot, meanDirection } from './vector-math';

/** Cluster centres (unit vectors) and each point's cluster. */
export type Clustering = Readonly<{ centroids: Float32Array[]; assignment: Int32Array }>;

const MAX_ITERATIONS = 30;

/** Clusters `points` into `k` groups (fewer if there are fewer points). */
export function kMeans(points: readonly Float32Array[], k: number, seed = 1): Clustering {
  const n = points.length;
  const clusters = Math.min(k, n);
  const random = mulberry32(seed);
  const centroids: Float32Array[] = [];
  // k-means++: each next centre drawn with probability proportional to its squared distance.
  const distance = new Float64Array(n).fill(Infinity);
  let next = Math.floor(random() * n);
  while (centroids.length < clusters) {
    const centre = points[next] as Float32Array;
    centroids.push(centre);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, 1 - dot(points[i] as Float32Array, centre));
      distance[i] = Math.min(distance[i] ?? Infinity, d * d);
      total += distance[i] ?? 0;
    }
    let r = random() * total;
    next = 0;
    for (let i = 0; i < n; i++) {
      r -= distance[i] ?? 0;
      if (r <= 0) {
        next = i;
        break;
      }
    }
  }
  const assignment = new Int32Array(n).fill(-1);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const best = nearestCentroid(points[i] as Float32Array, centroids);
      if (best !== assignment[i]) [assignment[i], changed] = [best, true];
    }
    if (!changed) break;
    for (let c = 0; c < clusters; c++) {
      const members = points.filter((_, i) => assignment[i] === c);
      // An emptied cluster keeps its old centre rather than vanishing.
      if (members.length > 0) centroids[c] = meanDirection(members);
    }
  }
  return { centroids, assignment };
}

/** The index of the centroid most similar to `v`. */
export function nearestCentroid(v: Float32Array, centroids: readonly Float32Array[]): number {
  let best = 0;
  let bestSimilarity = -Infinity;
  centroids.forEach((c, j) => {
    const s = dot(v, c);
    if (s > bestSimilarity) [best, bestSimilarity] = [j, s];
  });
  return best;
}

/** Mean silhouette (cosine distance) of a clustering over the given points. */
export function silhouette(points: readonly Float32Array[], assignment: Int32Array): number {
  const n = points.length;
  const k = Math.max(...assignment) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Float64Array(k);
    const counts = new Int32Array(k);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const c = assignment[j] ?? 0;
      sums[c] = (sums[c] ?? 0) + 1 - dot(points[i] as Float32Array, points[j] as Float32Array);
      counts[c] = (counts[c] ?? 0) + 1;
    }
    const own = assignment[i] ?? 0;
    if ((counts[own] ?? 0) === 0) continue;
    const a = (sums[own] ?? 0) / (counts[own] ?? 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own && (counts[c] ?? 0) > 0) b = Math.min(b, (sums[c] ?? 0) / (counts[c] ?? 1));
    }
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b, 1e-12);
  }
  return total / Math.max(1, n);
}

/**
 * The clustering of `points` with the best silhouette for k in [minK, maxK] (measured on at
 * most `sample` of them, since silhouette costs the square of the points).
 */
export function bestKMeans(
  points: readonly Float32Array[],
  minK: number,
  maxK: number,
  sample = 400,
): Clustering {
  const step = Math.max(1, points.length / sample);
  const probe = Array.from({ length: Math.min(sample, points.length) }, (_, i) =>
    Math.floor(i * step),
  );
  let best: Clustering | null = null;
  let bestScore = -Infinity;
  for (let k = minK; k <= Math.min(maxK, points.length); k++) {
    const clustering = bestOfRestarts(points, k);
    const score = silhouette(
      probe.map((i) => points[i] as Float32Array),
      Int32Array.from(probe, (i) => clustering.assignment[i] ?? 0),
    );
    if (score > bestScore) [best, bestScore] = [clustering, score];
  }
  return best ?? kMeans(points, Math.min(minK, points.length));
}

/** Seeded restarts per k: k-means++ can still put two first centres in one true cluster. */
const RESTARTS = 4;

/** The tightest of {@link RESTARTS} clusterings (least summed cosine distance to the centres). */
function bestOfRestarts(points: readonly Float32Array[], k: number): Clustering {
  let best: Clustering | null = null;
  let bestSpread = Infinity;
  for (let seed = 1; seed <= RESTARTS; seed++) {
    const clustering = kMeans(points, k, seed);
    let spread = 0;
    for (let i = 0; i < points.length; i++) {
      const centre = clustering.centroids[clustering.assignment[i] ?? 0] as Float32Array;
      spread += 1 - dot(points[i] as Float32Array, centre);
    }
    if (spread < bestSpread) [best, bestSpread] = [clustering, spread];
  }
  return best ?? kMeans(points, k);
}
