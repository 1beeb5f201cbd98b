/**
 * Variants of the hybrid recipe (hybrid-eval.ts) measured side by side on one split, each still
 * a fixed recipe: every choice is made on the validation split, the test users are scored once
 * per variant. The components (NeuMF of two seeds, the RP3beta and EASE^R grids) are trained and
 * fitted once per split, z-scored over the whole catalogue per user as the recipe does, and kept
 * only at each user's 100 candidates, so trying a fusion costs a pass over small arrays.
 *
 * Variants:
 * - `recipe`: the recipe as it is (one item-item model and a weight from the grid);
 * - `fine`: the same with weights from 0 to 3 by 0.1;
 * - `two-seeds`: NeuMF's z-scores averaged over seeds 0 and 1, then as `recipe`;
 * - `three-way`: NeuMF + a·RP3beta + b·EASE^R (each side's best model, a and b from the grid);
 * - `two-seeds three-way`: both.
 */
import type { Interactions } from '../../cf/interactions';
import { ItemNeighbours } from '../../cf/item-neighbours';
import { NeumfScorer } from '../../cf/neumf-scorer';
import { TUNED_CONFIG, TUNED_SETTINGS } from '../../cf/neumf-config';
import { trainNcf } from '../../cf/trainer';
import { NeighbourScorer, type Scorer } from './baselines';
import { EaseR } from './ease';
import { ITEM_MODELS, WEIGHT_GRID, type ItemModel } from './hybrid-eval';
import { CANDIDATES, type LooDataset } from './loo-dataset';
import { meanMetrics, sampledRanks, type RankingMetrics } from './metrics';
import { pairTimes, validationSplit } from './validation-split';

/** One variant's choice on validation and its test figures. */
export type VariantResult = Readonly<{
  variant: string;
  chose: string;
  validation: RankingMetrics;
  test: RankingMetrics;
}>;

const FINE_GRID = Array.from({ length: 31 }, (_, k) => k / 10);

/** z-scored catalogue rows of `scorer` for `users`, kept at their candidates. */
function candidateZ(
  scorer: Scorer,
  users: Int32Array,
  candidates: Int32Array,
  nItems: number,
): Float32Array {
  const out = new Float32Array(users.length * CANDIDATES);
  const batch = 64;
  for (let start = 0; start < users.length; start += batch) {
    const part = users.subarray(start, start + batch);
    const rows = scorer.scoreAllItems(part);
    part.forEach((_, r) => {
      const row = rows.subarray(r * nItems, (r + 1) * nItems);
      let mean = 0;
      for (const v of row) mean += v;
      mean /= nItems;
      let variance = 0;
      for (const v of row) variance += (v - mean) ** 2;
      const sd = Math.sqrt(variance / nItems) || 1;
      const u = start + r;
      for (let k = 0; k < CANDIDATES; k++) {
        const j = candidates[u * CANDIDATES + k] ?? 0;
        out[u * CANDIDATES + k] = ((row[j] ?? 0) - mean) / sd;
      }
    });
  }
  return out;
}

function itemScorer(train: Interactions, model: ItemModel): Scorer {
  if (model.kind === 'ease') return new EaseR(train, model.lambda);
  const { alpha, beta } = model;
  return new NeighbourScorer(
    train,
    ItemNeighbours.fit(train, { measure: { kind: 'rp3beta', alpha, beta }, neighbours: Infinity }),
  );
}

function describe(model: ItemModel): string {
  return model.kind === 'ease'
    ? `EASE^R λ ${model.lambda}`
    : `RP3beta ${model.alpha}/${model.beta}`;
}

/** Every component's candidate z-scores on one split. */
type Components = Readonly<{ neumf: Float32Array[]; items: Float32Array[] }>;

