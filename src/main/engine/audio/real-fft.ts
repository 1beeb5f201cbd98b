/**
 * The amplitude spectrum of a real frame, as Meyda computes it (`ampSpectrum`: |X[k]| for
 * k = 0 … N/2 − 1 of the unnormalised DFT), by a real-input FFT with precomputed tables.
 *
 * Why not Meyda's own: Meyda transforms with fftjs, which recomputes every twiddle factor with
 * cos/sin inside each FFT, allocates an object per butterfly and runs a complex FFT of the full
 * length on real input. That was most of a scan's analysis time (docs/audio-analysis.md). This
 * one packs the N real samples as N/2 complex ones, transforms those in place in typed arrays
 * and splits the result, the textbook real-FFT (e.g. Numerical Recipes §12.3): about a tenth of
 * the cost, same values to float precision. Windowing and the features stay Meyda's (mel.ts).
 */
export class RealFft {
  private readonly half: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly reverse: Uint32Array;
  /** cos/sin of −2πj/(N/2), j < N/4: the complex FFT's twiddles. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /** cos/sin of −2πk/N, k < N/2: the split's twiddles. */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(Math.log2(size)) || size < 4) {
      throw new RangeError(`FFT size must be a power of 2 of at least 4, not ${size}`);
    }
    const half = size / 2;
    this.half = half;
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
    const bits = Math.log2(half);
    this.reverse = new Uint32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reverse[i] = r;
    }
    this.cos = new Float64Array(half / 2);
    this.sin = new Float64Array(half / 2);
    for (let j = 0; j < half / 2; j++) {
      this.cos[j] = Math.cos((-2 * Math.PI * j) / half);
      this.sin[j] = Math.sin((-2 * Math.PI * j) / half);
    }
    this.splitCos = new Float64Array(half);
    this.splitSin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.splitCos[k] = Math.cos((-2 * Math.PI * k) / size);
      this.splitSin[k] = Math.sin((-2 * Math.PI * k) / size);
    }
  }

  /** Writes |X[k]|, k < N/2, of the real frame `input` (length N) into `out` (length N/2). */
  amplitude(input: ArrayLike<number>, out: Float32Array): void {
    const { half, re, im, reverse } = this;
    if (input.length !== this.size || out.length !== half) {
      throw new RangeError(`expected ${this.size} samples in and ${half} bins out`);
    }
    // z[n] = x[2n] + i·x[2n+1], stored in bit-reversed order for the in-place transform.
    for (let n = 0; n < half; n++) {
      const r = reverse[n] as number;
      re[r] = input[2 * n] as number;
      im[r] = input[2 * n + 1] as number;
    }
    this.transform();
    // X[k] = E[k] + W^k·O[k], with E = (Z[k] + conj Z[M−k]) / 2 and O = (Z[k] − conj Z[M−k]) / 2i.
    const { splitCos, splitSin } = this;
    for (let k = 0; k < half; k++) {
      const m = k === 0 ? 0 : half - k;
      const zr = re[k] as number;
      const zi = im[k] as number;
      const cr = re[m] as number;
      const ci = -(im[m] as number);
      const er = (zr + cr) / 2;
      const ei = (zi + ci) / 2;
      // (a + ib) / 2i = (b − ia) / 2
      const or = (zi - ci) / 2;
      const oi = -(zr - cr) / 2;
      const wr = splitCos[k] as number;
      const wi = splitSin[k] as number;
      const xr = er + wr * or - wi * oi;
      const xi = ei + wr * oi + wi * or;
      out[k] = Math.sqrt(xr * xr + xi * xi);
    }
  }

  /** Iterative radix-2 decimation-in-time FFT of (re, im), already bit-reversed, in place. */
  private transform(): void {
    const { half, re, im, cos, sin } = this;
    for (let span = 1; span < half; span *= 2) {
      const step = half / (2 * span);
      for (let start = 0; start < half; start += 2 * span) {
        for (let j = 0; j < span; j++) {
          const a = start + j;
          const b = a + span;
          const wr = cos[j * step] as number;
          const wi = sin[j * step] as number;
          const br = re[b] as number;
          const bi = im[b] as number;
          const tr = wr * br - wi * bi;
          const ti = wr * bi + wi * br;
          const ar = re[a] as number;
          const ai = im[a] as number;
          re[b] = ar - tr;
          im[b] = ai - ti;
          re[a] = ar + tr;
          im[a] = ai + ti;
        }
      }
    }
  }
}
