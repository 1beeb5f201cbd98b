/**
 * Retrieval metrics for "same label" relevance: every item is a query, every other item is ranked
 * by cosine similarity to it, and an item is relevant when it carries the query's label.
 */
import { mulberry32 } from '../embed/init';

/** Mean precision at 5 and 10 and mean average precision over all queries. */
export type RetrievalScores = Readonly<{ p5: number; p10: number; map: number }>;

function norm(v: Float32Array | Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/** Cosine similarity of every pair, as a dense n × n matrix (the diagonal is 1 or 0). */
export function cosineMatrix(vectors: readonly (Float32Array | Float64Array)[]): Float64Array[] {
  const units = vectors.map((v) => {
    const n = norm(v);
    return Float64Array.from(v, (x) => (n > 0 ? x / n : 0));
  });
  return units.map((a) =>
    Float64Array.from(units, (b) => {
      let s = 0;
      for (let d = 0; d < a.length; d++) s += (a[d] ?? 0) * (b[d] ?? 0);
      return s;
    }),
  );
}

/**
 * Precision at `k` and average precision of one ranking: `relevant[r]` says whether the item at
 * rank r (0 = best) is relevant. AP is the mean of the precision at each relevant item's rank,
 * over all `totalRelevant` items (0 when there are none).
 */
export function rankingScores(
  relevant: readonly boolean[],
  totalRelevant: number,
): Readonly<{ p5: number; p10: number; ap: number }> {
  let hits = 0;
  let precisionSum = 0;
  let p5 = 0;
  let p10 = 0;
  relevant.forEach((isRelevant, rank) => {
    if (isRelevant) {
      hits++;
      precisionSum += hits / (rank + 1);
    }
    if (rank === 4) p5 = hits / 5;
    if (rank === 9) p10 = hits / 10;
  });
  // Fewer than k items: the missing ranks count as misses, as in a fixed-length result list.
  if (relevant.length < 5) p5 = hits / 5;
  if (relevant.length < 10) p10 = hits / 10;
  return { p5, p10, ap: totalRelevant > 0 ? precisionSum / totalRelevant : 0 };
}

/**
 * Mean P@5, P@10 and mAP when each item queries all others by cosine similarity. Ties keep the
 * items' order. Queries whose label no other item shares count in the precisions but not in mAP,
 * where their AP is undefined.
 */
export function retrievalScores(
  vectors: readonly (Float32Array | Float64Array)[],
  labels: readonly string[],
): RetrievalScores {
  if (vectors.length !== labels.length) {
    throw new Error(`${vectors.length} vectors but ${labels.length} labels`);
  }
  const sims = cosineMatrix(vectors);
  const sizes = new Map<string, number>();
  for (const label of labels) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  let p5 = 0;
  let p10 = 0;
  let apSum = 0;
  let apCount = 0;
  sims.forEach((row, q) => {
    const others = labels.map((_, i) => i).filter((i) => i !== q);
    others.sort((a, b) => (row[b] ?? 0) - (row[a] ?? 0) || a - b);
    const total = (sizes.get(labels[q] ?? '') ?? 1) - 1;
    const scores = rankingScores(
      others.map((i) => labels[i] === labels[q]),
      total,
    );
    p5 += scores.p5;
    p10 += scores.p10;
    if (total > 0) {
      apSum += scores.ap;
      apCount++;
    }
  });
  const n = Math.max(1, vectors.length);
  return { p5: p5 / n, p10: p10 / n, map: apCount > 0 ? apSum / apCount : 0 };
}

/** Each dimension shifted and scaled to mean 0 and standard deviation 1 over the set. */
export function zScore(vectors: readonly Float64Array[]): Float64Array[] {
  const dim = vectors[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (const v of vectors) v.forEach((x, d) => (mean[d] = (mean[d] ?? 0) + x));
  mean.forEach((s, d) => (mean[d] = s / vectors.length));
  for (const v of vectors) v.forEach((x, d) => (sq[d] = (sq[d] ?? 0) + (x - (mean[d] ?? 0)) ** 2));
  // A constant dimension carries nothing; it becomes 0 rather than a division by zero.
  const std = Float64Array.from(sq, (s) => Math.sqrt(s / vectors.length) || 1);
  return vectors.map((v) => Float64Array.from(v, (x, d) => (x - (mean[d] ?? 0)) / (std[d] ?? 1)));
}

/**
 * The scores of random rankings: standard-normal vectors of `dim` dimensions for the same labels,
 * averaged over `seeds` seeds (1, 2, …) so the figure does not hang on one draw.
 */
export function chanceScores(labels: readonly string[], seeds = 20, dim = 64): RetrievalScores {
  const total = { p5: 0, p10: 0, map: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const rand = mulberry32(seed);
    const gaussian = (): number =>
      Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const vectors = labels.map(() => Float64Array.from({ length: dim }, gaussian));
    const s = retrievalScores(vectors, labels);
    total.p5 += s.p5 / seeds;
    total.p10 += s.p10 / seeds;
    total.map += s.map / seeds;
  }
  return total;
}