async function components(
  train: Interactions,
  users: Int32Array,
  candidates: Int32Array,
  nItems: number,
  log: (line: string) => void,
): Promise<Components> {
  const neumf: Float32Array[] = [];
  for (const seed of [0, 1]) {
    const { params } = await trainNcf({
      train,
      config: TUNED_CONFIG,
      settings: { ...TUNED_SETTINGS, seed },
    });
    const scorer = new NeumfScorer(params);
    try {
      neumf.push(candidateZ(scorer, users, candidates, nItems));
    } finally {
      scorer.dispose();
    }
    log(`  NeuMF seed ${seed} done`);
  }
  const items = ITEM_MODELS.map((m) => {
    const z = candidateZ(itemScorer(train, m), users, candidates, nItems);
    log(`  ${describe(m)} done`);
    return z;
  });
  return { neumf, items };
}

function metricsOf(parts: readonly (readonly [Float32Array, number])[]): RankingMetrics {
  const first = parts[0]?.[0];
  const fused = new Float32Array(first?.length ?? 0);
  for (const [z, w] of parts) {
    for (let k = 0; k < fused.length; k++) fused[k] = (fused[k] ?? 0) + w * (z[k] ?? 0);
  }
  return meanMetrics(sampledRanks(fused, CANDIDATES));
}

function mean(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, k) => (v + (b[k] ?? 0)) / 2);
}

type Choice = Readonly<{ chose: string; parts: (v: Components) => [Float32Array, number][] }>;

/** The variants' candidate fusions, each a list of choices to pick from on validation. */
function variants(): [string, Choice[]][] {
  const neumfOf = (seeds: number) => (c: Components) =>
    seeds === 1
      ? (c.neumf[0] ?? new Float32Array())
      : mean(c.neumf[0] ?? new Float32Array(), c.neumf[1] ?? new Float32Array());
  const twoWay = (seeds: number, grid: readonly number[]): Choice[] =>
    ITEM_MODELS.flatMap((m, i) =>
      grid.map((w) => ({
        chose: `${describe(m)}, w ${w}`,
        parts: (c: Components): [Float32Array, number][] => [
          [neumfOf(seeds)(c), 1],
          [c.items[i] ?? new Float32Array(), w],
        ],
      })),
    );
  const threeWay = (seeds: number): Choice[] =>
    ITEM_MODELS.flatMap((m, i) =>
      ITEM_MODELS.flatMap((n, j) =>
        m.kind !== 'rp3beta' || n.kind !== 'ease'
          ? []
          : WEIGHT_GRID.flatMap((a) =>
              WEIGHT_GRID.map((b) => ({
                chose: `${describe(m)} w ${a} + ${describe(n)} w ${b}`,
                parts: (c: Components): [Float32Array, number][] => [
                  [neumfOf(seeds)(c), 1],
                  [c.items[i] ?? new Float32Array(), a],
                  [c.items[j] ?? new Float32Array(), b],
                ],
              })),
            ),
      ),
    );
  return [
    ['recipe', twoWay(1, WEIGHT_GRID)],
    ['fine', twoWay(1, FINE_GRID)],
    ['two-seeds', twoWay(2, WEIGHT_GRID)],
    ['three-way', threeWay(1)],
    ['two-seeds three-way', threeWay(2)],
  ];
}

/** Runs every variant on `data` (its validation split carved as the recipe does). */
export async function hybridVariants(
  data: LooDataset,
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<VariantResult[]> {
  const n = data.items.ids.length;
  const validation = validationSplit(data, { times: await pairTimes(dataDir, data) });
  log('validation split:');
  const onValidation = await components(
    validation.train,
    validation.testUsers,
    validation.candidates,
    n,
    log,
  );
  log('training data:');
  const onTest = await components(data.train, data.testUsers, data.candidates, n, log);
  return variants().map(([variant, choices]) => {
    let best: { choice: Choice; validation: RankingMetrics } | null = null;
    for (const choice of choices) {
      const m = metricsOf(choice.parts(onValidation));
      if (best === null || m.ndcg10 > best.validation.ndcg10) best = { choice, validation: m };
    }
    if (best === null) throw new Error('no variant');
    return {
      variant,
      chose: best.choice.chose,
      validation: best.validation,
      test: metricsOf(best.choice.parts(onTest)),
    };
  });
}
