import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { cnnForward, disposeModel, trainableParams } from '../../src/main/engine/embed/cnn';
import type { CnnConfig } from '../../src/main/engine/embed/cnn-config';
import { DEFAULT_CNN_CONFIG, paramSpecs } from '../../src/main/engine/embed/cnn-config';
import { heNormal, initialValues, mulberry32, seededModel } from '../../src/main/engine/embed/init';
import { patchWindows, writePatch } from '../../src/main/engine/embed/patches';
import { modelVersion } from '../../src/main/engine/embed/weights';

// The cpu backend runs the CNN in plain JavaScript (about 0.1 s a patch), so a narrow config
// keeps these shape tests quick; the shipped config runs on wasm in embed-embedder.test.ts.
const SMALL: CnnConfig = { ...DEFAULT_CNN_CONFIG, channels: [8, 8, 8], hidden: 16 };

function randomPatches(count: number, config: CnnConfig, seed: number): tf.Tensor3D {
  const rand = mulberry32(seed);
  const data = Float32Array.from(
    { length: count * config.patchFrames * config.melBands },
    () => -8 + 8 * rand(),
  );
  return tf.tensor3d(data, [count, config.patchFrames, config.melBands]);
}

beforeAll(async () => {
  expect((await initBackend('cpu')).name).toBe('cpu');
});

describe('seeded init', () => {
  it('gives bit-identical weights for a seed and different ones for another seed', () => {
    const a = initialValues(DEFAULT_CNN_CONFIG, 7);
    const b = initialValues(DEFAULT_CNN_CONFIG, 7);
    const c = initialValues(DEFAULT_CNN_CONFIG, 8);
    for (const [name, value] of a) {
      const other = b.get(name);
      if (other === undefined) throw new Error(`no ${name}`);
      expect(Buffer.compare(Buffer.from(value.buffer), Buffer.from(other.buffer))).toBe(0);
    }
    expect(a.get('conv1/w')).not.toEqual(c.get('conv1/w'));
  });

  it('draws He-normal weights: mean 0, variance 2 / fanIn', () => {
    const fanIn = 256;
    const w = heNormal(100_000, fanIn, mulberry32(1));
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(variance * fanIn).toBeCloseTo(2, 1);
  });

  it('gives every parameter of the config, and the same version twice', () => {
    const m1 = seededModel();
    const m2 = seededModel();
    expect(Object.keys(m1.params).sort()).toEqual(
      paramSpecs(DEFAULT_CNN_CONFIG)
        .map((s) => s.name)
        .sort(),
    );
    expect(modelVersion(m1)).toMatch(/^cnn1-[0-9a-f]{12}$/);
    expect(modelVersion(m2)).toBe(modelVersion(m1));
    expect(modelVersion(seededModel(DEFAULT_CNN_CONFIG, 99))).not.toBe(modelVersion(m1));
    disposeModel(m1);
    disposeModel(m2);
  });

  it('marks only the input statistics as fixed', () => {
    const model = seededModel(SMALL);
    expect(trainableParams(model)).toHaveLength(paramSpecs(SMALL).length - 3);
    expect(model.params['input/mean']?.trainable).toBe(false);
    disposeModel(model);
  });
});

describe('cnnForward', () => {
  it('maps [B, frames, bands] to deterministic unit vectors of embedDim', () => {
    const model = seededModel(SMALL);
    const x = randomPatches(3, SMALL, 5);
    const [a, b] = [0, 1].map(() => tf.tidy(() => cnnForward(model.params, x).arraySync()));
    expect(a).toHaveLength(3);
    for (const row of a ?? []) {
      expect(row).toHaveLength(SMALL.embedDim);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    expect(b).toEqual(a);
    x.dispose();
    disposeModel(model);
  });

  it('gives the same vectors with inference convolutions as with the trainable path', () => {
    const model = seededModel(SMALL);
    const x = randomPatches(3, SMALL, 8);
    const [trainable, inference] = [false, true].map((flag) =>
      tf.tidy(() => cnnForward(model.params, x, { inference: flag }).dataSync()),
    );
    expect(inference?.length).toBe(3 * SMALL.embedDim);
    inference?.forEach((v, i) => expect(v).toBeCloseTo(trainable?.[i] ?? NaN, 5));
    x.dispose();
    disposeModel(model);
  });

  it('accepts patch lengths that do not halve evenly', () => {
    const model = seededModel(SMALL);
    const shape = tf.tidy(() => cnnForward(model.params, tf.zeros([2, 37, SMALL.melBands])).shape);
    expect(shape).toEqual([2, SMALL.embedDim]);
    disposeModel(model);
  });

  it('leaves no tensors behind inside tf.tidy', () => {
    const model = seededModel(SMALL);
    const x = randomPatches(2, SMALL, 6);
    const before = tf.memory().numTensors;
    tf.tidy(() => cnnForward(model.params, x).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    disposeModel(model);
  });
});

describe('patches', () => {
  const bands = 2;
  const mel = (frames: number, excerptFrames?: number[]) => ({
    frames,
    bands,
    data: Float32Array.from({ length: frames * bands }, (_, i) => i),
    ...(excerptFrames ? { excerptFrames } : {}),
  });
  const cut = (m: ReturnType<typeof mel>, patchFrames: number): number[][] =>
    patchWindows(m, patchFrames).map((w) => {
      const out = new Float32Array(patchFrames * bands);
      writePatch(m, w, patchFrames, out, 0);
      // Frame indices, from the first band's value.
      return Array.from({ length: patchFrames }, (_, t) => (out[t * bands] ?? NaN) / bands);
    });

  it('covers a whole track with evenly spread patches, overlapping rather than dropping frames', () => {
    expect(cut(mel(8), 4)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(cut(mel(10), 4)).toEqual([
      [0, 1, 2, 3],
      [3, 4, 5, 6],
      [6, 7, 8, 9],
    ]);
  });

  it('cuts patches within each excerpt, never across the cut between two', () => {
    expect(cut(mel(11, [5, 6]), 4)).toEqual([
      [0, 1, 2, 3],
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [7, 8, 9, 10],
    ]);
  });

  it('skips excerpts shorter than a patch when a longer one exists', () => {
    expect(cut(mel(7, [2, 4, 1]), 4)).toEqual([[2, 3, 4, 5]]);
  });

  it('loops a track shorter than one patch to fill it', () => {
    expect(cut(mel(3), 4)).toEqual([[0, 1, 2, 0]]);
    expect(cut(mel(3, [2, 1]), 4)).toEqual([[0, 1, 2, 0]]);
  });

  it('writes a patch into a later slot only', () => {
    const m = mel(12);
    const out = new Float32Array(3 * 4 * bands).fill(-1);
    const windows = patchWindows(m, 4);
    writePatch(m, windows[1] ?? { excerptStart: 0, excerptFrames: 0, offset: 0 }, 4, out, 2);
    expect(Array.from(out.subarray(0, 16)).every((v) => v === -1)).toBe(true);
    expect(Array.from(out.subarray(16))).toEqual(Array.from(m.data.subarray(8, 16)));
  });
});
