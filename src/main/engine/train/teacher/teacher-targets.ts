/**
 * The teacher's embeddings of a track, the targets of distillation: two patches per excerpt of
 * the scan's plan (audio/excerpts.ts), one at its start and one ending at its end, so they cover
 * the whole excerpt and a student patch anywhere in it lies between the two. Cached on disk, one
 * JSON file per track, written under a temporary name and renamed: a killed run loses at most
 * the track it was on, and a resumed run skips every track already written.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Excerpt } from '../../audio/excerpts';
import {
  teacherLogMel,
  teacherPatch,
  TEACHER_BANDS,
  TEACHER_HOP,
  TEACHER_PATCH_FRAMES,
  TEACHER_SAMPLE_RATE,
  type TeacherLogMel,
} from './musicnn-frontend';
import { musicnnForward, TEACHER_DIM, type Musicnn } from './musicnn-net';
import { decodeForTeacher } from './teacher-decode';

/** Bumped when what a cached entry means changes; older entries are computed again. */
export const TARGETS_FORMAT = 1;

/** One teacher patch: where it starts within its excerpt, and its 200-d embedding. */
export type TeacherPatchTarget = Readonly<{
  excerpt: number;
  /** Seconds from the excerpt's start to the centre of the patch's first frame. */
  startSec: number;
  embedding: Float32Array;
}>;

/** A track's targets. */
export type TeacherTargets = Readonly<{
  format: number;
  id: string;
  excerpts: readonly Excerpt[];
  patches: readonly TeacherPatchTarget[];
}>;

/** A log-mel looped to at least one patch, for an excerpt shorter than 3 s. */
function atLeastOnePatch(mel: TeacherLogMel): TeacherLogMel {
  if (mel.frames >= TEACHER_PATCH_FRAMES) return mel;
  const data = new Float32Array(TEACHER_PATCH_FRAMES * TEACHER_BANDS);
  for (let t = 0; t < TEACHER_PATCH_FRAMES; t++) {
    data.set(
      mel.data.subarray((t % mel.frames) * TEACHER_BANDS, ((t % mel.frames) + 1) * TEACHER_BANDS),
      t * TEACHER_BANDS,
    );
  }
  return { frames: TEACHER_PATCH_FRAMES, bands: TEACHER_BANDS, data };
}

/** Runs the teacher on the excerpts of one file. */
export async function computeTargets(
  net: Musicnn,
  id: string,
  path: string,
  excerpts: readonly Excerpt[],
  signal?: AbortSignal,
): Promise<TeacherTargets> {
  const decoded = await decodeForTeacher(path, excerpts, signal ? { signal } : {});
  const starts: { excerpt: number; frame: number }[] = [];
  const patches: Float32Array[] = [];
  decoded.forEach((samples, e) => {
    if (samples.length <= TEACHER_HOP) return;
    const mel = atLeastOnePatch(teacherLogMel(samples));
    const last = mel.frames - TEACHER_PATCH_FRAMES;
    for (const frame of last > 0 ? [0, last] : [0]) {
      starts.push({ excerpt: e, frame });
      patches.push(teacherPatch(mel, frame));
    }
  });
  if (patches.length === 0) throw new Error(`${path}: no audio for the teacher`);
  const size = TEACHER_PATCH_FRAMES * TEACHER_BANDS;
  const input = new Float32Array(patches.length * size);
  patches.forEach((p, i) => input.set(p, i * size));
  const embeddings = tf.tidy(
    () =>
      musicnnForward(
        net,
        tf.tensor3d(input, [patches.length, TEACHER_PATCH_FRAMES, TEACHER_BANDS]),
      ).embedding.dataSync() as Float32Array,
  );
  return {
    format: TARGETS_FORMAT,
    id,
    excerpts,
    patches: starts.map((s, i) => ({
      excerpt: s.excerpt,
      startSec: (s.frame * TEACHER_HOP) / TEACHER_SAMPLE_RATE,
      embedding: embeddings.slice(i * TEACHER_DIM, (i + 1) * TEACHER_DIM),
    })),
  };
}

function entryPath(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

/** Writes a track's targets atomically. */
export async function writeTargets(dir: string, targets: TeacherTargets): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = entryPath(dir, targets.id);
  const json = JSON.stringify({
    ...targets,
    patches: targets.patches.map((p) => ({ ...p, embedding: Array.from(p.embedding) })),
  });
  await writeFile(`${path}.tmp`, json);
  await rename(`${path}.tmp`, path);
}

/**
 * A track's cached targets, or null when there are none, they are of another format, or they
 * were computed for other excerpts than `excerpts` (the track's duration changed).
 */
export async function readTargets(
  dir: string,
  id: string,
  excerpts: readonly Excerpt[],
): Promise<TeacherTargets | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(entryPath(dir, id), 'utf8'));
  } catch {
    return null;
  }
  const t = raw as {
    format?: unknown;
    excerpts?: Excerpt[];
    patches?: { excerpt: number; startSec: number; embedding: number[] }[];
  };
  if (t.format !== TARGETS_FORMAT || !Array.isArray(t.patches) || !Array.isArray(t.excerpts)) {
    return null;
  }
  const same =
    t.excerpts.length === excerpts.length &&
    t.excerpts.every(
      (e, i) => e.startSec === excerpts[i]?.startSec && e.seconds === excerpts[i]?.seconds,
    );
  if (!same || t.patches.some((p) => p.embedding?.length !== TEACHER_DIM)) return null;
  return {
    format: TARGETS_FORMAT,
    id,
    excerpts: t.excerpts,
    patches: t.patches.map((p) => ({ ...p, embedding: Float32Array.from(p.embedding) })),
  };
}
