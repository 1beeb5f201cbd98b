/**
 * Scores candidates for any playlist: the blend of the collaborative and audio sides, the
 * history's penalties, Love, the live skip penalty in audio space, and the evidence each reason
 * is built from (reasons.ts).
 */
import type { ReasonPart } from '../../../shared/reasons';
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
import { calibrate, calibrated, IDENTITY, logit, sigmoid } from './calibration';
import type { TrackFeedback } from './feedback-view';
import type { ListeningHistory } from './history';
import { localAcceptance } from './local-acceptance';
import type { SnapshotTrack } from './library-snapshot';
import { reasonParts, sentence, type Evidence } from './reasons';
import { dot } from './vector-math';

/**
 * What a Love adds to a track's score, in log-odds: 1.5 multiplies the odds of a play-through
 * by 4.5, so a loved track that fits the seed comes before an unloved one of the same fit.
 */
export const LOVE_LOGIT = 1.5;
/** Plays, and skips, of this session the audio side learns from: the latest ones. */
const SESSION_OUTCOMES = 16;

/** What every score of one request shares. */
export type ScoringContext = Readonly<{
  taste: SessionTaste | null;
  history: ListeningHistory;
  mode: BlendMode;
  /** 0 familiar … 1 adventurous. */
  adventurous: number;
  /** Tracks skipped in this session: their close audio neighbours go down. */
  skipped: readonly SnapshotTrack[];
  /** Tracks played through in this session (oldest first): they pull radios towards them. */
  played: readonly SnapshotTrack[];
  /** Love and "Don't play this". */
  feedback: TrackFeedback;
  /** A track's title by id, for the reasons' sentences. */
  titleOf: (id: string) => string;
}>;

/** How close a candidate is to what the playlist asks for, and how to say it. */
export type Closeness = Readonly<{
  /** Cosine similarity to the seed, waypoint or centre the playlist follows. */
  similarity: number;
  /** The parts of the reason about its sound (reasons.ts): only what is true of it. */
  sound: readonly ReasonPart[];
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
    /** Heard before (or loved), as opposed to new to the person. */
    known: boolean;
    /** What the reason is built from. */
    evidence: Evidence;
    /** The reason's parts (counting no neighbours played since a skip), and its sentence. */
    reasons: ReasonPart[];
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
  const { taste, history, mode, adventurous, feedback } = ctx;
  const cfScores: Map<string, number> =
    taste && mode !== 'audio' ? taste.score(candidates.map((c) => c.track.id)) : new Map();
  const calibration = mode === 'blend' ? calibrate(cfScores, history.tracks) : IDENTITY;
  const acceptance = localAcceptance(
    candidates,
    close.map((c) => c.similarity),
    history.tracks,
    history.newTrackAcceptance,
    // The latest of each, so a long session's skips do not crowd out its plays.
    [
      ...ctx.played.slice(-SESSION_OUTCOMES).map((t) => ({ vector: t.vector, outcome: 1 })),
      ...ctx.skipped.slice(-SESSION_OUTCOMES).map((t) => ({ vector: t.vector, outcome: 0 })),
    ],
  );
  const sessionEvents = taste?.sessionEvents ?? 0;
  const profileEvents = history.events;
  const skips = ctx.skipped.map((skipped) => {
    const similarities = candidates.map((c) => dot(c.vector, skipped.vector));
    return { skipped, similarities, floor: neighbourFloor(similarities) };
  });
  const scored = candidates.map((candidate, i): Scored => {
    const id = candidate.track.id;
    const { similarity, sound } = close[i] ?? { similarity: 0, sound: [] };
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
    const blended = mode === 'cf' ? (cf ?? 0) : combine(audio, cfRate, w, calibration.base);
    const loved = feedback.loved(id);
    const base = loved && mode !== 'audio' ? sigmoid(logit(blended) + LOVE_LOGIT) : blended;
    const past = history.tracks.get(id);
    const penalties = historyPenalties(past, history.now);
    let neighbour = 0;
    let neighbourOf: { id: string; similarity: number } | null = null;
    for (const { skipped, similarities, floor } of skips) {
      if (skipped.track.id === id) continue;
      const s = similarities[i] ?? 0;
      const penalty = neighbourPenalty(s, floor);
      if (penalty > neighbour)
        [neighbour, neighbourOf] = [penalty, { id: skipped.track.id, similarity: s }];
    }
    const score = base - penalties.skip - penalties.recent - neighbour;
    const evidence: Evidence = {
      sound,
      w,
      cfRate,
      cfBase: calibration.base,
      sessionEvents,
      coPlayed: () => {
        const co = taste?.coPlayed?.(id) ?? null;
        return co && co.track !== id && co.sessions > 0 ? co : null;
      },
      loved,
      history: past,
      penalties,
      skippedNeighbour: neighbourOf && { ...neighbourOf, penalty: neighbour },
      now: history.now,
    };
    // Written when first read: a radio scores hundreds of candidates and keeps a few dozen.
    let reasons: ReasonPart[] | undefined;
    return {
      ...candidate,
      id,
      score,
      audio,
      cf,
      cfRate,
      w,
      similarity,
      known: past !== undefined || loved,
      evidence,
      get reasons() {
        return (reasons ??= reasonParts(evidence));
      },
      get why() {
        return sentence(this.reasons, ctx.titleOf, history.now);
      },
    };
  });
  return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
