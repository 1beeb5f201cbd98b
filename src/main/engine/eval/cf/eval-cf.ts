/**
 * The NCF evaluation harness: trains a model on a leave-one-out split and scores each user's
 * held-out item against its 99 sampled negatives after every epoch, and against the full
 * catalogue (the user's training items excluded) at the end.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../embed/backend';
import { userItems } from '../../cf/interactions';
import {
  BASELINE_DEFAULTS,
  BASELINES,
  baselineScorer,
  type Baseline,
  type BaselineSettings,
  type Scorer,
} from './baselines';
import { chooseHybrid, trainHybrid, type HybridChoice } from './hybrid-eval';
import { CANDIDATES, defaultDataSetsDir, readLooDataset } from './loo-dataset';
import type { LooDataset } from './loo-dataset';
import type { RankingMetrics } from './metrics';
import { fullCatalogueRank, meanMetrics, sampledRanks } from './metrics';
import type { NeumfConfig, TrainSettings } from '../../cf/neumf-config';
import { defaultConfig } from '../../cf/neumf-config';
import { NeumfScorer } from '../../cf/neumf-scorer';
import type { EpochReport } from '../../cf/trainer';
import { trainNcf } from '../../cf/trainer';

/** The models the harness can evaluate. */
export const EVAL_MODELS = ['neumf', 'gmf', 'mlp', 'hybrid', ...BASELINES] as const;
export type EvalModel = (typeof EVAL_MODELS)[number];

/** One trained epoch's sampled metrics and loss. */
export type EvalEpoch = Readonly<{ hr10: number; ndcg10: number; loss: number }>;

/** What {@link evaluateCf} reports; the names are those of `deepcut eval-cf --json`. */
export type EvalCfResult = Readonly<{
  model: EvalModel;
  factors: number;
  /** Sampled HR@10 and NDCG@10 of the final epoch. */
  hr10: number;
  ndcg10: number;
  full_hr10: number;
  full_ndcg10: number;
  /** Mean training seconds per epoch (0 for the untrained baselines). */
  seconds_per_epoch: number;
  /** Wall seconds of the whole run: training, fitting, the validation search and scoring. */
  seconds: number;
  /** The hybrid's settings as its recipe chose them on the validation split. */
  hybrid?: HybridChoice;
  /** The hybrid's two halves alone on the test users (sampled), as trained for it. */
  parts?: Readonly<{ neumf: RankingMetrics; itemItem: RankingMetrics }>;
  backend: string;
  /** Per trained epoch, pre-training excluded. */
  epochs: EvalEpoch[];
}>;

/** Options for {@link evaluateCf}. */
export type EvalCfOptions = Readonly<{
  /** A folder holding loo.*.tsv, or the name of one under the data sets folder (`ml-100k`). */
  dataDir: string;
  model: EvalModel;
  factors: number;
  epochs: number;
  /** Training settings beyond the epochs; the reference's by default. */
  settings?: Partial<Omit<TrainSettings, 'epochs'>>;
  /** Architecture beyond the kind and factors, e.g. a smaller MLP tower than the default. */
  architecture?: Partial<Omit<NeumfConfig, 'kind' | 'factors'>>;
  /** Settings of the untrained baselines (RP3beta's α and β, EASE^R's λ, neighbours). */
  baseline?: Partial<BaselineSettings>;
  /** NeuMF only: pre-train GMF and MLP for this many epochs each, then fuse. */
  pretrainEpochs?: number;
  /** After each epoch, pre-training included (which has no metrics). */
  onEpoch?: (report: EpochReport, metrics: EvalEpoch | null) => void;
  signal?: AbortSignal;
}>;

/** Users scored per full-catalogue call. */
const FULL_BATCH = 32;

/** Sampled HR@10 and NDCG@10. */
export function sampledMetrics(data: LooDataset, scorer: Scorer): RankingMetrics {
  const users = new Int32Array(data.candidates.length);
  data.testUsers.forEach((u, r) => users.fill(u, r * CANDIDATES, (r + 1) * CANDIDATES));
  return meanMetrics(sampledRanks(scorer.scorePairs(users, data.candidates), CANDIDATES));
}

