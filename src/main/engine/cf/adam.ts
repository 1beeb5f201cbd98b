/**
 * Adam (Kingma & Ba) in plain JavaScript over Float32Arrays, with PyTorch's arithmetic, for the
 * parameters the trainer keeps outside TF.js: the network's few thousand weights and, row by
 * row, the embedding tables (see sparse-embedding.ts).
 */

/** Adam's hyper-parameters; PyTorch's defaults except the step size. */
export type AdamSettings = Readonly<{
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}>;

/** One optimiser step's constants, shared by every parameter updated in that step. */
export type AdamStep = Readonly<{
  beta1: number;
  beta2: number;
  epsilon: number;
  /** learningRate / (1 − beta1^t). */
  stepSize: number;
  /** sqrt(1 − beta2^t). */
  rootCorrection2: number;
}>;

/** The constants of step `t` (1-based). */
export function adamStep(settings: AdamSettings, t: number): AdamStep {
  const beta1 = settings.beta1 ?? 0.9;
  const beta2 = settings.beta2 ?? 0.999;
  return {
    beta1,
    beta2,
    epsilon: settings.epsilon ?? 1e-8,
    stepSize: settings.learningRate / (1 - beta1 ** t),
    rootCorrection2: Math.sqrt(1 - beta2 ** t),
  };
}

/** A parameter array with Adam's two moment estimates. */
export type AdamSlot = Readonly<{ values: Float32Array; m: Float32Array; v: Float32Array }>;

/** Moments of zero for `values`. */
export function adamSlot(values: Float32Array): AdamSlot {
  return { values, m: new Float32Array(values.length), v: new Float32Array(values.length) };
}

/**
 * Updates `count` elements of `slot` from `offset` with gradients `grad[gradOffset…]`; the
 * same sums as torch.optim.Adam (without weight decay).
 */
export function adamUpdate(
  slot: AdamSlot,
  offset: number,
  grad: Float32Array,
  gradOffset: number,
  count: number,
  step: AdamStep,
): void {
  const { values, m, v } = slot;
  const { beta1, beta2, stepSize, rootCorrection2 } = step;
  // stepSize·m / (√v / c + ε) = stepSize·c·m / (√v + ε·c): one division less per element.
  const scaled = stepSize * rootCorrection2;
  const epsilon = step.epsilon * rootCorrection2;
  for (let k = 0; k < count; k++) {
    const i = offset + k;
    const g = grad[gradOffset + k] ?? 0;
    const mi = beta1 * (m[i] ?? 0) + (1 - beta1) * g;
    const vi = beta2 * (v[i] ?? 0) + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    values[i] = (values[i] ?? 0) - (scaled * mi) / (Math.sqrt(vi) + epsilon);
  }
}
