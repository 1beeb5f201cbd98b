/**
 * Item-item similarity as sparse rows, for the item-item half of the hybrid taste: row i holds
 * the items most like i with their weights, and a user's (or a session's) score of item j is the
 * sum of the weights from the items it has. Two measures:
 *
 * - **cosine**: co-occurrences / √(n_i · n_j), as the reference ItemKNN;
 * - **RP3beta** (Paudel et al., ACM TiiS 2017; Dacrema et al., RecSys 2019): the three-step
 *   random walk item → user → item, each step's probability raised to α, the arrival divided by
 *   the arrival item's popularity to the power β, so rare co-occurrences count and hubs less.
 *
 * Only items that co-occur get a weight, and at most `neighbours` per row are kept, so the model
 * grows with the listening (Σ over users of their item count squared), never items².
 */
import type { Interactions } from './interactions';
import { itemCounts, transpose } from './interactions';

/** How two items' likeness is measured. */
export type NeighbourMeasure =
  Readonly<{ kind: 'cosine' }> | Readonly<{ kind: 'rp3beta'; alpha: number; beta: number }>;

/** Options of {@link ItemNeighbours.fit}. */
export type NeighbourOptions = Readonly<{
  measure: NeighbourMeasure;
  /** Neighbours kept per item (the largest weights); Infinity keeps them all. */
  neighbours: number;
  /** A weight per user (1 when absent): how much its co-occurrences count. */
  userWeights?: Float32Array;
  /** Also keep, per neighbour, how many users have both items (what an explanation cites). */
  counts?: boolean;
}>;

/** Sparse item × item weights; immutable once fitted. */
export class ItemNeighbours {
  private constructor(
    readonly nItems: number,
    /** Row i is `ids[offsets[i]] … ids[offsets[i + 1] − 1]`, by weight descending. */
    readonly offsets: Int32Array,
    readonly ids: Int32Array,
    readonly weights: Float32Array,
    /** Users having both items, aligned with `ids`; null unless asked for. */
    readonly counts: Int32Array | null,
  ) {}

