/**
 * Seeded initial weights computed in plain JavaScript, so one seed gives bit-identical weights on
 * every backend and machine (TF.js random ops differ between backends).
 */
import type { AudioModel } from './cnn';
import { createModel } from './cnn';
import type { CnnConfig } from './cnn-config';
import { DEFAULT_CNN_CONFIG, paramSpecs } from './cnn-config';

/** Seed of the weights used while no trained model ships. */
export const DEFAULT_SEED = 20_240_601;

/** mulberry32: a small, fast 32-bit PRNG; returns uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a of a string, so each parameter draws from its own stream whatever the others are. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * `count` draws from N(0, 2 / fanIn) (He-normal) by Box-Muller. V8 computes Math.log/cos/sin
 * with its fdlibm port, so Node and Electron produce the same bits on every platform.
 */
export function heNormal(count: number, fanIn: number, rand: () => number): Float32Array {
  const out = new Float32Array(count);
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < count; i += 2) {
    // 1 - u lies in (0, 1], keeping the logarithm finite.
    const radius = Math.sqrt(-2 * Math.log(1 - rand()));
    const angle = 2 * Math.PI * rand();
    out[i] = std * radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = std * radius * Math.sin(angle);
  }
  return out;
}

/** Initial values of every parameter of `config`, keyed by parameter name. */
export function initialValues(config: CnnConfig, seed: number): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  for (const spec of paramSpecs(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    values.set(
      spec.name,
      spec.fanIn === null
        ? new Float32Array(size).fill(spec.fill)
        : heNormal(size, spec.fanIn, mulberry32(seed ^ fnv1a(spec.name))),
    );
  }
  return values;
}

/** An untrained model with seeded weights: the default while no trained weights ship. */
export function seededModel(
  config: CnnConfig = DEFAULT_CNN_CONFIG,
  seed = DEFAULT_SEED,
): AudioModel {
  return createModel(config, initialValues(config, seed), {
    notes: `untrained: He-normal init, seed ${seed}`,
  });
}
