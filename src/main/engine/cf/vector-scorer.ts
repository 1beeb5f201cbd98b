/**
 * Every item's NeuMF score for one user vector (a folded-in session), in plain JavaScript. The
 * item half of the model (GMF rows times the output weights, the first tower layer's item half)
 * is computed once per model, so a session's scores cost only the upper tower per item: a few
 * milliseconds for a library of thousands of tracks. Plain arrays rather than TF.js tensors,
 * because a session's taste lives as long as the recommender keeps it, with no owner to
 * dispose of tensors, and a newer model may replace this one at any time.
 * tests/unit/cf-event-taste.test.ts checks it against NeumfScorer.
 */
import type { NeumfParams } from './neumf';
import { hasGmf, hasMlp } from './neumf-config';
import type { UserVector } from './neumf-scorer';

type Layer = Readonly<{ weight: Float32Array; bias: Float32Array; fanIn: number; fanOut: number }>;

/** Scores user vectors against all of a model's items. */
export class VectorScorer {
  readonly nItems: number;
  private readonly f: number;
  /** `nItems × f`: GMF item rows times the output weights' GMF part. */
  private readonly gmfItem: Float32Array;
  /** `nItems × h1`: the first layer's item half plus its bias. */
  private readonly itemPart: Float32Array;
  private readonly h1: number;
  /** The first layer's user half, `e × h1`. */
  private readonly userWeight: Float32Array;
  private readonly upper: readonly Layer[];
  private readonly outMlp: Float32Array;
  private readonly outBias: number;

  /** Computes the item half; `params` is only read. */
  constructor(params: NeumfParams) {
    const { config, nItems } = params;
    this.nItems = nItems;
    this.f = hasGmf(config) ? config.factors : 0;
    this.outBias = params.outBias[0] ?? 0;
    const f = this.f;
    this.gmfItem = new Float32Array(nItems * f);
    for (let k = 0; k < this.gmfItem.length; k++) {
      this.gmfItem[k] = (params.gmfItem[k] ?? 0) * (params.out[k % f] ?? 0);
    }
    const [first, ...rest] = hasMlp(config) ? params.tower : [];
    const e = config.mlpEmbedding;
    this.h1 = first?.bias.length ?? 0;
    const h1 = this.h1;
    this.userWeight = first?.weight.subarray(0, e * h1) ?? new Float32Array(0);
    this.itemPart = new Float32Array(nItems * h1);
    if (first !== undefined) {
      const itemWeight = first.weight.subarray(e * h1);
      for (let i = 0; i < nItems; i++) {
        for (let c = 0; c < h1; c++) {
          let sum = first.bias[c] ?? 0;
          for (let k = 0; k < e; k++) {
            sum += (params.mlpItem[i * e + k] ?? 0) * (itemWeight[k * h1 + c] ?? 0);
          }
          this.itemPart[i * h1 + c] = sum;
        }
      }
    }
    this.upper = rest.map((l) => ({
      weight: l.weight,
      bias: l.bias,
      fanOut: l.bias.length,
      fanIn: l.weight.length / l.bias.length,
    }));
    this.outMlp = params.out.subarray(f);
  }

  /** Every item's logit for `vector` (the sigmoid of a logit is the predicted probability). */
  logits(vector: UserVector): Float32Array {
    return this.logitsAt(vector, null);
  }

  /** The logits of the items `at` (indices), or of every item when null, in that order. */
  logitsAt(vector: UserVector, at: ArrayLike<number> | null): Float32Array {
    const { f, h1 } = this;
    const count = at === null ? this.nItems : at.length;
    const out = new Float32Array(count).fill(this.outBias);
    for (let r = 0; r < count; r++) {
      const i = at === null ? r : (at[r] ?? 0);
      let s = 0;
      for (let k = 0; k < f; k++) s += (vector.gmf[k] ?? 0) * (this.gmfItem[i * f + k] ?? 0);
      out[r] = (out[r] ?? 0) + s;
    }
    if (h1 === 0) return out;
    const userPart = new Float32Array(h1);
    const e = vector.mlp.length;
    for (let c = 0; c < h1; c++) {
      let sum = 0;
      for (let k = 0; k < e; k++) sum += (vector.mlp[k] ?? 0) * (this.userWeight[k * h1 + c] ?? 0);
      userPart[c] = sum;
    }
    const width = Math.max(h1, ...this.upper.map((l) => l.fanOut));
    let h = new Float32Array(width);
    let next = new Float32Array(width);
    for (let r = 0; r < count; r++) {
      const i = at === null ? r : (at[r] ?? 0);
      for (let c = 0; c < h1; c++)
        h[c] = Math.max(0, (this.itemPart[i * h1 + c] ?? 0) + (userPart[c] ?? 0));
      for (const l of this.upper) {
        for (let c = 0; c < l.fanOut; c++) {
          let sum = l.bias[c] ?? 0;
          for (let k = 0; k < l.fanIn; k++) sum += (h[k] ?? 0) * (l.weight[k * l.fanOut + c] ?? 0);
          next[c] = Math.max(0, sum);
        }
        [h, next] = [next, h];
      }
      let s = 0;
      for (let k = 0; k < this.outMlp.length; k++) s += (h[k] ?? 0) * (this.outMlp[k] ?? 0);
      out[r] = (out[r] ?? 0) + s;
    }
    return out;
  }
}
