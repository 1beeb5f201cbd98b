/**
 * Distillation (train/distil-loss.ts, train/teacher/{target-space,distil-targets}.ts and the
 * trainer's distil and groups options) with synthetic targets: no teacher, no corpus needed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FFT_SIZE, HOP_SIZE, SAMPLE_RATE } from '../../src/main/engine/audio/params';
import { initBackend } from '../../src/main/engine/embed/backend';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import type { CnnConfig } from '../../src/main/engine/embed/cnn-config';
import { seededModel } from '../../src/main/engine/embed/init';
import { groupPositives, ntXentLoss } from '../../src/main/engine/train/contrastive-loss';
import { embedTracks } from '../../src/main/engine/train/embed-all';
import { mulberry32 } from '../../src/main/engine/embed/init';
import {
  distilTrack,
  viewTarget,
  type DistilTrack,
} from '../../src/main/engine/train/teacher/distil-targets';
import { fitTargetSpace, projectTarget } from '../../src/main/engine/train/teacher/target-space';
import type { TeacherTargets } from '../../src/main/engine/train/teacher/teacher-targets';
import { trainContrastive } from '../../src/main/engine/train/trainer';
import { timbreClips } from '../helpers/timbres';

const CONFIG: CnnConfig = {
  patchFrames: 32,
  melBands: 64,
  kernel: 4,
  channels: [8, 16, 16],
  pooling: 'mean-max-std',
  hidden: 32,
  embedDim: 16,
};

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

describe('target space', () => {
  it('keeps the z-scored cosines when it keeps every axis, and orders axes by variance', () => {
    const rand = mulberry32(7);
    // 40 vectors of 6 dimensions, with very different scales per dimension.
    const vectors = Array.from({ length: 40 }, () =>
      Float64Array.from({ length: 6 }, (_, d) => 3 + (d + 1) * gaussian(rand)),
    );
    const full = fitTargetSpace(vectors, 6);
    expect(full.explained).toBeCloseTo(1, 6);
    const z = (v: Float64Array) => v.map((x, d) => (x - (full.mean[d] ?? 0)) / (full.std[d] ?? 1));
    for (const [i, j] of [
      [0, 1],
      [2, 7],
      [5, 39],
    ] as const) {
      const a = vectors[i] as Float64Array;
      const b = vectors[j] as Float64Array;
      expect(cosine(projectTarget(full, a), projectTarget(full, b))).toBeCloseTo(
        cosine(z(a), z(b)),
        4,
      );
    }
    // Three axes keep less than everything, and the first axis carries the most.
    const three = fitTargetSpace(vectors, 3);
    expect(three.explained).toBeLessThan(1);
    expect(three.explained).toBeGreaterThan(0.5 - 1e-9);
    const projected = vectors.map((v) => projectTarget(three, v));
    const variance = (d: number) => projected.reduce((s, p) => s + (p[d] ?? 0) ** 2, 0);
    expect(variance(0)).toBeGreaterThanOrEqual(variance(1));
    expect(variance(1)).toBeGreaterThanOrEqual(variance(2));
  });
});

describe('view targets', () => {
  it('interpolates between an excerpt’s two patches at the view’s start time', () => {
    const a = Float32Array.of(1, 0);
    const b = Float32Array.of(0, 1);
    const d: DistilTrack = {
      track: Float32Array.of(5, 5),
      excerpts: [{ startSec: [0, 5], targets: [a, b] }],
    };
    // The offset whose first frame centre is at 2.5 s: halfway.
    const offsetAt = (sec: number) => (sec * SAMPLE_RATE - FFT_SIZE / 2) / HOP_SIZE;
    const half = viewTarget(d, { excerpt: 0, offset: offsetAt(2.5) });
    expect(half[0]).toBeCloseTo(0.5, 5);
    expect(half[1]).toBeCloseTo(0.5, 5);
    expect(Array.from(viewTarget(d, { excerpt: 0, offset: offsetAt(6) }))).toEqual([0, 1]);
    // A view of the looped whole track, or of an excerpt the teacher has no patch of.
    expect(viewTarget(d, { excerpt: -1, offset: 0 })).toBe(d.track);
    expect(viewTarget(d, { excerpt: 3, offset: 0 })).toBe(d.track);
  });

  it('maps a track’s targets into the space, the track target being the patches’ mean', () => {
    const rand = mulberry32(3);
    const tracks: TeacherTargets[] = Array.from({ length: 12 }, (_, i) => ({
      format: 1,
      id: `t${i}`,
      excerpts: [{ startSec: 0, seconds: 8 }],
      patches: [5.01, 0].map((startSec) => ({
        excerpt: 0,
        startSec,
        embedding: Float32Array.from({ length: 8 }, () => Math.max(0, gaussian(rand))),
      })),
    }));
    const space = fitTargetSpace(
      tracks.map((t) =>
        Float64Array.from({ length: 8 }, (_, d) =>
          t.patches.reduce((s, p) => s + (p.embedding[d] ?? 0) / 2, 0),
        ),
      ),
      8,
    );
    const first = tracks[0] as TeacherTargets;
    const d = distilTrack(space, first);
    // Sorted by start; the affine map commutes with the mean.
    expect(d.excerpts[0]?.startSec).toEqual([0, 5.01]);
    const [p0, p1] = d.excerpts[0]?.targets ?? [];
    d.track.forEach((v, k) => expect(v).toBeCloseTo(((p0?.[k] ?? 0) + (p1?.[k] ?? 0)) / 2, 4));
  });
});

describe('supervised positives', () => {
  it('makes the twin and same-group views positives, rows summing to 1', () => {
    const groups = [0, -1, 0, 2];
    const mask = groupPositives(groups);
    const m = mask.arraySync();
    mask.dispose();
    expect(m).toHaveLength(8);
    // Track 0's first view: its twin (4) and both views of track 2 (2, 6).
    expect(m[0]?.map((v) => (v > 0 ? 1 : 0))).toEqual([0, 0, 1, 0, 1, 0, 1, 0]);
    // An ungrouped track has only its twin.
    expect(m[1]?.[5]).toBe(1);
    for (const row of m) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('is plain NT-Xent when no track has a group', () => {
    const rand = mulberry32(5);
    const values = Float32Array.from({ length: 8 * 4 }, () => gaussian(rand));
    const [plain, grouped] = tf.tidy(() => {
      const z = tf.tensor2d(values, [8, 4]);
      const unit = tf.div(z, tf.norm(z, 2, 1, true)) as tf.Tensor2D;
      return [
        ntXentLoss(unit, 0.1).dataSync()[0],
        ntXentLoss(unit, 0.1, groupPositives([-1, -1, -1, -1])).dataSync()[0],
      ];
    });
    expect(grouped).toBeCloseTo(plain ?? NaN, 5);
  });
});

describe('distillation on wasm', () => {
  it('pulls each track’s vector towards its teacher target, leaving no tensor behind', async () => {
    const clips = timbreClips(3);
    const rand = mulberry32(11);
    // One random target direction per timbre: a teacher that only knows timbres.
    const byLabel = new Map<string, Float32Array>();
    for (const label of new Set(clips.labels)) {
      byLabel.set(
        label,
        Float32Array.from({ length: CONFIG.embedDim }, () => gaussian(rand)),
      );
    }
    const distil: DistilTrack[] = clips.labels.map((label) => ({
      track: byLabel.get(label) as Float32Array,
      excerpts: [],
    }));
    const fit = async (model: ReturnType<typeof seededModel>) => {
      const vectors = await embedTracks(model, clips.mels);
      return vectors.reduce((s, v, i) => s + cosine(v, distil[i]?.track ?? []), 0) / vectors.length;
    };
    const model = seededModel(CONFIG, 1);
    const before = await fit(model);
    const tensors = tf.memory().numTensors;
    const result = await trainContrastive(model, clips.mels, {
      settings: {
        epochs: 30,
        batchSize: 6,
        headHidden: 32,
        headDim: 16,
        learningRate: 3e-3,
        distil: { contrastive: 0.1, patch: 1, track: 1 },
      },
      distil,
      groups: clips.labels.map((l) => (l === 'tone' ? 0 : -1)),
    });
    expect(tf.memory().numTensors).toBe(tensors);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(result.losses.slice(-5))).toBeLessThan(0.6 * mean(result.losses.slice(0, 5)));
    // The output centre is subtracted after training; the fit is still far better than before.
    const after = await fit(model);
    expect(after).toBeGreaterThan(0.6);
    expect(after).toBeGreaterThan(before + 0.4);
    disposeModel(model);
  });

  it('refuses targets that do not match the tracks', async () => {
    const clips = timbreClips(1);
    const model = seededModel(CONFIG, 2);
    await expect(
      trainContrastive(model, clips.mels, {
        settings: { epochs: 1, distil: { contrastive: 1, patch: 1, track: 1 } },
        distil: [],
      }),
    ).rejects.toThrow(/one target per track/);
    disposeModel(model);
  });
});
