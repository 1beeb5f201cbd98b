/** Small dense linear algebra shared by the taste model's start and the teacher's target space. */

/**
 * Eigen-decomposition of a small symmetric `m × m` matrix by cyclic Jacobi rotations.
 * Returns the eigenvalues and the eigenvectors as columns of a row-major `m × m` matrix.
 */
export function symmetricEigen(a: Float64Array, m: number): [Float64Array, Float64Array] {
  const s = a.slice();
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += (s[p * m + q] ?? 0) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = s[p * m + q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((s[q * m + q] ?? 0) - (s[p * m + p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const skp = s[k * m + p] ?? 0;
          const skq = s[k * m + q] ?? 0;
          s[k * m + p] = c * skp - sn * skq;
          s[k * m + q] = sn * skp + c * skq;
        }
        for (let k = 0; k < m; k++) {
          const spk = s[p * m + k] ?? 0;
          const sqk = s[q * m + k] ?? 0;
          s[p * m + k] = c * spk - sn * sqk;
          s[q * m + k] = sn * spk + c * sqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p] ?? 0;
          const vkq = v[k * m + q] ?? 0;
          v[k * m + p] = c * vkp - sn * vkq;
          v[k * m + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  return [Float64Array.from({ length: m }, (_, i) => s[i * m + i] ?? 0), v];
}
