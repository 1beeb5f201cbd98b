import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogMel } from '../../src/main/engine/audio/log-mel';
import { MEL_BANDS } from '../../src/main/engine/audio/params';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import { EMBED_DIM } from '../../src/main/engine/embed/cnn-config';
import { AudioEmbedder } from '../../src/main/engine/embed/embedder';
import { mulberry32, seededModel } from '../../src/main/engine/embed/init';
import { modelVersion } from '../../src/main/engine/embed/weights';

/**
 * A synthetic log-mel in the range audio/mel.ts produces ([-8, 0]): `level(band)` plus frame-to-
 * frame texture, so two profiles differ in where the energy is, like a bass line and a hi-hat.
 */
function synthMel(frames: number, level: (band: number) => number, seed: number): LogMel {
  const rand = mulberry32(seed);
  const data = new Float32Array(frames * MEL_BANDS);
  for (let t = 0; t < frames; t++) {
    for (let b = 0; b < MEL_BANDS; b++) data[t * MEL_BANDS + b] = level(b) + 0.5 * (rand() - 0.5);
  }
  return { frames, bands: MEL_BANDS, data };
}
const low = (b: number) => (b < MEL_BANDS / 4 ? -1.5 : -7);
const high = (b: number) => (b >= (3 * MEL_BANDS) / 4 ? -1.5 : -7);

function withNoise(mel: LogMel, amount: number, seed: number): LogMel {
  const rand = mulberry32(seed);
  return { ...mel, data: mel.data.map((v) => v + amount * (rand() - 0.5)) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
}

let embedder: AudioEmbedder;
let resources: string;

beforeAll(async () => {
  // An empty resources folder: the seeded weights, whatever ships in the repository.
  resources = await mkdtemp(join(tmpdir(), 'deepcut-embedder-'));
  embedder = await AudioEmbedder.create({ backend: 'wasm', resourcesDir: resources });
});
afterAll(async () => {
  embedder.dispose();
  await rm(resources, { recursive: true, force: true });
});

describe('AudioEmbedder on wasm', () => {
  it('runs on wasm with the seeded weights', () => {
    expect(embedder.backend.name).toBe('wasm');
    const seeded = seededModel();
    expect(embedder.version).toBe(modelVersion(seeded));
    disposeModel(seeded);
  });

  it('returns one unit vector of EMBED_DIM per track, for long and short tracks', () => {
    const mels = [synthMel(1290, low, 1), synthMel(40, high, 2), synthMel(128, low, 3)];
    const vectors = embedder.embed(mels);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(EMBED_DIM);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(embedder.embed([])).toEqual([]);
  });

  it('is deterministic and independent of how patches are batched', async () => {
    const mels = [synthMel(700, low, 4), synthMel(1290, high, 5), synthMel(300, low, 6)];
    const once = embedder.embed(mels);
    expect(embedder.embed(mels)).toEqual(once);
    const small = await AudioEmbedder.create({ resourcesDir: resources, maxBatch: 3 });
    const batched = small.embed(mels);
    small.dispose();
    batched.forEach((v, i) => expect(cosine(v, once[i] ?? v)).toBeGreaterThan(0.99999));
  });

  it('tells low-band from high-band spectrograms, and a noisy copy stays closest', () => {
    const a = synthMel(1290, low, 7);
    const [va, vb, vn] = embedder.embed([a, synthMel(1290, high, 8), withNoise(a, 0.3, 9)]);
    if (!va || !vb || !vn) throw new Error('missing vectors');
    expect(cosine(va, vb)).toBeLessThan(0.95);
    expect(cosine(va, vn)).toBeGreaterThan(cosine(va, vb));
  });

  it('leaves no tensors behind', () => {
    const mels = [synthMel(1290, low, 10), synthMel(200, high, 11)];
    embedder.embed(mels);
    const before = tf.memory().numTensors;
    embedder.embed(mels);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cuts patches within excerpts, never across the cut between two', () => {
    // Two excerpts of a patch and a half: each gives patches at frames 0 and 64 of its own.
    const [a, b] = [synthMel(192, low, 13), synthMel(192, high, 14)];
    const frames = (m: LogMel, from: number) =>
      m.data.subarray(from * MEL_BANDS, (from + 128) * MEL_BANDS);
    const joined = {
      frames: 384,
      bands: MEL_BANDS,
      data: new Float32Array([...a.data, ...b.data]),
    };
    // The same four patches laid end to end, as a track without excerpts cuts them.
    const laidOut = {
      frames: 512,
      bands: MEL_BANDS,
      data: new Float32Array([
        ...frames(a, 0),
        ...frames(a, 64),
        ...frames(b, 0),
        ...frames(b, 64),
      ]),
    };
    const [excerpted, expected, straddling] = embedder.embed([
      { ...joined, excerptFrames: [192, 192] },
      laidOut,
      joined,
    ]);
    const none = new Float32Array(0);
    expect(cosine(excerpted ?? none, expected ?? none)).toBeCloseTo(1, 6);
    expect(cosine(excerpted ?? none, straddling ?? none)).toBeLessThan(0.9999);
    expect(() => embedder.embed([{ ...joined, excerptFrames: [100, 100] }])).toThrow(/add up/);
  });

  it('rejects an empty spectrogram or the wrong band count', () => {
    expect(() =>
      embedder.embed([
        synthMel(10, low, 12),
        { frames: 0, bands: MEL_BANDS, data: new Float32Array(0) },
      ]),
    ).toThrow(/track 1 has no log-mel frames/);
    expect(() => embedder.embed([{ frames: 2, bands: 3, data: new Float32Array(6) }])).toThrow(
      /expected 64 bands/,
    );
  });
});
