/**
 * NeuMF inference in TF.js. The first tower layer is linear in the concatenated embeddings, so
 * it splits into a user half and an item half, each computed once per table; a (user, item)
 * score then starts from the sum of two rows instead of a matMul over the whole input, and the
 * GMF dot product is taken with the output weights folded into the item table. Scoring a whole
 * catalogue for one user costs the upper tower layers only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NeumfParams } from './neumf';
import { hasGmf, hasMlp } from './neumf-config';
import { scoped } from './scoped';

/** A user's two embeddings, e.g. a session's folded-in vector (see fold-in.ts). */
export type UserVector = Readonly<{ gmf: Float32Array; mlp: Float32Array }>;

/** Scores computed per TF.js call, which bounds the memory a call takes. */
const CHUNK = 65_536;

type Gmf = Readonly<{
  user: tf.Tensor2D;
  /** GMF item rows times the output weights' GMF part: `nItems × factors`. */
  item: tf.Tensor2D;
  itemT: tf.Tensor2D;
}>;

type Mlp = Readonly<{
  /** The first layer's user half with its bias: `nUsers × h1`. */
  userPart: tf.Tensor2D;
  itemPart: tf.Tensor2D;
  /** The first layer's user half of the weights, for vectors not in the table. */
  userWeight: tf.Tensor2D;
  bias1: tf.Tensor1D;
  upper: readonly Readonly<{ w: tf.Tensor2D; b: tf.Tensor1D }>[];
  out: tf.Tensor2D;
}>;

function uploadGmf(params: NeumfParams): Gmf {
  const { nUsers, nItems } = params;
  const f = params.config.factors;
  const item = tf.mul<tf.Tensor2D>(
    tf.tensor2d(params.gmfItem, [nItems, f]),
    tf.tensor2d(params.out.subarray(0, f), [1, f]),
  );
  return {
    user: tf.keep(tf.tensor2d(params.gmfUser, [nUsers, f])),
    item: tf.keep(item),
    itemT: tf.keep(tf.transpose(item)),
  };
}

function uploadMlp(params: NeumfParams): Mlp | null {
  const { config, nUsers, nItems } = params;
  const [first, ...upper] = params.tower;
  if (first === undefined) return null;
  const e = config.mlpEmbedding;
  const h1 = first.bias.length;
  const userWeight = tf.tensor2d(first.weight.subarray(0, e * h1), [e, h1]);
  const itemWeight = tf.tensor2d(first.weight.subarray(e * h1), [e, h1]);
  const bias1 = tf.tensor1d(first.bias);
  const wOut = params.out.subarray(hasGmf(config) ? config.factors : 0);
  return {
    userPart: tf.keep(
      tf.add<tf.Tensor2D>(tf.matMul(tf.tensor2d(params.mlpUser, [nUsers, e]), userWeight), bias1),
    ),
    itemPart: tf.keep(tf.matMul(tf.tensor2d(params.mlpItem, [nItems, e]), itemWeight)),
    userWeight: tf.keep(userWeight),
    bias1: tf.keep(bias1),
    upper: upper.map((l) => ({
      w: tf.keep(tf.tensor2d(l.weight, [l.weight.length / l.bias.length, l.bias.length])),
      b: tf.keep(tf.tensor1d(l.bias)),
    })),
    out: tf.keep(tf.tensor2d(wOut, [wOut.length, 1])),
  };
}

/** Scores (logits; the sigmoid keeps their order) from a model's parameters. */
export class NeumfScorer {
  /** Items in the model. */
  readonly nItems: number;
  private readonly gmf: Gmf | null;
  private readonly mlp: Mlp | null;
  private readonly outBias: number;

  /** Uploads `params`; later changes to them are not seen. Call {@link dispose} when done. */
  constructor(params: NeumfParams) {
    this.nItems = params.nItems;
    this.outBias = params.outBias[0] ?? 0;
    this.gmf = hasGmf(params.config) ? scoped(() => uploadGmf(params)) : null;
    this.mlp = hasMlp(params.config) ? scoped(() => uploadMlp(params)) : null;
  }

