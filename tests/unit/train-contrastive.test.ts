import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedMel } from '../../src/main/engine/audio/mel-cache';
import { initBackend } from '../../src/main/engine/embed/backend';
import { createModel, disposeModel, type AudioModel } from '../../src/main/engine/embed/cnn';
import { paramSpecs, type CnnConfig } from '../../src/main/engine/embed/cnn-config';
import { AudioEmbedder } from '../../src/main/engine/embed/embedder';
import { seededModel } from '../../src/main/engine/embed/init';
import { modelVersion } from '../../src/main/engine/embed/weights';
import { retrievalScores } from '../../src/main/engine/eval/retrieval-metrics';
import { trainContrastive, type TrainSettings } from '../../src/main/engine/train/trainer';
import { timbreClips } from '../helpers/timbres';

/** A small CNN, so that training runs in about a second. */
const CONFIG: CnnConfig = {
  patchFrames: 32,
  melBands: 64,
  kernel: 4,
  channels: [8, 16, 16],
  pooling: 'mean-max-std',
  hidden: 32,
  embedDim: 16,
};
const SETTINGS: Partial<TrainSettings> = {
  epochs: 40,
  batchSize: 16,
  headHidden: 32,
  headDim: 16,
  learningRate: 3e-3,
};

function copyOf(model: AudioModel): AudioModel {
  const specs = paramSpecs(model.config);
  return createModel(
    model.config,
    new Map(specs.map((s) => [s.name, model.params[s.name]?.dataSync() as Float32Array])),
  );
}

/** Vectors of the model's own embedding, from a copy the embedder may own and dispose. */
async function embed(model: AudioModel, mels: readonly CachedMel[]): Promise<Float32Array[]> {
  const embedder = await AudioEmbedder.create({ model: copyOf(model) });
  try {
    return embedder.embed(mels);
  } finally {
    embedder.dispose();
  }
}

/** Mean cosine between clips of one timbre minus mean cosine between clips of two. */
function margin(vectors: readonly Float32Array[], labels: readonly string[]): number {
  let same = 0;
  let sameCount = 0;
  let other = 0;
  let otherCount = 0;
  vectors.forEach((a, i) =>
    vectors.forEach((b, j) => {
      if (i === j) return;
      const cos = a.reduce((s, v, d) => s + v * (b[d] ?? 0), 0);
      if (labels[i] === labels[j]) [same, sameCount] = [same + cos, sameCount + 1];
      else [other, otherCount] = [other + cos, otherCount + 1];
    }),
  );
  return same / sameCount - other / otherCount;
}

let clips: ReturnType<typeof timbreClips>;
let dir: string;

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  clips = timbreClips(4);
  dir = await mkdtemp(join(tmpdir(), 'deepcut-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('contrastive training on wasm', () => {
  it('lowers the loss on four timbres and then ranks same-timbre clips first', async () => {
    const model = seededModel(CONFIG, 1);
    const before = margin(await embed(model, clips.mels), clips.labels);
    const result = await trainContrastive(model, clips.mels, { settings: SETTINGS });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(result.losses.slice(-5))).toBeLessThan(0.8 * mean(result.losses.slice(0, 5)));
    const vectors = await embed(model, clips.mels);
    expect(retrievalScores(vectors, clips.labels).map).toBe(1);
    expect(margin(vectors, clips.labels)).toBeGreaterThan(before);
    disposeModel(model);
  });

  it('measures input statistics and the output centre from the data, so the version changes', async () => {
    const model = seededModel(CONFIG, 2);
    const version = modelVersion(model);
    await trainContrastive(model, clips.mels, { settings: { ...SETTINGS, epochs: 1 } });
    const mean = model.params['input/mean']?.dataSync() ?? new Float32Array(0);
    expect(new Set(mean).size).toBeGreaterThan(1);
    // The centre is the mean of the tracks' uncentred vectors: subtracting it leaves vectors
    // whose mean is far shorter than before.
    const centre = model.params['output/centre']?.dataSync() ?? new Float32Array(0);
    const vectors = await embed(model, clips.mels);
    const meanOf = (d: number) => vectors.reduce((s, v) => s + (v[d] ?? 0), 0) / vectors.length;
    const length = Math.hypot(...Array.from({ length: CONFIG.embedDim }, (_, d) => meanOf(d)));
    expect(length).toBeLessThan(0.5 * Math.hypot(...centre));
    expect(modelVersion(model)).not.toBe(version);
    disposeModel(model);
  });

  it('leaves no tensor behind across training steps and an inference batch', async () => {
    const model = seededModel(CONFIG, 3);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await trainContrastive(model, clips.mels, {
      settings: { ...SETTINGS, epochs: 2, batchSize: 8 },
      onProgress: () => counts.push(tf.memory().numTensors),
    });
    // Every step ends where the first ended: nothing accumulates from step to step.
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    await embed(model, clips.mels);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });

  it('resumes a cancelled run from its checkpoint to the same weights as an unbroken run', async () => {
    const settings = { ...SETTINGS, epochs: 4 };
    const unbroken = seededModel(CONFIG, 4);
    await trainContrastive(unbroken, clips.mels, { settings });

    const model = seededModel(CONFIG, 4);
    const controller = new AbortController();
    const checkpointDir = join(dir, 'checkpoint');
    await expect(
      trainContrastive(model, clips.mels, {
        settings,
        checkpointDir,
        signal: controller.signal,
        onEpoch: (epoch) => {
          if (epoch === 2) controller.abort(new Error('stop'));
        },
      }),
    ).rejects.toThrow('stop');
    disposeModel(model);

    const restarted = seededModel(CONFIG, 4);
    const result = await trainContrastive(restarted, clips.mels, { settings, checkpointDir });
    expect(result.resumedFrom).toBe(2);
    expect(result.losses).toHaveLength(4);
    expect(modelVersion(restarted)).toBe(modelVersion(unbroken));
    disposeModel(restarted);
    disposeModel(unbroken);
  });
});
