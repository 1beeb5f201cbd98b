/**
 * The audio side's acceptance, local to a sound: how this person received the heard tracks of the
 * candidate pool that sound like a candidate, each weighted by a kernel on their cosine, with the
 * profile's acceptance of new suggestions as the prior. Someone who finishes one corner of the
 * library and skips the one next to it gets a higher audio estimate for unknown tracks of the
 * first corner than of the second, before NeuMF knows either track. Only the pool's heard tracks
 * closest to what the playlist follows count, at most {@link MAX_HEARD}: the pool is already that
 * neighbourhood, and each heard track costs a dot product per candidate: a radio of 50 at
 * 100,000 tracks scores 360 candidates, and 120 heard ones took 10 – 16 ms on the (loaded) dev
 * machine, 32 about 2 ms, against a 50 ms budget for the whole radio.
 */
import { outcome } from './calibration';
import type { TrackHistory } from './history';
import type { SnapshotTrack } from './library-snapshot';
import { dot } from './vector-math';

/** Kernel width in cosine: a heard track 0.15 less similar counts e⁻¹ as much. */
export const ACCEPTANCE_BANDWIDTH = 0.15;
/** Heard tracks the acceptance is read from. */
export const MAX_HEARD = 32;
/** The prior's weight, in identical heard tracks. */
export const ACCEPTANCE_PRIOR = 1;
/**
 * How much more a track heard in this session counts than one heard before: what the person
 * finishes or skips today says most about what they want today (a focused listener whose history
 * points elsewhere).
 */
export const SESSION_ACCEPTANCE_WEIGHT = 3;

/** A track heard in this session and how it went: 1 played through, 0 skipped. */
export type SessionOutcome = Readonly<{ vector: Float32Array; outcome: number }>;

/**
 * Each candidate's local acceptance (0 … 1), in the order of `candidates`; `similarity` is each
 * one's closeness to what the playlist follows. A candidate's own history is left out (it is what
 * the penalties and NeuMF speak to). The tracks of this session count too, wherever they lie,
 * with their outcome today and {@link SESSION_ACCEPTANCE_WEIGHT} times the weight.
 */
export function localAcceptance(
  candidates: readonly SnapshotTrack[],
  similarity: readonly number[],
  tracks: ReadonlyMap<string, TrackHistory>,
  prior: number,
  session: readonly SessionOutcome[] = [],
): number[] {
  const found: { index: number; y: number }[] = [];
  candidates.forEach((c, index) => {
    const history = tracks.get(c.track.id);
    const y = history ? outcome(history) : null;
    if (y !== null) found.push({ index, y });
  });
  found.sort((a, b) => (similarity[b.index] ?? 0) - (similarity[a.index] ?? 0));
  const chosen = found.slice(0, MAX_HEARD);
  const heardAt = chosen.map((h) => h.index);
  const outcomes = chosen.map((h) => h.y);
  if (heardAt.length === 0 && session.length === 0) return candidates.map(() => prior);
  const heard = heardAt.map((index) => candidates[index]?.vector ?? new Float32Array());
  const today = session.slice(-MAX_HEARD);
  return candidates.map((c, i) => {
    let weight = ACCEPTANCE_PRIOR;
    let sum = ACCEPTANCE_PRIOR * prior;
    for (let h = 0; h < heard.length; h++) {
      if (heardAt[h] === i) continue;
      const w = Math.exp((dot(c.vector, heard[h] as Float32Array) - 1) / ACCEPTANCE_BANDWIDTH);
      weight += w;
      sum += w * (outcomes[h] as number);
    }
    for (const t of today) {
      const w =
        SESSION_ACCEPTANCE_WEIGHT * Math.exp((dot(c.vector, t.vector) - 1) / ACCEPTANCE_BANDWIDTH);
      weight += w;
      sum += w * t.outcome;
    }
    return sum / weight;
  });
}
