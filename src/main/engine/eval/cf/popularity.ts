/**
 * The popularity baseline: every user gets the same scores, each item's number of users. It is
 * the floor any personalised model must clear, and the fallback when one cannot be trained.
 */
import type { Interactions } from '../../cf/interactions';
import { itemCounts } from '../../cf/interactions';

/** Scores items by how many users have them. */
export class Popularity {
  private readonly counts: Float32Array;

  constructor(train: Interactions) {
    this.counts = Float32Array.from(itemCounts(train));
  }

  /** Every item's score for each of `users`: `users.length × nItems`, row-major. */
  scoreAllItems(users: Int32Array): Float32Array {
    const n = this.counts.length;
    const out = new Float32Array(users.length * n);
    for (let r = 0; r < users.length; r++) out.set(this.counts, r * n);
    return out;
  }

  /** The score of each pair (`users[k]`, `items[k]`). */
  scorePairs(_users: Int32Array, items: Int32Array): Float32Array {
    return Float32Array.from(items, (i) => this.counts[i] ?? 0);
  }
}
