/**
 * Gradients for the kernels the CNN uses.
 *
 * tfjs-core's Node entry (dist/tf-core.node.js) registers no gradients; its
 * `dist/register_all_gradients` is an ES module graph with extensionless and directory imports
 * that only a bundler can load (plain Node and tsx fail with ERR_UNSUPPORTED_DIR_IMPORT). These
 * are ports of tfjs-core 4.22's gradient configs (Apache-2.0), the same maths, except that
 * BatchMatMul's avoids transposed matMuls. They replace gradients registered before them; the
 * registry is global, so whichever registration runs last wins.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

const { getReductionAxes, assertAndGetBroadcastShape } = tf.backend_util;

function single(dy: Tensor | Tensor[]): Tensor {
  if (Array.isArray(dy)) throw new Error('expected one output gradient');
  return dy;
}

function saved(tensors: Tensor[], index: number): Tensor {
  const t = tensors[index];
  if (t === undefined) throw new Error(`gradient needs saved tensor ${index}`);
  return t;
}

/** Swaps the last two axes (a matrix transpose that keeps batch axes). */
function swap(t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  perm.splice(-2, 2, t.rank - 1, t.rank - 2);
  return tf.transpose(t, perm);
}

/** The gradient of a broadcasting binary op, summed back to the input's shape. */
function unbroadcast(grad: Tensor, inShape: number[], outShape: number[]): Tensor {
  const axes = getReductionAxes(inShape, outShape);
  return tf.reshape(axes.length > 0 ? tf.sum(grad, axes) : grad, inShape);
}

/**
 * A reduction's output (or its gradient) reshaped to x's rank with the reduced axes kept as 1,
 * so that it broadcasts against x whether or not the op kept its dimensions.
 */
function expandReduced(t: Tensor, x: Tensor, attrs: NamedAttrMap, key: string): Tensor {
  const axes = tf.util.parseAxisParam(attrs[key] as number | number[], x.shape);
  return tf.reshape(
    t,
    x.shape.map((dim, i) => (axes.includes(i) ? 1 : dim)),
  );
}