  /** The score of each pair (`users[k]`, `items[k]`). */
  scorePairs(users: Int32Array, items: Int32Array): Float32Array {
    const out = new Float32Array(users.length);
    for (let start = 0; start < users.length; start += CHUNK) {
      const end = Math.min(users.length, start + CHUNK);
      const scores = tf.tidy(() => {
        const u = tf.tensor1d(users.subarray(start, end), 'int32');
        const i = tf.tensor1d(items.subarray(start, end), 'int32');
        const terms: tf.Tensor[] = [];
        if (this.gmf !== null) {
          terms.push(tf.sum(tf.mul(tf.gather(this.gmf.user, u), tf.gather(this.gmf.item, i)), 1));
        }
        if (this.mlp !== null) {
          const pre = tf.add(tf.gather(this.mlp.userPart, u), tf.gather(this.mlp.itemPart, i));
          terms.push(tf.reshape(this.tower(pre), [-1]));
        }
        return this.total(terms);
      });
      out.set(scores.dataSync(), start);
      scores.dispose();
    }
    return out;
  }

  /** Every item's score for each of `users`: `users.length × nItems`, row-major. */
  scoreAllItems(users: Int32Array): Float32Array {
    const out = new Float32Array(users.length * this.nItems);
    const step = Math.max(1, Math.floor(CHUNK / Math.max(1, this.nItems)));
    for (let start = 0; start < users.length; start += step) {
      const end = Math.min(users.length, start + step);
      const scores = tf.tidy(() => {
        const u = tf.tensor1d(users.subarray(start, end), 'int32');
        return this.grid(
          this.gmf === null ? null : tf.gather(this.gmf.user, u),
          this.mlp === null ? null : tf.gather(this.mlp.userPart, u),
        );
      });
      out.set(scores.dataSync(), start * this.nItems);
      scores.dispose();
    }
    return out;
  }

  /** Every item's score for a user given by its vectors, e.g. a folded-in session. */
  scoreVector(vector: UserVector): Float32Array {
    const scores = tf.tidy(() => {
      const mlp = this.mlp;
      return this.grid(
        this.gmf === null ? null : tf.tensor2d(vector.gmf, [1, vector.gmf.length]),
        mlp === null
          ? null
          : tf.add(
              tf.matMul(tf.tensor2d(vector.mlp, [1, vector.mlp.length]), mlp.userWeight),
              mlp.bias1,
            ),
      );
    });
    const out = scores.dataSync() as Float32Array;
    scores.dispose();
    return out;
  }

  /** Frees the uploaded tensors. */
  dispose(): void {
    if (this.gmf !== null) tf.dispose([this.gmf.user, this.gmf.item, this.gmf.itemT]);
    const m = this.mlp;
    if (m !== null) {
      tf.dispose([m.userPart, m.itemPart, m.userWeight, m.bias1, m.out]);
      for (const l of m.upper) tf.dispose([l.w, l.b]);
    }
  }

  /** The tower above its first layer's pre-activations, down to the MLP's share of the logit. */
  private tower(pre: tf.Tensor): tf.Tensor {
    const m = this.mlp;
    if (m === null) throw new Error('no MLP branch');
    let h = tf.relu(pre);
    for (const { w, b } of m.upper)
      h = tf.fused.matMul({ a: h, b: w, bias: b, activation: 'relu' });
    return tf.matMul(h, m.out);
  }

  /** `users × nItems` scores from the users' GMF rows and first-layer halves. */
  private grid(gmfUser: tf.Tensor | null, userPart: tf.Tensor | null): tf.Tensor {
    const terms: tf.Tensor[] = [];
    if (gmfUser !== null && this.gmf !== null) terms.push(tf.matMul(gmfUser, this.gmf.itemT));
    if (userPart !== null && this.mlp !== null) {
      const [u = 0, h = 0] = userPart.shape;
      const pre = tf.add(tf.expandDims(userPart, 1), tf.expandDims(this.mlp.itemPart, 0));
      terms.push(tf.reshape(this.tower(tf.reshape(pre, [u * this.nItems, h])), [u, this.nItems]));
    }
    return this.total(terms);
  }

  private total(terms: tf.Tensor[]): tf.Tensor {
    const [first] = terms;
    if (first === undefined) throw new Error('a model needs a GMF or an MLP branch');
    return tf.add(terms.length === 1 ? first : tf.addN(terms), this.outBias);
  }
}
