/**
 * The hybrid on a leave-one-out split, by one fixed recipe for every data set:
 *
 * 1. carve a validation split out of the training data (validation-split.ts: the latest item
 *    per user when the data has times, else a random one, as the test item was chosen);
 * 2. on it, train NeuMF (the tuned recipe, its final epoch) and fit each item-item model of
 *    {@link ITEM_MODELS} (RP3beta over a grid of α and β, EASE^R over a grid of λ); keep the
 *    model and the fusion weight of {@link WEIGHT_GRID} whose fused ranking of the validation
 *    items has the best NDCG@10 (weight 0 is NeuMF alone);
 * 3. train NeuMF and fit that item-item model on the whole training data and score the test
 *    users with the fused score, once. Nothing is chosen on the test users.
 *
 * The fused score of item j for user u is z(NeuMF logit) + w · z(item-item score), each z-scored
 * over the whole catalogue for that user, so the two scales meet whatever the user's history
 * length, and the fusion is the same for sampled and full-catalogue ranking.
 */
import type { Interactions } from '../../cf/interactions';
import { ItemNeighbours } from '../../cf/item-neighbours';
import { NeumfScorer } from '../../cf/neumf-scorer';
import { TUNED_CONFIG, TUNED_SETTINGS } from '../../cf/neumf-config';
import { trainNcf } from '../../cf/trainer';
import { NeighbourScorer, type Scorer } from './baselines';
import { EaseR } from './ease';
import { CANDIDATES, type LooDataset } from './loo-dataset';
import { meanMetrics, sampledRanks, type RankingMetrics } from './metrics';
import { pairTimes, validationSplit } from './validation-split';

/** An item-item model of the search: RP3beta with its α and β, or EASE^R with its λ. */
export type ItemModel =
  | Readonly<{ kind: 'rp3beta'; alpha: number; beta: number }>
  | Readonly<{ kind: 'ease'; lambda: number }>;

/** The item-item models tried on the validation split. */
export const ITEM_MODELS: readonly ItemModel[] = [
  { kind: 'rp3beta', alpha: 0.6, beta: 0.4 },
  { kind: 'rp3beta', alpha: 0.8, beta: 0.5 },
  { kind: 'rp3beta', alpha: 1, beta: 0.5 },
  { kind: 'rp3beta', alpha: 1, beta: 0.7 },
  { kind: 'ease', lambda: 500 },
  { kind: 'ease', lambda: 1000 },
];

/** Fusion weights of the item-item side tried on the validation split; 0 is NeuMF alone. */
export const WEIGHT_GRID: readonly number[] = [0, 0.3, 0.5, 0.7, 1, 1.5, 2];

/** What the recipe chose on validation, and how its choice scored there. */
export type HybridChoice = Readonly<{
  itemModel: ItemModel;
  weight: number;
  validation: RankingMetrics;
}>;

/** Per-user z-scores of rows of catalogue scores, in place. */
function zRows(scores: Float32Array, n: number): void {
  for (let start = 0; start < scores.length; start += n) {
    const row = scores.subarray(start, start + n);
    let mean = 0;
    for (const v of row) mean += v;
    mean /= n;
    let variance = 0;
    for (const v of row) variance += (v - mean) ** 2;
    const sd = Math.sqrt(variance / n) || 1;
    for (let j = 0; j < n; j++) row[j] = ((row[j] ?? 0) - mean) / sd;
  }
}

/** Fuses two scorers' catalogue rows: z(a) + w·z(b). */
export class FusedScorer implements Scorer {
  constructor(
    private readonly nItems: number,
    private readonly a: Scorer,
    private readonly b: Scorer,
    private readonly weight: number,
  ) {}

  scoreAllItems(users: Int32Array): Float32Array {
    const a = this.a.scoreAllItems(users);
    const b = this.b.scoreAllItems(users);
    zRows(a, this.nItems);
    zRows(b, this.nItems);
    for (let k = 0; k < a.length; k++) a[k] = (a[k] ?? 0) + this.weight * (b[k] ?? 0);
    return a;
  }

  scorePairs(users: Int32Array, items: Int32Array): Float32Array {
    const out = new Float32Array(users.length);
    for (let k = 0; k < users.length;) {
      const u = users[k] ?? 0;
      let end = k;
      while (end < users.length && users[end] === u) end++;
      const row = this.scoreAllItems(Int32Array.of(u));
      for (let m = k; m < end; m++) out[m] = row[items[m] ?? 0] ?? 0;
      k = end;
    }
    return out;
  }
}

/** Sampled metrics of catalogue rows already computed for the evaluated users. */
function sampledFromRows(data: LooDataset, rows: Float32Array): RankingMetrics {
  const n = data.items.ids.length;
  const scores = new Float32Array(data.candidates.length);
  data.testUsers.forEach((_, r) => {
    for (let k = 0; k < CANDIDATES; k++) {
      scores[r * CANDIDATES + k] = rows[r * n + (data.candidates[r * CANDIDATES + k] ?? 0)] ?? 0;
    }
  });
  return meanMetrics(sampledRanks(scores, CANDIDATES));
}

async function neumfOn(train: Interactions, signal?: AbortSignal): Promise<NeumfScorer> {
  const { params } = await trainNcf({
    train,
    config: TUNED_CONFIG,
    settings: TUNED_SETTINGS,
    ...(signal ? { signal } : {}),
  });
  return new NeumfScorer(params);
}

function itemModelOn(train: Interactions, model: ItemModel): Scorer {
  if (model.kind === 'ease') return new EaseR(train, model.lambda);
  const { alpha, beta } = model;
  const neighbours = ItemNeighbours.fit(train, {
    measure: { kind: 'rp3beta', alpha, beta },
    neighbours: Infinity,
  });
  return new NeighbourScorer(train, neighbours);
}

/** Step 2: the settings the validation split prefers. */
export async function chooseHybrid(
  data: LooDataset,
  dataDir: string,
  signal?: AbortSignal,
): Promise<HybridChoice> {
  const validation = validationSplit(data, { times: await pairTimes(dataDir, data) });
  const n = data.items.ids.length;
  const neumf = await neumfOn(validation.train, signal);
  let best: HybridChoice | null = null;
  try {
    const base = neumf.scoreAllItems(validation.testUsers);
    zRows(base, n);
    const fused = new Float32Array(base.length);
    for (const itemModel of ITEM_MODELS) {
      const item = itemModelOn(validation.train, itemModel).scoreAllItems(validation.testUsers);
      zRows(item, n);
      for (const weight of WEIGHT_GRID) {
        for (let k = 0; k < fused.length; k++) fused[k] = (base[k] ?? 0) + weight * (item[k] ?? 0);
        const metrics = sampledFromRows(validation, fused);
        if (best === null || metrics.ndcg10 > best.validation.ndcg10) {
          best = { itemModel, weight, validation: metrics };
        }
      }
    }
  } finally {
    neumf.dispose();
  }
  if (best === null) throw new Error('no validation users');
  return best;
}

/** Step 3: the hybrid with the chosen settings, trained on the whole training data. */
export async function trainHybrid(
  data: LooDataset,
  choice: HybridChoice,
  signal?: AbortSignal,
): Promise<
  Readonly<{ scorer: FusedScorer; neumf: Scorer; itemItem: Scorer; dispose: () => void }>
> {
  const neumf = await neumfOn(data.train, signal);
  const itemItem = itemModelOn(data.train, choice.itemModel);
  return {
    scorer: new FusedScorer(data.items.ids.length, neumf, itemItem, choice.weight),
    neumf,
    itemItem,
    dispose: () => neumf.dispose(),
  };
}