const configs: GradConfig[] = [
  {
    kernelName: tf.PadV2,
    inputsToSave: ['x'],
    gradFunc: (dy, s, attrs) => {
      const begin = (attrs.paddings as [number, number][]).map((p) => p[0]);
      return { x: () => tf.slice(single(dy), begin, saved(s, 0).shape) };
    },
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, s, attrs) => {
      const x = saved(s, 0);
      const [begin = [], size = []] = tf.slice_util.parseSliceParams(
        x,
        attrs.begin as number[],
        attrs.size as number[],
      );
      const paddings = x.shape.map((dim, i): [number, number] => {
        const b = begin[i] ?? 0;
        return [b, dim - b - (size[i] ?? 0)];
      });
      return { x: () => tf.pad(single(dy), paddings) };
    },
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, s, attrs) => {
      const axis = tf.util.parseAxisParam(attrs.axis as number, saved(s, 0).shape)[0] ?? 0;
      const parts = tf.split(
        single(dy),
        s.map((t) => t.shape[axis] ?? 0),
        axis,
      );
      // Concat's inputs are positional, so the tape looks its gradients up by index.
      return Object.fromEntries(parts.map((part, i) => [String(i), () => part]));
    },
  },
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, s) => ({ x: () => tf.reshape(single(dy), saved(s, 0).shape) }),
  },
  {
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, s, attrs) => ({
      x: () =>
        tf
          .engine()
          .runKernel(tf.MaxPoolGrad, { dy: single(dy), input: saved(s, 0), output: saved(s, 1) }, {
            filterSize: attrs.filterSize,
            strides: attrs.strides,
            pad: attrs.pad,
            dimRoundingMode: attrs.dimRoundingMode,
          } as NamedAttrMap) as Tensor,
    }),
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, s, attrs) => {
      const x = saved(s, 0);
      const count = x.size / single(dy).size;
      return {
        x: () => tf.div(tf.mul(expandReduced(single(dy), x, attrs, 'axis'), tf.onesLike(x)), count),
      };
    },
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, s, attrs) => {
      const x = saved(s, 0);
      return { x: () => tf.mul(expandReduced(single(dy), x, attrs, 'axis'), tf.onesLike(x)) };
    },
  },
  {
    kernelName: tf.Max,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, s, attrs) => {
      const x = saved(s, 0);
      const y = expandReduced(saved(s, 1), x, attrs, 'reductionIndices');
      const g = expandReduced(single(dy), x, attrs, 'reductionIndices');
      return { x: () => tf.mul(g, tf.cast(tf.equal(x, y), 'float32')) };
    },
  },
  {
    // Explicit transposes: wasm's matMul with a transpose flag is ~10x slower than without.
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, s, attrs) => {
      const [a, b, g] = [saved(s, 0), saved(s, 1), single(dy)];
      const ta = attrs.transposeA === true;
      const tb = attrs.transposeB === true;
      if (!ta && !tb) {
        return { a: () => tf.matMul(g, swap(b)), b: () => swap(tf.matMul(swap(g), a)) };
      }
      if (!ta && tb) return { a: () => tf.matMul(g, b), b: () => tf.matMul(swap(g), a) };
      if (ta && !tb) return { a: () => tf.matMul(b, swap(g)), b: () => tf.matMul(a, g) };
      return { a: () => swap(tf.matMul(g, b)), b: () => swap(tf.matMul(a, g)) };
    },
  },
  {
    kernelName: tf.Add,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, s) => {
      const [a, b, g] = [saved(s, 0), saved(s, 1), single(dy)];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return { a: () => unbroadcast(g, a.shape, out), b: () => unbroadcast(g, b.shape, out) };
    },
  },
  {
    kernelName: tf.RealDiv,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, s) => {
      const [a, b, g] = [saved(s, 0), saved(s, 1), single(dy)];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => unbroadcast(tf.div(g, b), a.shape, out),
        b: () => tf.neg(tf.div(unbroadcast(tf.mul(g, a), b.shape, out), tf.square(b))),
      };
    },
  },
  {
    // Fused matMul falls back to matMul + add + relu while a gradient is being recorded.
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, s) => ({ x: () => tf.mul(single(dy), tf.step(saved(s, 0))) }),
  },
  {
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, s) => ({ x: () => tf.mul(single(dy), tf.mul(saved(s, 0), 2)) }),
  },
  {
    kernelName: tf.Sqrt,
    inputsToSave: ['x'],
    gradFunc: (dy, s) => ({ x: () => tf.div(single(dy), tf.mul(tf.sqrt(saved(s, 0)), 2)) }),
  },
  // The standard deviation in "mean-max-std" pooling (cnn.ts); the loss uses it too.
  {
    kernelName: tf.Sub,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, s) => {
      const [a, b, g] = [saved(s, 0), saved(s, 1), single(dy)];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => unbroadcast(g, a.shape, out),
        b: () => tf.neg(unbroadcast(g, b.shape, out)),
      };
    },
  },
];

/**
 * Kernels of the contrastive loss (train/contrastive-loss.ts) on top of the CNN's (Sub among
 * them): similarities scaled by a temperature, a masked log-sum-exp, the positives picked out by
 * a mask.
 */
const lossConfigs: GradConfig[] = [
  {
    kernelName: tf.Multiply,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, s) => {
      const [a, b, g] = [saved(s, 0), saved(s, 1), single(dy)];
      const out = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => unbroadcast(tf.mul(g, tf.cast(b, 'float32')), a.shape, out),
        b: () => unbroadcast(tf.mul(g, tf.cast(a, 'float32')), b.shape, out),
      };
    },
  },
  {
    kernelName: tf.Exp,
    outputsToSave: [true],
    gradFunc: (dy, s) => ({ x: () => tf.mul(single(dy), saved(s, 0)) }),
  },
  {
    kernelName: tf.Log,
    inputsToSave: ['x'],
    gradFunc: (dy, s) => ({ x: () => tf.div(single(dy), tf.cast(saved(s, 0), 'float32')) }),
  },
];

/** Registers the gradients of the CNN's kernels; cheap and safe to call repeatedly. */
export function registerCnnGradients(): void {
  for (const config of configs) tf.registerGradient(config);
}

/**
 * Registers the gradients contrastive training needs besides the CNN's; cheap and safe to call
 * repeatedly.
 */
export function registerLossGradients(): void {
  registerCnnGradients();
  for (const config of lossConfigs) tf.registerGradient(config);
}
