/**
 * The teacher's targets for the student's training views. A view is a 128-frame crop of one of
 * the track's excerpts (22,050 Hz, hop 512: 2.97 s); the teacher has two 187-frame patches
 * (16 kHz, hop 256: 2.99 s) per excerpt, one at its start and one at its end. The two cover the
 * same stretch of time when they start together, so a view's target is the teacher's patch
 * target interpolated at the view's start time between the two; a track's target is the mean of
 * all its patches'.
 */
import { FFT_SIZE, HOP_SIZE, SAMPLE_RATE } from '../../audio/params';
import type { StepTargets } from '../distil-loss';
import type { ViewPlacement } from '../views';
import { projectTarget, trackEmbedding, type TargetSpace } from './target-space';
import type { TeacherTargets } from './teacher-targets';

/** One track's targets in the target space. */
export type DistilTrack = Readonly<{
  track: Float32Array;
  /** Per excerpt (the plan's order): patch start times (s) and their targets, by start. */
  excerpts: readonly Readonly<{ startSec: number[]; targets: Float32Array[] }>[];
}>;

/** Maps a track's cached teacher embeddings into the target space. */
export function distilTrack(space: TargetSpace, t: TeacherTargets): DistilTrack {
  const excerpts = t.excerpts.map(() => ({
    startSec: [] as number[],
    targets: [] as Float32Array[],
  }));
  const sorted = [...t.patches].sort((a, b) => a.startSec - b.startSec);
  for (const p of sorted) {
    const e = excerpts[p.excerpt];
    if (e === undefined) continue;
    e.startSec.push(p.startSec);
    e.targets.push(projectTarget(space, p.embedding));
  }
  return { track: projectTarget(space, trackEmbedding(t)), excerpts };
}

/** The time of a view's first frame centre, in seconds from its excerpt's start. */
function viewStartSec(offset: number): number {
  return (offset * HOP_SIZE + FFT_SIZE / 2) / SAMPLE_RATE;
}

/** The target of one view: interpolated between the excerpt's patches, else the track's. */
export function viewTarget(d: DistilTrack, placement: ViewPlacement): Float32Array {
  const e = d.excerpts[placement.excerpt];
  if (e === undefined || e.targets.length === 0) return d.track;
  const u = viewStartSec(placement.offset);
  const { startSec, targets } = e;
  let k = 0;
  while (k + 1 < startSec.length && (startSec[k + 1] ?? 0) <= u) k++;
  const a = targets[k] ?? d.track;
  const b = targets[k + 1];
  const t0 = startSec[k] ?? 0;
  const t1 = startSec[k + 1];
  if (b === undefined || t1 === undefined || t1 <= t0) return a;
  const w = Math.min(1, Math.max(0, (u - t0) / (t1 - t0)));
  return Float32Array.from(a, (v, i) => (1 - w) * v + w * (b[i] ?? 0));
}

/**
 * The targets of one training step: rows as makeViews lays them out (row r is a view of
 * `tracks[r mod B]`), then one per track.
 */
export function stepTargets(
  distil: readonly DistilTrack[],
  tracks: readonly number[],
  placements: readonly ViewPlacement[],
): StepTargets {
  const of = (t: number | undefined): DistilTrack => {
    const d = t === undefined ? undefined : distil[t];
    if (d === undefined) throw new Error(`no teacher targets for track ${t}`);
    return d;
  };
  return {
    patches: placements.map((p, row) => viewTarget(of(tracks[row % tracks.length]), p)),
    tracks: tracks.map((t) => of(t).track),
  };
}
