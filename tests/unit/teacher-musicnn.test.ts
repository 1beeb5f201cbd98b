/**
 * The TF.js MusiCNN teacher (train/teacher/) against the golden vectors that come with its
 * weights in ../shared/models/musicnn-msd, within the tolerances of golden/manifest.json.
 * Skipped when that folder is absent (a fresh clone): the weights are never in the repository.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import {
  roundToFloat16,
  teacherLogMel,
  teacherMelBank,
  teacherPatch,
  TEACHER_BANDS,
  TEACHER_PATCH_FRAMES,
} from '../../src/main/engine/train/teacher/musicnn-frontend';
import {
  disposeMusicnn,
  loadMusicnn,
  musicnnForward,
  type Musicnn,
} from '../../src/main/engine/train/teacher/musicnn-net';

const TEACHER_DIR = fileURLToPath(new URL('../../../shared/models/musicnn-msd', import.meta.url));
const GOLDEN = join(TEACHER_DIR, 'golden');
const present = existsSync(join(TEACHER_DIR, 'weights.bin'));

type Tolerances = Readonly<{
  A_network_given_golden_logmel: Readonly<{
    embedding_max_abs: number;
    tags_max_abs: number;
    'real-1_intermediate_max_abs': Readonly<Record<string, number>>;
  }>;
  B_frontend_given_golden_signal: Readonly<{
    logmel_max_abs: number;
    'logmel_frac_elements_abs_gt_1e-5_if_float16_emulated': number;
  }>;
  C_embedding_from_golden_signal_own_frontend_and_network: Readonly<{
    with_float16_emulation: Readonly<{ embedding_max_abs: number; tags_max_abs: number }>;
  }>;
}>;

async function golden(name: string): Promise<Float32Array> {
  const bytes = await readFile(join(GOLDEN, name));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

const SIGNALS = ['signal-1', 'signal-2', 'signal-3'] as const;
const SIGNAL_STARTS = [0, 64];

describe.skipIf(!present)(
  `MusiCNN teacher in TF.js (golden vectors of ../shared)${present ? '' : ' (skipped: needs ../shared/models/musicnn-msd, absent here)'}`,
  () => {
    let net: Musicnn;
    let tol: Tolerances;

    beforeAll(async () => {
      await initBackend();
      net = await loadMusicnn(TEACHER_DIR);
      const manifest = JSON.parse(await readFile(join(GOLDEN, 'manifest.json'), 'utf8')) as {
        tolerances: Tolerances;
      };
      tol = manifest.tolerances;
    });
    afterAll(() => net && disposeMusicnn(net));

    function run(patches: Float32Array, count: number) {
      return tf.tidy(() => {
        const out = musicnnForward(
          net,
          tf.tensor3d(patches, [count, TEACHER_PATCH_FRAMES, TEACHER_BANDS]),
        );
        return {
          embedding: out.embedding.dataSync() as Float32Array,
          tags: out.tags.dataSync() as Float32Array,
          midend: out.midend.dataSync() as Float32Array,
          pooled: out.pooled.dataSync() as Float32Array,
          bnDense: out.bnDense.dataSync() as Float32Array,
          logits: out.logits.dataSync() as Float32Array,
        };
      });
    }

    it('builds librosa’s mel bank and rounds to float16 as numpy does', async () => {
      expect(maxAbs(teacherMelBank(), await golden('melbank.f32'))).toBeLessThan(1e-7);
      expect(roundToFloat16(1 + 2 ** -11)).toBe(1); // a tie goes to the even neighbour
      expect(roundToFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
      expect(roundToFloat16(2 ** -24 * 0.75)).toBe(2 ** -24); // subnormal
      expect(roundToFloat16(0.1)).toBeCloseTo(0.0999755859375, 12);
    });

    it('makes the golden log-mel patches from the golden signals (tolerance B)', async () => {
      const { logmel_max_abs: bound } = tol.B_frontend_given_golden_signal;
      const fracBound =
        tol.B_frontend_given_golden_signal['logmel_frac_elements_abs_gt_1e-5_if_float16_emulated'];
      for (const name of SIGNALS) {
        const mel = teacherLogMel(await golden(`${name}.f32`));
        expect(mel.frames).toBe(251);
        const expected = await golden(`${name}.logmel.f32`);
        const ours = new Float32Array(expected.length);
        SIGNAL_STARTS.forEach((s, i) =>
          ours.set(teacherPatch(mel, s), i * TEACHER_PATCH_FRAMES * TEACHER_BANDS),
        );
        expect(maxAbs(ours, expected)).toBeLessThanOrEqual(bound);
        const off = ours.filter((v, i) => Math.abs(v - (expected[i] ?? 0)) > 1e-5).length;
        expect(off / ours.length).toBeLessThanOrEqual(fracBound);
      }
      // real-1: the centred front end gives 189 frames; frames 1 … 187 are the patch.
      const real = teacherLogMel(await golden('real-1.f32'));
      expect(real.frames).toBe(189);
      expect(maxAbs(teacherPatch(real, 1), await golden('real-1.logmel.f32'))).toBeLessThanOrEqual(
        bound,
      );
    });

    it('gives the golden embeddings and tags for the golden log-mel (tolerance A)', async () => {
      const a = tol.A_network_given_golden_logmel;
      for (const name of [...SIGNALS, 'real-1']) {
        const input = await golden(`${name}.logmel.f32`);
        const out = run(input, input.length / (TEACHER_PATCH_FRAMES * TEACHER_BANDS));
        expect(maxAbs(out.embedding, await golden(`${name}.embedding.f32`))).toBeLessThanOrEqual(
          a.embedding_max_abs,
        );
        expect(maxAbs(out.tags, await golden(`${name}.tags.f32`))).toBeLessThanOrEqual(
          a.tags_max_abs,
        );
        if (name === 'real-1') {
          const inner = a['real-1_intermediate_max_abs'];
          expect(maxAbs(out.midend, await golden('real-1.midend.f32'))).toBeLessThanOrEqual(
            inner.midend_concat ?? 0,
          );
          expect(maxAbs(out.pooled, await golden('real-1.pooled.f32'))).toBeLessThanOrEqual(
            inner.pooled_flatten ?? 0,
          );
          expect(maxAbs(out.bnDense, await golden('real-1.bn_dense.f32'))).toBeLessThanOrEqual(
            inner.bn_dense ?? 0,
          );
          expect(maxAbs(out.logits, await golden('real-1.logits.f32'))).toBeLessThanOrEqual(
            inner.logits ?? 0,
          );
        }
      }
      const zeros = run(new Float32Array(TEACHER_PATCH_FRAMES * TEACHER_BANDS), 1);
      expect(maxAbs(zeros.embedding, await golden('zeros.embedding.f32'))).toBeLessThanOrEqual(
        a.embedding_max_abs,
      );
      expect(maxAbs(zeros.tags, await golden('zeros.tags.f32'))).toBeLessThanOrEqual(
        a.tags_max_abs,
      );
    });

    it('gives the golden embeddings from the golden signals end to end (tolerance C)', async () => {
      const c = tol.C_embedding_from_golden_signal_own_frontend_and_network.with_float16_emulation;
      const before = tf.memory().numTensors;
      for (const name of SIGNALS) {
        const mel = teacherLogMel(await golden(`${name}.f32`));
        const patches = new Float32Array(2 * TEACHER_PATCH_FRAMES * TEACHER_BANDS);
        SIGNAL_STARTS.forEach((s, i) =>
          patches.set(teacherPatch(mel, s), i * TEACHER_PATCH_FRAMES * TEACHER_BANDS),
        );
        const out = run(patches, 2);
        expect(maxAbs(out.embedding, await golden(`${name}.embedding.f32`))).toBeLessThanOrEqual(
          c.embedding_max_abs,
        );
        expect(maxAbs(out.tags, await golden(`${name}.tags.f32`))).toBeLessThanOrEqual(
          c.tags_max_abs,
        );
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  },
);
