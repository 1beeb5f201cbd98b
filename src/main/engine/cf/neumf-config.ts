/**
 * The shape of an NCF model (He et al., WWW 2017) and its training settings. The defaults are
 * the reference's (../shared/reference/neumf_ref.py), so figures compare.
 */
import { z } from 'zod';

/** Which NCF model: the fused NeuMF, or one of its two branches alone. */
export type NcfKind = 'neumf' | 'gmf' | 'mlp';

/** The architecture. */
export type NeumfConfig = Readonly<{
  kind: NcfKind;
  /** Predictive factors: GMF embedding size and the MLP tower's last layer. */
  factors: number;
  /** MLP embedding size (user and item each); the tower's input is twice this. */
  mlpEmbedding: number;
  /** Hidden layer sizes of the MLP tower after its input, each with ReLU. */
  tower: readonly number[];
}>;

/**
 * The paper's tower for `factors` f: embeddings of 4f, so 8f → 4f → 2f → f
 * (64 → 32 → 16 → 8 for f = 8).
 */
export function defaultConfig(kind: NcfKind, factors: number): NeumfConfig {
  return { kind, factors, mlpEmbedding: 4 * factors, tower: [4 * factors, 2 * factors, factors] };
}

/** Whether the model has a GMF branch. */
export function hasGmf(config: NeumfConfig): boolean {
  return config.kind !== 'mlp';
}

/** Whether the model has an MLP branch. */
export function hasMlp(config: NeumfConfig): boolean {
  return config.kind !== 'gmf';
}

/** Width of the vector the output layer reads. */
export function outputWidth(config: NeumfConfig): number {
  return (hasGmf(config) ? config.factors : 0) + (hasMlp(config) ? lastLayer(config) : 0);
}

function lastLayer(config: NeumfConfig): number {
  return config.tower[config.tower.length - 1] ?? 2 * config.mlpEmbedding;
}

/** Input and output sizes of each tower layer. */
export function towerShapes(config: NeumfConfig): [number, number][] {
  const sizes = [2 * config.mlpEmbedding, ...config.tower];
  return config.tower.map((out, l) => [sizes[l] ?? 0, out]);
}

const positive = z.number().int().positive();

/** Schema of a stored {@link NeumfConfig}. */
export const neumfConfigSchema = z.object({
  kind: z.enum(['neumf', 'gmf', 'mlp']),
  factors: positive,
  mlpEmbedding: positive,
  tower: z.array(positive).min(1),
});

/** How to train. */
export type TrainSettings = Readonly<{
  epochs: number;
  batchSize: number;
  /** Adam's step size. */
  learningRate: number;
  /** Sampled negatives per positive, re-drawn every epoch. */
  negatives: number;
  /**
   * L2 penalty on the embedding rows a batch uses, per row and instance (lazy, like the
   * sparse updates); 0 turns it off, as in the reference.
   */
  l2: number;
  /** Seeds the initial weights, the negatives and the order. */
  seed: number;
  /**
   * Lazy Adam: an embedding row moves only in the steps whose batch uses it. Otherwise rows
   * also keep moving by their momentum in the steps between, as under the reference's dense
   * Adam (see sparse-embedding.ts); lazy gives rarely used rows about a tenth of that motion.
   */
  lazyAdam: boolean;
  /**
   * Inverted dropout on the embeddings a batch feeds in: each element of a user's GMF row
   * (which drops the same element of the GMF product) and of the MLP's input is zeroed with
   * this probability, the rest scaled up to match; 0 turns it off, as in the reference.
   */
  dropout: number;
  /**
   * Start the GMF branch from the item co-occurrence structure of the training set
   * (cooccurrence-init.ts) rather than at random; ignored for a warm start.
   */
  cooccurrenceInit: boolean;
}>;

/** The reference's settings: dense Adam, lr 0.001, batch 256, 4 negatives, no regularisation. */
export const REFERENCE_SETTINGS: TrainSettings = {
  epochs: 20,
  batchSize: 256,
  learningRate: 0.001,
  negatives: 4,
  l2: 0,
  seed: 0,
  lazyAdam: false,
  dropout: 0,
  cooccurrenceInit: false,
};

/**
 * The architecture that met the reference's best epochs on both benchmark splits (see
 * bench/cf.ts --quality): GMF of 32 factors beside the MLP tower of 8 predictive factors
 * (embeddings of 32, then 32 → 16 → 8). Larger GMF factors helped on lastfm-2k; a larger
 * tower only cost time.
 */
export const TUNED_CONFIG: NeumfConfig = {
  kind: 'neumf',
  factors: 32,
  mlpEmbedding: 32,
  tower: [32, 16, 8],
};

/**
 * Training for {@link TUNED_CONFIG}: lazy Adam (a milder step for rarely seen rows) and 10
 * epochs, after which both splits' curves turn down.
 */
export const TUNED_SETTINGS: TrainSettings = { ...REFERENCE_SETTINGS, epochs: 10, lazyAdam: true };

/**
 * The best recipe found for lastfm-2k (sparse, like listening data: most artists heard by
 * few): the GMF branch started from the training set's item co-occurrence
 * (cooccurrence-init.ts) with 64 factors, and dropout against the overfitting that larger
 * factors bring. Its final (10th) epoch there: HR@10 0.788 / NDCG@10 0.647, against
 * {@link TUNED_CONFIG}'s 0.765 / 0.617 and ItemKNN's 0.802 / 0.660. Not the tuned recipe: on
 * ml-100k the same kind of recipe (128 factors) stayed below the reference (0.59 / 0.32), and on
 * synthetic listening logs its sessions found their tracks less well. bench/cf.ts --quality
 * reports it; README.md ("NeuMF") lists what was tried.
 */
export const SPARSE_CONFIG: NeumfConfig = { ...TUNED_CONFIG, factors: 64 };

/** Training for {@link SPARSE_CONFIG}. */
export const SPARSE_SETTINGS: TrainSettings = {
  ...TUNED_SETTINGS,
  dropout: 0.3,
  cooccurrenceInit: true,
};
