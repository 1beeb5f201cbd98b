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
  /**
   * The complex FFT's twiddles, stage by stage: the stage whose butterflies span `s` keeps
   * cos/sin of −πj/s, j < s, at `s − 1 + j`, so every stage reads them in order.
   */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /** cos/sin of −3πj/s at `s − 1 + j`: the third twiddle of a radix-4 pass (see transform). */
  private readonly cos3: Float64Array;
  private readonly sin3: Float64Array;
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
    const tables = Math.max(1, half - 1);
    this.cos = new Float64Array(tables);
    this.sin = new Float64Array(tables);
    this.cos3 = new Float64Array(tables);
    this.sin3 = new Float64Array(tables);
    for (let span = 1; span < half; span *= 2) {
      for (let j = 0; j < span; j++) {
        this.cos[span - 1 + j] = Math.cos((-Math.PI * j) / span);
        this.sin[span - 1 + j] = Math.sin((-Math.PI * j) / span);
        this.cos3[span - 1 + j] = Math.cos((-3 * Math.PI * j) / span);
        this.sin3[span - 1 + j] = Math.sin((-3 * Math.PI * j) / span);
      }
    }
    this.splitCos = new Float64Array(half);
    this.splitSin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.splitCos[k] = Math.cos((-2 * Math.PI * k) / size);
      this.splitSin[k] = Math.sin((-2 * Math.PI * k) / size);
    }
  }

  /**
   * Writes |X[k]|, k < N/2, of the real frame `input` (length N) into `out` (length N/2). With
   * `window` (length N), transforms `input[n] · window[n]`: windowing as Meyda does it, without
   * a new array per frame.
   */
  amplitude(input: ArrayLike<number>, out: Float32Array, window?: ArrayLike<number>): void {
    const { half, re, im, reverse } = this;
    if (
      input.length !== this.size ||
      out.length !== half ||
      (window !== undefined && window.length !== this.size)
    ) {
      throw new RangeError(`expected ${this.size} samples in and ${half} bins out`);
    }
    // z[n] = x[2n] + i·x[2n+1], stored in bit-reversed order for the in-place transform.
    if (window === undefined) {
      for (let n = 0; n < half; n++) {
        const r = reverse[n] as number;
        re[r] = input[2 * n] as number;
        im[r] = input[2 * n + 1] as number;
      }
    } else {
      for (let n = 0; n < half; n++) {
        const r = reverse[n] as number;
        re[r] = (input[2 * n] as number) * (window[2 * n] as number);
        im[r] = (input[2 * n + 1] as number) * (window[2 * n + 1] as number);
      }
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

  /**
   * Iterative decimation-in-time FFT of (re, im), already bit-reversed, in place. The first
   * radix-2 stage, whose only twiddle is 1, is done without multiplications; then the stages go
   * two at a time as radix-4 passes (three complex multiplications for four points instead of
   * four, and half the passes over the arrays), with a last radix-2 stage when one is left over.
   */
  private transform(): void {
    const { half, re, im } = this;
    for (let a = 0; a + 1 < half; a += 2) {
      const ar = re[a] as number;
      const ai = im[a] as number;
      const br = re[a + 1] as number;
      const bi = im[a + 1] as number;
      re[a] = ar + br;
      im[a] = ai + bi;
      re[a + 1] = ar - br;
      im[a + 1] = ai - bi;
    }
    let span = 2;
    for (; 4 * span <= half; span *= 4) this.radix4(span);
    if (span < half) this.radix2(span);
  }

  /**
   * The radix-2 stages of span `s` and `2s` in one pass. With w = e^(−iπj/2s), the first stage
   * takes a1, a3 times w², the second b2, b3 times w (and −i for the odd half); writing
   * w·b2 = w·a2 + w³·a3 and w·b3 = w·a2 − w³·a3 saves one multiplication per butterfly.
   */
  private radix4(s: number): void {
    const { half, re, im, cos, sin, cos3, sin3 } = this;
    for (let start = 0; start < half; start += 4 * s) {
      for (let j = 0; j < s; j++) {
        const i0 = start + j;
        const i1 = i0 + s;
        const i2 = i1 + s;
        const i3 = i2 + s;
        const w2r = cos[s - 1 + j] as number;
        const w2i = sin[s - 1 + j] as number;
        const w1r = cos[2 * s - 1 + j] as number;
        const w1i = sin[2 * s - 1 + j] as number;
        const w3r = cos3[2 * s - 1 + j] as number;
        const w3i = sin3[2 * s - 1 + j] as number;
        const a0r = re[i0] as number;
        const a0i = im[i0] as number;
        const a1r = re[i1] as number;
        const a1i = im[i1] as number;
        const a2r = re[i2] as number;
        const a2i = im[i2] as number;
        const a3r = re[i3] as number;
        const a3i = im[i3] as number;
        // t1 = w²·a1, t2 = w·a2, t3 = w³·a3
        const t1r = w2r * a1r - w2i * a1i;
        const t1i = w2r * a1i + w2i * a1r;
        const t2r = w1r * a2r - w1i * a2i;
        const t2i = w1r * a2i + w1i * a2r;
        const t3r = w3r * a3r - w3i * a3i;
        const t3i = w3r * a3i + w3i * a3r;
        const b0r = a0r + t1r;
        const b0i = a0i + t1i;
        const b1r = a0r - t1r;
        const b1i = a0i - t1i;
        const pr = t2r + t3r;
        const pi = t2i + t3i;
        // −i·(t2 − t3)
        const qr = t2i - t3i;
        const qi = t3r - t2r;
        re[i0] = b0r + pr;
        im[i0] = b0i + pi;
        re[i2] = b0r - pr;
        im[i2] = b0i - pi;
        re[i1] = b1r + qr;
        im[i1] = b1i + qi;
        re[i3] = b1r - qr;
        im[i3] = b1i - qi;
      }
    }
  }

  /** One radix-2 stage of span `s`. */
  private radix2(s: number): void {
    const { half, re, im, cos, sin } = this;
    for (let start = 0; start < half; start += 2 * s) {
      for (let j = 0; j < s; j++) {
        const a = start + j;
        const b = a + s;
        const wr = cos[s - 1 + j] as number;
        const wi = sin[s - 1 + j] as number;
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
