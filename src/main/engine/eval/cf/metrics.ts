/**
 * Leave-one-out ranking metrics of the NCF protocol, as ../shared/reference/neumf_ref.py
 * computes them: a held-out item's rank is the number of competitors scoring at least as high
 * (ties count against it); HR@k is whether the rank is below k, NDCG@k is 1 / log2(rank + 2)
 * then, else 0. Sampled: the competitors are the user's 99 sampled negatives. Full catalogue:
 * every item except the held-out one and the user's training items (Krichene & Rendle, KDD 2020,
 * on why sampled figures alone can mislead).
 */

/** The cut-off of the reported metrics. */
export const TOP_K = 10;

/** Hit rate and NDCG at {@link TOP_K}, averaged over users. */
export type RankingMetrics = Readonly<{ hr10: number; ndcg10: number }>;

/** HR@k of one rank (0-based): 1 or 0. */
export function hitAt(rank: number, k = TOP_K): number {
  return rank < k ? 1 : 0;
}

/** NDCG@k of one rank (0-based). */
export function ndcgAt(rank: number, k = TOP_K): number {
  return rank < k ? 1 / Math.log2(rank + 2) : 0;
}

/** Means of HR@10 and NDCG@10 over ranks. */
export function meanMetrics(ranks: ArrayLike<number>): RankingMetrics {
  let hr = 0;
  let ndcg = 0;
  for (let r = 0; r < ranks.length; r++) {
    const rank = ranks[r] ?? Infinity;
    hr += hitAt(rank);
    ndcg += ndcgAt(rank);
  }
  const n = Math.max(ranks.length, 1);
  return { hr10: hr / n, ndcg10: ndcg / n };
}

/**
 * Ranks against sampled candidates: `scores` holds rows of `width` scores, the held-out item's
 * first and its negatives after it.
 */
export function sampledRanks(scores: Float32Array, width: number): Int32Array {
  const rows = scores.length / width;
  const ranks = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const target = scores[r * width] ?? 0;
    let rank = 0;
    for (let k = 1; k < width; k++) if ((scores[r * width + k] ?? -Infinity) >= target) rank++;
    ranks[r] = rank;
  }
  return ranks;
}

/**
 * Rank of `heldOut` among every item of `scores` (one score per item) except itself and the
 * items of `exclude` (ascending: the user's training items).
 */
export function fullCatalogueRank(
  scores: Float32Array,
  heldOut: number,
  exclude: Int32Array,
): number {
  const target = scores[heldOut] ?? 0;
  let rank = 0;
  let next = 0;
  for (let j = 0; j < scores.length; j++) {
    while (next < exclude.length && (exclude[next] ?? 0) < j) next++;
    if (j === heldOut || exclude[next] === j) continue;
    if ((scores[j] ?? -Infinity) >= target) rank++;
  }
  return rank;
}
