/**
 * NeuMF's parameters (He et al., WWW 2017): a GMF branch (the element-wise product of a user
 * and an item embedding), an MLP branch (its own user and item embeddings, concatenated and
 * passed through a ReLU tower), and one sigmoid output over both branches concatenated. GMF and
 * MLP alone are the same model with one branch absent. The values live in Float32Arrays: the
 * trainer updates embedding rows sparsely in JavaScript and hands dense batches to TF.js.
 */
import { mulberry32 } from '../embed/init';
import type { NeumfConfig } from './neumf-config';
import { hasGmf, hasMlp, outputWidth, towerShapes } from './neumf-config';

/** One tower layer: `weight` is `in × out`, row-major. */
export type DenseLayer = Readonly<{ weight: Float32Array; bias: Float32Array }>;

/** All parameters; an absent branch's tables are empty. Trained in place. */
export type NeumfParams = Readonly<{
  config: NeumfConfig;
  nUsers: number;
  nItems: number;
  /** `nUsers × factors`. */
  gmfUser: Float32Array;
  /** `nItems × factors`. */
  gmfItem: Float32Array;
  /** `nUsers × mlpEmbedding`. */
  mlpUser: Float32Array;
  /** `nItems × mlpEmbedding`. */
  mlpItem: Float32Array;
  tower: readonly DenseLayer[];
  /** The output layer's weights: GMF part first, then the tower's. */
  out: Float32Array;
  /** The output layer's bias (one value). */
  outBias: Float32Array;
}>;

/** The spread of the initial embeddings, as in the paper's code and the reference. */
const EMBEDDING_STD = 0.01;

/** `count` draws from N(0, std²) by Box–Muller. */
function normal(count: number, std: number, rand: () => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(1 - rand()));
    const angle = 2 * Math.PI * rand();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

function uniform(count: number, limit: number, rand: () => number): Float32Array {
  return Float32Array.from({ length: count }, () => (2 * rand() - 1) * limit);
}

/**
 * Seeded initial parameters, as the reference initialises them: embeddings N(0, 0.01²), tower
 * weights Xavier-uniform, output weights LeCun-uniform, biases zero.
 */
export function initParams(
  config: NeumfConfig,
  nUsers: number,
  nItems: number,
  seed: number,
): NeumfParams {
  const rand = mulberry32(seed);
  const gmf = hasGmf(config) ? config.factors : 0;
  const mlp = hasMlp(config) ? config.mlpEmbedding : 0;
  const width = outputWidth(config);
  return {
    config,
    nUsers,
    nItems,
    gmfUser: normal(nUsers * gmf, EMBEDDING_STD, rand),
    gmfItem: normal(nItems * gmf, EMBEDDING_STD, rand),
    mlpUser: normal(nUsers * mlp, EMBEDDING_STD, rand),
    mlpItem: normal(nItems * mlp, EMBEDDING_STD, rand),
    tower: hasMlp(config)
      ? towerShapes(config).map(([fanIn, fanOut]) => ({
          weight: uniform(fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut)), rand),
          bias: new Float32Array(fanOut),
        }))
      : [],
    out: uniform(width, Math.sqrt(3 / width), rand),
    outBias: new Float32Array(1),
  };
}

/**
 * Warm start: parameters for a new set of users and items that keep every learned row of a
 * user or item that remains (`userFrom[u]` and `itemFrom[i]` name its old index, −1 for a new
 * one, which gets a fresh seeded row) and all network weights.
 */
export function remapParams(
  old: NeumfParams,
  userFrom: Int32Array,
  itemFrom: Int32Array,
  seed: number,
): NeumfParams {
  const fresh = initParams(old.config, userFrom.length, itemFrom.length, seed);
  const copyRows = (from: Float32Array, to: Float32Array, map: Int32Array, dim: number) => {
    map.forEach((o, n) => {
      if (o >= 0) to.set(from.subarray(o * dim, (o + 1) * dim), n * dim);
    });
  };
  const gmf = hasGmf(old.config) ? old.config.factors : 0;
  const mlp = hasMlp(old.config) ? old.config.mlpEmbedding : 0;
  copyRows(old.gmfUser, fresh.gmfUser, userFrom, gmf);
  copyRows(old.gmfItem, fresh.gmfItem, itemFrom, gmf);
  copyRows(old.mlpUser, fresh.mlpUser, userFrom, mlp);
  copyRows(old.mlpItem, fresh.mlpItem, itemFrom, mlp);
  return {
    ...fresh,
    tower: cloneParams(old).tower,
    out: old.out.slice(),
    outBias: old.outBias.slice(),
  };
}

/** A deep copy. */
export function cloneParams(p: NeumfParams): NeumfParams {
  return {
    ...p,
    gmfUser: p.gmfUser.slice(),
    gmfItem: p.gmfItem.slice(),
    mlpUser: p.mlpUser.slice(),
    mlpItem: p.mlpItem.slice(),
    tower: p.tower.map((l) => ({ weight: l.weight.slice(), bias: l.bias.slice() })),
    out: p.out.slice(),
    outBias: p.outBias.slice(),
  };
}

/**
 * NeuMF initialised from a trained GMF and a trained MLP, as the paper's pre-training does:
 * their embeddings and tower as they are, and the output weights of each scaled by α and
 * 1 − α respectively (bias likewise).
 */
export function fuseParams(gmf: NeumfParams, mlp: NeumfParams, alpha: number): NeumfParams {
  if (gmf.config.kind !== 'gmf' || mlp.config.kind !== 'mlp') {
    throw new Error('fusion takes a GMF and an MLP');
  }
  if (gmf.nUsers !== mlp.nUsers || gmf.nItems !== mlp.nItems) {
    throw new Error('the GMF and the MLP were trained on different users or items');
  }
  const out = new Float32Array(gmf.out.length + mlp.out.length);
  gmf.out.forEach((w, k) => (out[k] = alpha * w));
  mlp.out.forEach((w, k) => (out[gmf.out.length + k] = (1 - alpha) * w));
  return {
    config: { ...mlp.config, kind: 'neumf', factors: gmf.config.factors },
    nUsers: gmf.nUsers,
    nItems: gmf.nItems,
    gmfUser: gmf.gmfUser.slice(),
    gmfItem: gmf.gmfItem.slice(),
    mlpUser: mlp.mlpUser.slice(),
    mlpItem: mlp.mlpItem.slice(),
    tower: cloneParams(mlp).tower,
    out,
    outBias: Float32Array.of(alpha * (gmf.outBias[0] ?? 0) + (1 - alpha) * (mlp.outBias[0] ?? 0)),
  };
}
