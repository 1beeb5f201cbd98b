/**
 * Scores candidates for any playlist: the blend of the collaborative and audio sides, the
 * history's penalties, the live skip penalty in audio space, and the explanation of each.
 */
import type { SessionTaste } from '../cf/session-taste';
import {
  audioTerm,
  collaborativeWeight,
  historyPenalties,
  neighbourFloor,
  neighbourPenalty,
  audioEstimate,
  combine,
  similarityRange,
  type BlendMode,
} from './blend';
import { calibrate, calibrated, IDENTITY } from './calibration';
import { explain, type Explained } from './explain';
import type { ListeningHistory } from './history';
import { localAcceptance } from './local-acceptance';
import type { SnapshotTrack } from './library-snapshot';
import { dot } from './vector-math';

/** What every score of one request shares. */
export type ScoringContext = Readonly<{
  taste: SessionTaste | null;
  history: ListeningHistory;
  mode: BlendMode;
  /** 0 familiar … 1 adventurous. */
  adventurous: number;
  /** Tracks skipped in this session: their close audio neighbours go down. */
  skipped: readonly SnapshotTrack[];
}>;

/** How close a candidate is to what the playlist asks for, and how to say it. */
export type Closeness = Readonly<{
  /** Cosine similarity to the seed, waypoint or centre the playlist follows. */
  similarity: number;
  /** What it sounds like ("sounds like …"), or null. */
  soundsLike: string | null;
  lead?: string | null;
}>;

/** A scored candidate. */
export type Scored = SnapshotTrack &
  Readonly<{
    id: string;
    score: number;
    /** The audio side: a play-through estimate from the sound (blend.ts audioEstimate). */
    audio: number;
    /** NeuMF's probability, or null for a track it does not know. */
    cf: number | null;
    /** That probability calibrated to a play-through rate (calibration.ts), as the blend used it. */
    cfRate: number | null;
    /** The weight the collaborative side got. */
    w: number;
    /** Cosine similarity behind `audio`. */
    similarity: number;
    why: string;
  }>;

/** Scores `candidates`, best first (ties by id, so results repeat). */
export function scoreCandidates(
  ctx: ScoringContext,
  candidates: readonly SnapshotTrack[],
  closeness: (candidate: SnapshotTrack) => Closeness,
): Scored[] {
  const close = candidates.map(closeness);
  const range = similarityRange(close.map((c) => c.similarity));
  const { taste, history, mode, adventurous } = ctx;
  const cfScores: Map<string, number> =
    taste && mode !== 'audio' ? taste.score(candidates.map((c) => c.track.id)) : new Map();
  const calibration = mode === 'blend' ? calibrate(cfScores, history.tracks) : IDENTITY;
  const acceptance = localAcceptance(
    candidates,
    close.map((c) => c.similarity),
    history.tracks,
    history.newTrackAcceptance,
  );
  const sessionEvents = taste?.sessionEvents ?? 0;
  const profileEvents = history.events;
  const skips = ctx.skipped.map((skipped) => {
    const similarities = candidates.map((c) => dot(c.vector, skipped.vector));
    return { skipped, similarities, floor: neighbourFloor(similarities) };
  });
  const scored = candidates.map((candidate, i): Scored => {
    const id = candidate.track.id;
    const { similarity, soundsLike, lead } = close[i] ?? { similarity: 0, soundsLike: null };
    const cf = cfScores.get(id) ?? null;
    const trackEvidence = cf === null || !taste ? 0 : taste.trackEvidence(id);
    const w = collaborativeWeight({
      mode,
      sessionEvents,
      profileEvents,
      trackEvidence,
      adventurous,
    });
    const closeness = audioTerm(similarity, range, adventurous);
    const audio = audioEstimate(
      closeness,
      acceptance[i] ?? history.newTrackAcceptance,
      adventurous,
    );
    const cfRate = cf === null ? null : calibrated(calibration, cf);
    const base = mode === 'cf' ? (cf ?? 0) : combine(audio, cfRate, w, calibration.base);
    const past = history.tracks.get(id);
    const penalties = historyPenalties(past, history.now);
    let neighbour = 0;
    let neighbourTitle = '';
    for (const { skipped, similarities, floor } of skips) {
      if (skipped.track.id === id) continue;
      const penalty = neighbourPenalty(similarities[i] ?? 0, floor);
      if (penalty > neighbour) [neighbour, neighbourTitle] = [penalty, skipped.track.title];
    }
    const score = base - penalties.skip - penalties.recent - neighbour;
    const explained: Explained = {
      lead,
      soundsLike,
      w,
      cf: cfRate,
      cfBase: calibration.base,
      history: past,
      penalties,
      skippedNeighbour: neighbour > 0 ? { title: neighbourTitle, penalty: neighbour } : null,
      now: history.now,
    };
    // Written when first read: a radio scores hundreds of candidates and keeps a few dozen.
    let why: string | undefined;
    return {
      ...candidate,
      id,
      score,
      audio,
      cf,
      cfRate,
      w,
      similarity,
      get why() {
        return (why ??= explain(explained));
      },
    };
  });
  return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