/** HR@10 and NDCG@10 against the full catalogue, each user's training items excluded. */
export function fullMetrics(data: LooDataset, scorer: Scorer): RankingMetrics {
  const n = data.items.ids.length;
  const ranks = new Int32Array(data.testUsers.length);
  for (let start = 0; start < ranks.length; start += FULL_BATCH) {
    const users = data.testUsers.subarray(start, start + FULL_BATCH);
    const scores = scorer.scoreAllItems(users);
    users.forEach((u, k) => {
      const held = data.candidates[(start + k) * CANDIDATES] ?? 0;
      const row = scores.subarray(k * n, (k + 1) * n);
      ranks[start + k] = fullCatalogueRank(row, held, userItems(data.train, u));
    });
  }
  return meanMetrics(ranks);
}

function isBaseline(model: EvalModel): model is Baseline {
  return (BASELINES as readonly string[]).includes(model);
}

function resolveDataDir(dataDir: string): string {
  return existsSync(join(dataDir, 'loo.train.tsv')) ? dataDir : join(defaultDataSetsDir(), dataDir);
}

/** Trains (for the NCF models) and evaluates one model on one split. */
export async function evaluateCf(options: EvalCfOptions): Promise<EvalCfResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const { model, factors } = options;
  const backend = (await initBackend()).name;
  const dir = resolveDataDir(options.dataDir);
  const data = await readLooDataset(dir);
  const base = { model, factors, backend };
  if (isBaseline(model)) {
    const scorer = baselineScorer(model, data.train, { ...BASELINE_DEFAULTS, ...options.baseline });
    const sampled = sampledMetrics(data, scorer);
    const full = fullMetrics(data, scorer);
    return {
      ...base,
      ...sampled,
      ...full10(full),
      seconds_per_epoch: 0,
      seconds: seconds(),
      epochs: [],
    };
  }
  if (model === 'hybrid') {
    const choice = await chooseHybrid(data, dir, options.signal);
    const { scorer, neumf, itemItem, dispose } = await trainHybrid(data, choice, options.signal);
    try {
      const parts = {
        neumf: sampledMetrics(data, neumf),
        itemItem: sampledMetrics(data, itemItem),
      };
      const sampled = sampledMetrics(data, scorer);
      const full = fullMetrics(data, scorer);
      return {
        ...base,
        ...sampled,
        ...full10(full),
        seconds_per_epoch: 0,
        seconds: seconds(),
        hybrid: choice,
        parts,
        epochs: [],
      };
    } finally {
      dispose();
    }
  }
  const curve: EvalEpoch[] = [];
  let epochSeconds = 0;
  const { params } = await trainNcf({
    train: data.train,
    config: { ...defaultConfig(model, factors), ...options.architecture },
    settings: { ...options.settings, epochs: options.epochs },
    ...(options.pretrainEpochs ? { pretrain: { epochs: options.pretrainEpochs } } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onEpoch: (report, current) => {
      if (report.phase !== model) {
        options.onEpoch?.(report, null);
        return;
      }
      const scorer = new NeumfScorer(current);
      try {
        const metrics = { ...sampledMetrics(data, scorer), loss: report.loss };
        curve.push(metrics);
        epochSeconds += report.seconds;
        options.onEpoch?.(report, metrics);
      } finally {
        scorer.dispose();
      }
    },
  });
  const scorer = new NeumfScorer(params);
  try {
    const last = curve[curve.length - 1] ?? sampledMetrics(data, scorer);
    return {
      ...base,
      hr10: last.hr10,
      ndcg10: last.ndcg10,
      ...full10(fullMetrics(data, scorer)),
      seconds_per_epoch: curve.length === 0 ? 0 : epochSeconds / curve.length,
      seconds: seconds(),
      epochs: curve,
    };
  } finally {
    scorer.dispose();
  }
}

function full10(m: RankingMetrics): Readonly<{ full_hr10: number; full_ndcg10: number }> {
  return { full_hr10: m.hr10, full_ndcg10: m.ndcg10 };
}
