/**
 * The inverse of a symmetric positive-definite matrix by Cholesky factorisation, in place on a
 * row-major Float64Array: what EASE^R and the cold-start bridge's ridge regression need, written out because no well-kept linear-algebra
 * package for JavaScript runs dense n³ work faster than a plain loop over typed arrays here
 * (TF.js has no Cholesky, and its matrix inverse is not exposed).
 */

/** Overwrites `a` (n × n, symmetric positive definite) with its inverse. */
export function invertSpd(a: Float64Array, n: number): void {
  // a = L·Lᵀ, L stored in the lower triangle.
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j] ?? 0;
    for (let k = 0; k < j; k++) d -= (a[rowJ + k] ?? 0) ** 2;
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j})`);
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (a[rowI + k] ?? 0) * (a[rowJ + k] ?? 0);
      a[rowI + j] = s / ljj;
    }
  }
  // L⁻¹ in the lower triangle, by forward substitution column by column.
  for (let j = 0; j < n; j++) {
    a[j * n + j] = 1 / (a[j * n + j] ?? 1);
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= (a[i * n + k] ?? 0) * (a[k * n + j] ?? 0);
      a[i * n + j] = s / (a[i * n + i] ?? 1);
    }
  }
  // A⁻¹ = L⁻ᵀ·L⁻¹: entry (i, j), i ≤ j, is Σ_{k ≥ j} L⁻¹[k][i]·L⁻¹[k][j].
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = j; k < n; k++) s += (a[k * n + i] ?? 0) * (a[k * n + j] ?? 0);
      a[i * n + j] = s;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] ?? 0;
}
