/**
 * Item embeddings from co-occurrence: the leading eigenvectors of the item–item cosine matrix
 * S = D^-1/2 · Rᵀ · R · D^-1/2 (R the binary user × item matrix, D the item counts), the
 * matrix ItemKNN sums over. S is never formed: each product with it is two passes over R's
 * non-zeros. Randomised subspace iteration finds the top eigenvectors (Halko, Martinsson &
 * Tropp 2011), a Rayleigh–Ritz step on the small projected matrix sorts them out.
 *
 * {@link cooccurrenceParams} starts NeuMF's GMF branch there (see neumf-config.ts's
 * `cooccurrenceInit`): learnt from the training interactions only, like everything else.
 */
import { mulberry32 } from '../embed/init';
import { symmetricEigen } from '../linalg/symmetric-eigen';
import type { Interactions } from './interactions';
import type { NeumfParams } from './neumf';
import { initParams } from './neumf';
import type { NeumfConfig } from './neumf-config';
import { hasGmf } from './neumf-config';

/** Options for {@link cooccurrenceFactors}. */
export type CooccurrenceOptions = Readonly<{
  /** Power iterations; more separate close eigenvalues better. */
  iterations?: number;
  /** Extra columns carried along and dropped at the end. */
  oversample?: number;
  seed?: number;
}>;

/** The top `k` eigenpairs of S: `vectors` is `nItems × k` row-major, values descending. */
export type ItemFactors = Readonly<{ k: number; vectors: Float64Array; values: Float64Array }>;

/** `out = S · x` for `x` of `nItems × m`, row-major; `z` is `nUsers × m` scratch. */
function multiply(
  train: Interactions,
  scale: Float64Array,
  x: Float64Array,
  m: number,
  z: Float64Array,
  out: Float64Array,
): void {
  z.fill(0);
  for (let u = 0; u < train.nUsers; u++) {
    for (let k = train.offsets[u] ?? 0; k < (train.offsets[u + 1] ?? 0); k++) {
      const j = train.items[k] ?? 0;
      const s = scale[j] ?? 0;
      for (let c = 0; c < m; c++) z[u * m + c] = (z[u * m + c] ?? 0) + s * (x[j * m + c] ?? 0);
    }
  }
  out.fill(0);
  for (let u = 0; u < train.nUsers; u++) {
    for (let k = train.offsets[u] ?? 0; k < (train.offsets[u + 1] ?? 0); k++) {
      const j = train.items[k] ?? 0;
      const s = scale[j] ?? 0;
      for (let c = 0; c < m; c++) out[j * m + c] = (out[j * m + c] ?? 0) + s * (z[u * m + c] ?? 0);
    }
  }
}

/** Orthonormalises the columns of `x` (`n × m`, row-major) in place, by modified Gram–Schmidt. */
function orthonormalise(x: Float64Array, n: number, m: number): void {
  for (let c = 0; c < m; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += (x[r * m + c] ?? 0) * (x[r * m + p] ?? 0);
      for (let r = 0; r < n; r++) x[r * m + c] = (x[r * m + c] ?? 0) - dot * (x[r * m + p] ?? 0);
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += (x[r * m + c] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    // A column in the span of the others (S of low rank) is left at zero.
    for (let r = 0; r < n; r++) x[r * m + c] = norm > 1e-12 ? (x[r * m + c] ?? 0) / norm : 0;
  }
}

/** The top `k` eigenpairs of the item–item cosine matrix of `train`. */
export function cooccurrenceFactors(
  train: Interactions,
  k: number,
  options: CooccurrenceOptions = {},
): ItemFactors {
  const { iterations = 3, oversample = 10, seed = 0 } = options;
  const n = train.nItems;
  const m = Math.min(n, k + oversample);
  const counts = new Float64Array(n);
  for (const j of train.items) counts[j] = (counts[j] ?? 0) + 1;
  const scale = counts.map((c) => (c > 0 ? 1 / Math.sqrt(c) : 0));
  const rand = mulberry32(seed);
  let x = Float64Array.from({ length: n * m }, () => rand() - 0.5);
  let y = new Float64Array(n * m);
  const z = new Float64Array(train.nUsers * m);
  orthonormalise(x, n, m);
  for (let it = 0; it < iterations; it++) {
    multiply(train, scale, x, m, z, y);
    orthonormalise(y, n, m);
    [x, y] = [y, x];
  }
  multiply(train, scale, x, m, z, y);
  // The projected matrix Xᵀ S X, whose eigenvectors rotate X into S's.
  const b = new Float64Array(m * m);
  for (let r = 0; r < n; r++) {
    for (let p = 0; p < m; p++) {
      const xp = x[r * m + p] ?? 0;
      for (let q = 0; q < m; q++) b[p * m + q] = (b[p * m + q] ?? 0) + xp * (y[r * m + q] ?? 0);
    }
  }
  const [values, w] = symmetricEigen(b, m);
  const order = Array.from(values.keys()).sort((p, q) => (values[q] ?? 0) - (values[p] ?? 0));
  const top = order.slice(0, Math.min(k, m));
  const vectors = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    top.forEach((col, c) => {
      let sum = 0;
      for (let p = 0; p < m; p++) sum += (x[r * m + p] ?? 0) * (w[p * m + col] ?? 0);
      vectors[r * k + c] = sum;
    });
  }
  return { k, vectors, values: Float64Array.from(top, (col) => values[col] ?? 0) };
}

/** Root mean square of the elements. */
function rms(a: Float64Array): number {
  let sum = 0;
  for (const x of a) sum += x * x;
  return Math.sqrt(sum / Math.max(1, a.length));
}

/** The spread of the initial GMF rows: ten times the random ones', so the structure shows. */
const INIT_RMS = 0.1;

/**
 * Initial parameters whose GMF branch scores like a rank-`factors` ItemKNN: item rows are the
 * top eigenvectors of S scaled by √eigenvalue, a user's row the sum of its items' rows, and the
 * GMF output weights 1, so a GMF score is the low-rank `Σ_j∈user S_ij` up to scale. Both tables
 * are scaled to an RMS of 0.1; the MLP branch starts at random as usual.
 */
export function cooccurrenceParams(
  config: NeumfConfig,
  train: Interactions,
  seed: number,
): NeumfParams {
  const params = initParams(config, train.nUsers, train.nItems, seed);
  if (!hasGmf(config)) return params;
  const f = config.factors;
  const { vectors, values } = cooccurrenceFactors(train, f, { seed });
  const items = vectors.map((v, k) => v * Math.sqrt(Math.max(0, values[k % f] ?? 0)));
  const users = new Float64Array(train.nUsers * f);
  for (let u = 0; u < train.nUsers; u++) {
    for (let k = train.offsets[u] ?? 0; k < (train.offsets[u + 1] ?? 0); k++) {
      const j = train.items[k] ?? 0;
      for (let c = 0; c < f; c++)
        users[u * f + c] = (users[u * f + c] ?? 0) + (items[j * f + c] ?? 0);
    }
  }
  const itemScale = INIT_RMS / (rms(items) || 1);
  const userScale = INIT_RMS / (rms(users) || 1);
  items.forEach((v, k) => (params.gmfItem[k] = v * itemScale));
  users.forEach((v, k) => (params.gmfUser[k] = v * userScale));
  params.out.fill(1, 0, f);
  return params;
}
