/**
 * Embedding tables trained sparsely. A batch reads only a few hundred rows, so the rows are
 * copied into a dense batch array (the leaf the gradient is taken for), and the batch's row
 * gradients are summed per distinct row and applied with Adam to those rows alone, which keeps a
 * step's cost independent of the catalogue's size. TF.js has nothing to offer here: tf.gather's
 * gradient needs UnsortedSegmentSum, which the wasm backend lacks, and the cpu backend's took
 * seconds a batch.
 *
 * torch's Adam over a dense embedding gradient (the reference's) also moves every row a batch
 * did not use, by its decaying momentum. A row that sat out k steps can be brought up to date in
 * closed form when it is next read ({@link SparseEmbedding.catchUp}); with that, the per-epoch
 * losses on ml-100k match the reference's to the third digit. Without it ("lazy" Adam) a rarely
 * used row moves about a tenth as far per use, which acts as a regulariser: it helped on
 * ml-100k and hurt NeuMF on lastfm-2k (the trainer's `lazyAdam` setting chooses).
 */
import type { AdamSettings, AdamSlot, AdamStep } from './adam';
import { adamSlot, adamUpdate } from './adam';

/** Missed steps whose decay factors are tabulated; longer gaps compute them. */
const TABULATED = 4096;

/** β^k for k = 0 … TABULATED − 1. */
function powers(beta: number): Float64Array {
  const out = new Float64Array(TABULATED);
  out[0] = 1;
  for (let k = 1; k < TABULATED; k++) out[k] = (out[k - 1] ?? 0) * beta;
  return out;
}

/** A table of `rows × dim` float32 values with Adam's state and a batch gradient buffer. */
export class SparseEmbedding {
  readonly dim: number;
  private readonly slot: AdamSlot;
  /** Row → its position among the batch's distinct rows, −1 when unused. */
  private readonly slotOf: Int32Array;
  /** Row → the optimiser step its value and moments reflect; 0 before its first update. */
  private readonly lastStep: Int32Array;
  private touched: Int32Array;
  private grads: Float32Array;
  private count = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  /** (β1/√β2)^k, β1^k and β2^k by k. */
  private readonly decay: Readonly<{ r: Float64Array; m: Float64Array; v: Float64Array }>;

  /** Wraps `values` (updated in place) with fresh optimiser state. */
  constructor(values: Float32Array, dim: number, adam: AdamSettings) {
    if (dim <= 0 || values.length % dim !== 0) {
      throw new Error(`a table of ${values.length} values cannot have rows of ${dim}`);
    }
    this.dim = dim;
    this.slot = adamSlot(values);
    this.slotOf = new Int32Array(values.length / dim).fill(-1);
    this.lastStep = new Int32Array(values.length / dim);
    this.touched = new Int32Array(256);
    this.grads = new Float32Array(256 * dim);
    this.beta1 = adam.beta1 ?? 0.9;
    this.beta2 = adam.beta2 ?? 0.999;
    this.decay = {
      r: powers(this.beta1 / Math.sqrt(this.beta2)),
      m: powers(this.beta1),
      v: powers(this.beta2),
    };
  }

  /** The table's values (trained in place). */
  get values(): Float32Array {
    return this.slot.values;
  }

  /**
   * Brings the rows to where dense Adam would have them after step `now`, whose constants
   * `adam` holds: each step a row sat out moved it by a·β1^s·m / (β2^(s/2)·√v), a the step's
   * bias-corrected step size. Summed as a geometric series with the current step's a, and
   * without Adam's ε: both differences vanish after the first few hundred steps.
   */
  catchUp(rows: Int32Array, now: number, adam: AdamStep): void {
    const { dim, decay } = this;
    const { values, m, v } = this.slot;
    const a = adam.stepSize * adam.rootCorrection2;
    for (let b = 0; b < rows.length; b++) {
      const row = rows[b] ?? 0;
      const last = this.lastStep[row] ?? 0;
      const k = now - last;
      if (k <= 0) continue;
      this.lastStep[row] = now;
      // A row never updated has zero moments: nothing to catch up.
      if (last === 0) continue;
      const rk = k < TABULATED ? (decay.r[k] ?? 0) : (this.beta1 / Math.sqrt(this.beta2)) ** k;
      const r = decay.r[1] ?? 0;
      const coeff = (a * r * (1 - rk)) / (1 - r);
      const d1 = k < TABULATED ? (decay.m[k] ?? 0) : this.beta1 ** k;
      const d2 = k < TABULATED ? (decay.v[k] ?? 0) : this.beta2 ** k;
      for (let i = row * dim; i < (row + 1) * dim; i++) {
        const vi = v[i] ?? 0;
        if (vi > 0) values[i] = (values[i] ?? 0) - (coeff * (m[i] ?? 0)) / Math.sqrt(vi);
        m[i] = (m[i] ?? 0) * d1;
        v[i] = vi * d2;
      }
    }
  }

  /** {@link catchUp} for every row, e.g. before the values are scored or saved. */
  catchUpAll(now: number, adam: AdamStep): void {
    this.catchUp(Int32Array.from(this.lastStep.keys()), now, adam);
  }

  /**
   * Copies row `rows[b]` to `out[b * stride + offset …]` for every b, so that two tables can
   * share one batch array side by side.
   */
  gather(rows: Int32Array, out: Float32Array, stride: number, offset: number): void {
    const { dim } = this;
    const values = this.slot.values;
    // Element loops: a subarray per row would allocate a view for every row of every batch.
    for (let b = 0; b < rows.length; b++) {
      const from = (rows[b] ?? 0) * dim;
      const to = b * stride + offset;
      for (let k = 0; k < dim; k++) out[to + k] = values[from + k] ?? 0;
    }
  }

  /** Adds `grad[b * stride + offset …]` to the pending gradient of row `rows[b]`. */
  accumulate(rows: Int32Array, grad: Float32Array, stride: number, offset: number): void {
    const { dim } = this;
    for (let b = 0; b < rows.length; b++) {
      const row = rows[b] ?? 0;
      const at = this.slotOf[row] ?? -1;
      const to = (at < 0 ? this.claim(row) : at) * dim;
      const from = b * stride + offset;
      const grads = this.grads;
      for (let k = 0; k < dim; k++) grads[to + k] = (grads[to + k] ?? 0) + (grad[from + k] ?? 0);
    }
  }

  /**
   * Applies Adam step `now` to the rows with pending gradients, adding `l2 × value` to each
   * row's gradient first, then clears them. The rows must have been caught up to `now − 1`.
   */
  step(now: number, adam: AdamStep, l2: number): void {
    const { dim, grads } = this;
    const values = this.slot.values;
    for (let s = 0; s < this.count; s++) {
      const row = this.touched[s] ?? 0;
      if (l2 !== 0) {
        for (let k = 0; k < dim; k++) {
          grads[s * dim + k] = (grads[s * dim + k] ?? 0) + l2 * (values[row * dim + k] ?? 0);
        }
      }
      adamUpdate(this.slot, row * dim, grads, s * dim, dim, adam);
      this.slotOf[row] = -1;
      this.lastStep[row] = now;
    }
    grads.fill(0, 0, this.count * dim);
    this.count = 0;
  }

  private claim(row: number): number {
    if (this.count === this.touched.length) {
      const touched = new Int32Array(this.count * 2);
      touched.set(this.touched);
      this.touched = touched;
      const grads = new Float32Array(this.count * 2 * this.dim);
      grads.set(this.grads);
      this.grads = grads;
    }
    this.touched[this.count] = row;
    this.slotOf[row] = this.count;
    return this.count++;
  }
}
