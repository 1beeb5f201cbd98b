/**
 * Item-based nearest neighbours over binary feedback: two items are alike when the same users
 * have them. A user's score for an item is the sum of its similarities to all of the user's
 * items (no neighbourhood cut-off), as in the reference's ItemKNN baseline.
 */
import type { Interactions } from '../../cf/interactions';
import { transpose } from '../../cf/interactions';

/** Cosine: co-occurrences / √(n_a · n_b). Jaccard: co-occurrences / |users of a ∪ users of b|. */
export type SimilarityMeasure = 'cosine' | 'jaccard';

/** |a ∩ b| / |a ∪ b| of two ascending lists of distinct ids; 0 when both are empty. */
export function jaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) common++;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  const union = a.length + b.length - common;
  return union === 0 ? 0 : common / union;
}

/** Item-item similarities over a user × item matrix, and scores from them. */
export class ItemKnn {
  private readonly byItem: Interactions;
  private readonly counts: Int32Array;
  /** Per item: a co-occurrence counter, and the items it has touched. */
  private readonly co: Float64Array;
  private readonly touched: Int32Array;

  constructor(
    private readonly train: Interactions,
    private readonly measure: SimilarityMeasure = 'cosine',
  ) {
    this.byItem = transpose(train);
    this.counts = Int32Array.from({ length: train.nItems }, (_, i) => this.usersOf(i).length);
    this.co = new Float64Array(train.nItems);
    this.touched = new Int32Array(train.nItems);
  }

  /** The similarity of `item` to every item (itself included). */
  similarTo(item: number): Float64Array {
    const out = new Float64Array(this.train.nItems);
    this.accumulateSimilar(item, out, 1);
    return out;
  }

  /** Every item's score for each of `users`: `users.length × nItems`, row-major. */
  scoreAllItems(users: Int32Array): Float32Array {
    const n = this.train.nItems;
    const out = new Float32Array(users.length * n);
    const acc = new Float64Array(n);
    users.forEach((u, r) => {
      acc.fill(0);
      this.scoreUser(u, acc);
      out.set(acc, r * n);
    });
    return out;
  }

  /** The score of each pair (`users[k]`, `items[k]`); pairs of one user should be adjacent. */
  scorePairs(users: Int32Array, items: Int32Array): Float32Array {
    const out = new Float32Array(users.length);
    const acc = new Float64Array(this.train.nItems);
    let current = -1;
    users.forEach((u, k) => {
      if (u !== current) {
        acc.fill(0);
        this.scoreUser(u, acc);
        current = u;
      }
      out[k] = acc[items[k] ?? 0] ?? 0;
    });
    return out;
  }

  private usersOf(item: number): Int32Array {
    return this.byItem.items.subarray(this.byItem.offsets[item], this.byItem.offsets[item + 1]);
  }

  private itemsOf(user: number): Int32Array {
    return this.train.items.subarray(this.train.offsets[user], this.train.offsets[user + 1]);
  }

  /** Adds `weight × similarity(item, j)` to `out[j]` for every j. */
  private accumulateSimilar(item: number, out: Float64Array, weight: number): void {
    let touched = 0;
    for (const v of this.usersOf(item)) {
      for (const j of this.itemsOf(v)) {
        if (this.co[j] === 0) this.touched[touched++] = j;
        this.co[j] = (this.co[j] ?? 0) + 1;
      }
    }
    const na = this.counts[item] ?? 0;
    for (let t = 0; t < touched; t++) {
      const j = this.touched[t] ?? 0;
      const co = this.co[j] ?? 0;
      const nb = this.counts[j] ?? 0;
      const sim = this.measure === 'cosine' ? co / Math.sqrt(na * nb) : co / (na + nb - co);
      out[j] = (out[j] ?? 0) + weight * sim;
      this.co[j] = 0;
    }
  }

  /** Adds user `u`'s score of every item to `acc`. */
  private scoreUser(u: number, acc: Float64Array): void {
    if (this.measure === 'jaccard') {
      for (const i of this.itemsOf(u)) this.accumulateSimilar(i, acc, 1);
      return;
    }
    // Cosine factorises: Σ_i co(i, j) / √(n_i n_j) = Σ_v [Σ_{i ∈ I_u ∩ I_v} 1/√n_i] / √n_j,
    // a pass over co-users instead of one per item of the user.
    const byUser = new Map<number, number>();
    for (const i of this.itemsOf(u)) {
      const w = 1 / Math.sqrt(this.counts[i] ?? 1);
      for (const v of this.usersOf(i)) byUser.set(v, (byUser.get(v) ?? 0) + w);
    }
    for (const [v, w] of byUser) for (const j of this.itemsOf(v)) acc[j] = (acc[j] ?? 0) + w;
    for (let j = 0; j < acc.length; j++) {
      const n = this.counts[j] ?? 0;
      acc[j] = n === 0 ? 0 : (acc[j] ?? 0) / Math.sqrt(n);
    }
  }
}
