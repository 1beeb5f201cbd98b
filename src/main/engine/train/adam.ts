/**
 * Adam with its state in plain variables, so a checkpoint can save and restore it exactly
 * (tf.train.adam keys its state by global variable names, which differ between processes).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Adam's hyper-parameters. */
export type AdamOptions = Readonly<{
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}>;

/** Adam over a fixed list of variables. */
export class Adam {
  /** Updates applied so far. */
  step = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly options: AdamOptions,
  ) {
    // tidy frees the zero tensors; the variables keep their own reference to the data.
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  /**
   * One update from gradients given in the same order as the variables, its step scaled by
   * `rateScale` (a learning-rate schedule).
   */
  apply(grads: readonly tf.Tensor[], rateScale = 1): void {
    const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = this.options;
    this.step++;
    // Bias corrections folded into the step size, as in the Adam paper's section 2.
    const size =
      (rateScale * learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        const [g, m, v] = [grads[i], this.m[i], this.v[i]];
        if (g === undefined || m === undefined || v === undefined) {
          throw new Error(`no gradient for parameter ${i}`);
        }
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        x.assign(tf.sub(x, tf.div(tf.mul(m, size), tf.add(tf.sqrt(v), epsilon))));
      });
    });
  }

  /** The moment estimates, first moments then second, for a checkpoint. */
  state(): Float32Array[] {
    return [...this.m, ...this.v].map((t) => t.dataSync() as Float32Array);
  }

  /** Restores {@link state} and the step count. */
  restore(state: readonly Float32Array[], step: number): void {
    const all = [...this.m, ...this.v];
    if (state.length !== all.length) throw new Error('Adam state does not fit these parameters');
    tf.tidy(() =>
      all.forEach((t, i) => t.assign(tf.tensor(state[i] ?? new Float32Array(0), t.shape))),
    );
    this.step = step;
  }

  /** Frees the moment estimates. */
  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