  /** The similarity rows of a user × item matrix. */
  static fit(train: Interactions, options: NeighbourOptions): ItemNeighbours {
    const { measure, neighbours, userWeights } = options;
    const counting = options.counts === true;
    const byItem = transpose(train);
    const popularity = itemCounts(train);
    const n = train.nItems;
    const alpha = measure.kind === 'rp3beta' ? measure.alpha : 1;
    // What one user adds to a co-occurrence: its weight, and for RP3beta its step probability.
    const step = new Float64Array(train.nUsers);
    for (let u = 0; u < train.nUsers; u++) {
      const degree = (train.offsets[u + 1] ?? 0) - (train.offsets[u] ?? 0);
      const walk = measure.kind === 'rp3beta' ? Math.max(degree, 1) ** -alpha : 1;
      step[u] = walk * (userWeights?.[u] ?? 1);
    }
    const co = new Float64Array(n);
    const together = new Int32Array(counting ? n : 0);
    const touched = new Int32Array(n);
    const offsets = new Int32Array(n + 1);
    const rows: Row[] = [];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let a = byItem.offsets[i] ?? 0; a < (byItem.offsets[i + 1] ?? 0); a++) {
        const u = byItem.items[a] ?? 0;
        const w = step[u] ?? 0;
        for (let b = train.offsets[u] ?? 0; b < (train.offsets[u + 1] ?? 0); b++) {
          const j = train.items[b] ?? 0;
          if (j === i) continue;
          if (co[j] === 0) touched[t++] = j;
          co[j] = (co[j] ?? 0) + w;
          if (counting) together[j] = (together[j] ?? 0) + 1;
        }
      }
      const ni = popularity[i] ?? 0;
      const ids = touched.slice(0, t);
      const weights = new Float32Array(t);
      const rowCounts = counting ? new Int32Array(t) : null;
      for (let k = 0; k < t; k++) {
        const j = ids[k] ?? 0;
        const nj = popularity[j] ?? 1;
        const c = co[j] ?? 0;
        weights[k] =
          measure.kind === 'cosine'
            ? c / Math.sqrt(ni * nj)
            : c * Math.max(ni, 1) ** -alpha * nj ** -measure.beta;
        co[j] = 0;
        if (rowCounts !== null) {
          rowCounts[k] = together[j] ?? 0;
          together[j] = 0;
        }
      }
      const kept = topK({ ids, weights, counts: rowCounts }, neighbours);
      rows.push(kept);
      total += kept.ids.length;
      offsets[i + 1] = total;
    }
    const ids = new Int32Array(total);
    const weights = new Float32Array(total);
    const counts = counting ? new Int32Array(total) : null;
    rows.forEach((row, i) => {
      ids.set(row.ids, offsets[i]);
      weights.set(row.weights, offsets[i]);
      if (row.counts !== null) counts?.set(row.counts, offsets[i]);
    });
    return new ItemNeighbours(n, offsets, ids, weights, counts);
  }

  /** Rebuilds a model from its arrays (as saved), checking that they fit together. */
  static of(
    nItems: number,
    offsets: Int32Array,
    ids: Int32Array,
    weights: Float32Array,
    counts: Int32Array | null = null,
  ): ItemNeighbours {
    const lengthsFit =
      offsets.length === nItems + 1 &&
      ids.length === weights.length &&
      (counts === null || counts.length === ids.length) &&
      offsets[0] === 0 &&
      offsets[nItems] === ids.length;
    if (!lengthsFit) throw new Error('item neighbours: arrays of the wrong lengths');
    for (let i = 0; i < nItems; i++) {
      if ((offsets[i + 1] ?? 0) < (offsets[i] ?? 0)) {
        throw new Error('item neighbours: rows out of order');
      }
    }
    for (const j of ids) {
      if (j < 0 || j >= nItems) throw new Error(`item neighbours: item ${j} out of range`);
    }
    return new ItemNeighbours(nItems, offsets, ids, weights, counts);
  }

  /** Adds `weight_k × W[items_k, j]` to `out[j]` for every neighbour j of each item. */
  accumulate(items: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float64Array): void {
    for (let k = 0; k < items.length; k++) {
      const i = items[k] ?? 0;
      const w = weights === null ? 1 : (weights[k] ?? 0);
      if (w === 0) continue;
      for (let a = this.offsets[i] ?? 0; a < (this.offsets[i + 1] ?? 0); a++) {
        const j = this.ids[a] ?? 0;
        out[j] = (out[j] ?? 0) + w * (this.weights[a] ?? 0);
      }
    }
  }

  /** The neighbours of item `i`, best first (views, not copies). */
  row(i: number): Row {
    const from = this.offsets[i] ?? 0;
    const to = this.offsets[i + 1] ?? 0;
    return {
      ids: this.ids.subarray(from, to),
      weights: this.weights.subarray(from, to),
      counts: this.counts?.subarray(from, to) ?? null,
    };
  }
}

/** One item's neighbours, by weight descending. */
type Row = Readonly<{ ids: Int32Array; weights: Float32Array; counts: Int32Array | null }>;

/** The `k` largest weights of a row with their ids (and counts), by weight descending (ties by id). */
function topK(row: Row, k: number): Row {
  const { ids, weights, counts } = row;
  const order = Array.from({ length: ids.length }, (_, m) => m);
  order.sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || (ids[a] ?? 0) - (ids[b] ?? 0));
  const kept = order.slice(0, Math.min(k, order.length));
  return {
    ids: Int32Array.from(kept, (m) => ids[m] ?? 0),
    weights: Float32Array.from(kept, (m) => weights[m] ?? 0),
    counts: counts === null ? null : Int32Array.from(kept, (m) => counts[m] ?? 0),
  };
}
