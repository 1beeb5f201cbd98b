/**
 * One epoch's training instances, as the NCF paper builds them: every positive, a fresh draw of
 * sampled negatives per positive, and any explicit negatives (skips), shuffled together.
 */
import type { Interactions, Pairs } from './interactions';
import { hasItem } from './interactions';

/** Index pairs with a weight each (1 when absent), e.g. skips that fade with age. */
export type WeightedPairs = Pairs & Readonly<{ weights?: Float32Array }>;

/** Labelled (user, item) instances in training order. */
export type Instances = Readonly<{
  users: Int32Array;
  items: Int32Array;
  /** 1 for a positive, 0 for a negative. */
  labels: Float32Array;
  /** Each instance's weight in the loss; null when every weight is 1. */
  weights: Float32Array | null;
}>;

/** Options for {@link sampleEpoch}. */
export type SampleOptions = Readonly<{
  /** Sampled negatives per positive. */
  negatives: number;
  /** Uniforms in [0, 1); one stream per training run keeps epochs reproducible. */
  rand: () => number;
  /** Negatives known from feedback (skips), added to every epoch as they are. */
  explicit?: WeightedPairs;
  /** The weight of each positive, aligned with `train.items`; sampled negatives weigh 1. */
  positiveWeights?: Float32Array;
}>;

/**
 * Draws `negatives` items per positive uniformly from the items the user has no positive with
 * (rejection sampling, as the reference does), then shuffles all instances (Fisher–Yates).
 */
export function sampleEpoch(train: Interactions, options: SampleOptions): Instances {
  const { negatives, rand, positiveWeights } = options;
  const explicit: WeightedPairs = options.explicit ?? {
    users: new Int32Array(0),
    items: new Int32Array(0),
  };
  const nPos = train.items.length;
  let n = 0;
  const total = nPos * (1 + negatives) + explicit.users.length;
  const users = new Int32Array(total);
  const items = new Int32Array(total);
  const labels = new Float32Array(total);
  const weights =
    positiveWeights === undefined && explicit.weights === undefined
      ? null
      : new Float32Array(total).fill(1);
  for (let u = 0; u < train.nUsers; u++) {
    const start = train.offsets[u] ?? 0;
    const end = train.offsets[u + 1] ?? 0;
    // A user with every item has no negatives to draw.
    const draws = end - start < train.nItems ? negatives : 0;
    for (let k = start; k < end; k++) {
      users[n] = u;
      items[n] = train.items[k] ?? 0;
      if (weights !== null && positiveWeights !== undefined) weights[n] = positiveWeights[k] ?? 1;
      labels[n++] = 1;
      for (let d = 0; d < draws; d++) {
        let j: number;
        do j = Math.floor(rand() * train.nItems);
        while (hasItem(train, u, j));
        users[n] = u;
        items[n++] = j;
      }
    }
  }
  users.set(explicit.users, n);
  items.set(explicit.items, n);
  if (weights !== null && explicit.weights !== undefined) weights.set(explicit.weights, n);
  n += explicit.users.length;
  for (let k = n - 1; k > 0; k--) {
    const r = Math.floor(rand() * (k + 1));
    swap(users, k, r);
    swap(items, k, r);
    swap(labels, k, r);
    if (weights !== null) swap(weights, k, r);
  }
  return {
    users: users.subarray(0, n),
    items: items.subarray(0, n),
    labels: labels.subarray(0, n),
    weights: weights?.subarray(0, n) ?? null,
  };
}

function swap(a: Int32Array | Float32Array, i: number, j: number): void {
  const t = a[i] ?? 0;
  a[i] = a[j] ?? 0;
  a[j] = t;
}
