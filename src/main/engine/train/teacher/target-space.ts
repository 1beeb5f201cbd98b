/**
 * Where the teacher's 200-d embeddings become the student's targets. Retrieval with the teacher
 * works on track vectors (the mean of a track's patch embeddings) z-scored over the set; the
 * student's vector has 128 dimensions (the store's width). So the targets are the z-scored
 * vectors rotated onto their 128 principal axes: cosine between two targets is then the
 * teacher's cosine, less the variance of the 72 weakest axes. The same affine map applies to
 * patches, so a track's target is the mean of its patches' targets.
 */
import { symmetricEigen } from '../../linalg/symmetric-eigen';
import type { TeacherTargets } from './teacher-targets';

/** The fitted map: z-score with track-level statistics, then project on principal axes. */
export type TargetSpace = Readonly<{
  mean: Float64Array;
  std: Float64Array;
  /** [inDim, outDim], column j = the j-th principal axis. */
  basis: Float64Array;
  inDim: number;
  outDim: number;
  /** Share of the z-scored variance the kept axes hold. */
  explained: number;
}>;

/** Mean of a track's patch embeddings. */
export function trackEmbedding(t: TeacherTargets): Float64Array {
  const dim = t.patches[0]?.embedding.length ?? 0;
  const sum = new Float64Array(dim);
  for (const p of t.patches) p.embedding.forEach((v, d) => (sum[d] = (sum[d] ?? 0) + v));
  return sum.map((v) => v / Math.max(1, t.patches.length));
}

/** Eigenvectors of a symmetric matrix (n × n, row-major), sorted by eigenvalue, largest first. */
function sortedEigen(a: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const [values, v] = symmetricEigen(a, n);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (values[j] ?? 0) - (values[i] ?? 0),
  );
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    for (let k = 0; k < n; k++) vectors[k * n + j] = v[k * n + col] ?? 0;
  });
  return { values: order.map((i) => values[i] ?? 0), vectors };
}

/** Fits the map on the track vectors of the training tracks. */
export function fitTargetSpace(tracks: readonly Float64Array[], outDim: number): TargetSpace {
  const n = tracks.length;
  const inDim = tracks[0]?.length ?? 0;
  if (n < 2 || outDim > inDim) throw new Error(`cannot fit ${outDim} axes on ${n} tracks`);
  const mean = new Float64Array(inDim);
  for (const t of tracks) t.forEach((v, d) => (mean[d] = (mean[d] ?? 0) + v / n));
  const std = new Float64Array(inDim);
  for (const t of tracks) t.forEach((v, d) => (std[d] = (std[d] ?? 0) + (v - (mean[d] ?? 0)) ** 2));
  // A dead unit (never active) would divide by zero; it carries nothing, so it stays at 0.
  std.forEach((s, d) => (std[d] = Math.sqrt(s / n) || 1));
  const cov = new Float64Array(inDim * inDim);
  for (const t of tracks) {
    const z = t.map((v, d) => (v - (mean[d] ?? 0)) / (std[d] ?? 1));
    for (let i = 0; i < inDim; i++) {
      const zi = z[i] ?? 0;
      for (let j = i; j < inDim; j++)
        cov[i * inDim + j] = (cov[i * inDim + j] ?? 0) + zi * (z[j] ?? 0);
    }
  }
  for (let i = 0; i < inDim; i++) {
    for (let j = i; j < inDim; j++) {
      const c = (cov[i * inDim + j] ?? 0) / n;
      cov[i * inDim + j] = c;
      cov[j * inDim + i] = c;
    }
  }
  const { values, vectors } = sortedEigen(cov, inDim);
  const basis = new Float64Array(inDim * outDim);
  for (let k = 0; k < inDim; k++) {
    for (let j = 0; j < outDim; j++) basis[k * outDim + j] = vectors[k * inDim + j] ?? 0;
  }
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  const kept = values.slice(0, outDim).reduce((a, b) => a + Math.max(0, b), 0);
  return { mean, std, basis, inDim, outDim, explained: total > 0 ? kept / total : 0 };
}

/** A 200-d teacher embedding (a patch's or a track's) in the target space. */
export function projectTarget(space: TargetSpace, embedding: ArrayLike<number>): Float32Array {
  const { mean, std, basis, inDim, outDim } = space;
  const out = new Float32Array(outDim);
  for (let k = 0; k < inDim; k++) {
    const z = ((embedding[k] ?? 0) - (mean[k] ?? 0)) / (std[k] ?? 1);
    if (z === 0) continue;
    for (let j = 0; j < outDim; j++) out[j] = (out[j] ?? 0) + z * (basis[k * outDim + j] ?? 0);
  }
  return out;
}
