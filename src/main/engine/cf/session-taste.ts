/**
 * The seam between the collaborative model and the recommender: what NeuMF knows about the
 * current listening session, asked for by track id. The recommender (recommend/) only ever sees
 * this interface, so it works before any model is trained (no taste: audio alone) and does not
 * care how the model was trained or folded in.
 */
import type { EventSignal } from '../events/signals';

/** One event of the current session, as the taste needs it. */
export type SessionSignal = Readonly<{ track: string; signal: EventSignal }>;

/** A scored track. */
export type TrackScore = Readonly<{ id: string; score: number }>;

/** A track of the session's evidence played in the same sessions as another, and how often. */
export type CoPlayed = Readonly<{ track: string; sessions: number }>;

/**
 * The collaborative view of one session (NeuMF's user vector folded in from the session's
 * events, fused with the tracks played in the same sessions: hybrid-taste.ts).
 */
export interface SessionTaste {
  /** The version of the model that produced these scores. */
  readonly version: string;
  /** Events of this session that were folded in (plays, partials and skips; neutral ones not). */
  readonly sessionEvents: number;
  /**
   * The predicted probability (0..1) that this session plays each track through (NeuMF's, or
   * the hybrid's fused on NeuMF's logit scale). Tracks the model was never trained on are absent
   * from the map: the recommender treats them as cold.
   */
  score(trackIds: readonly string[]): Map<string, number>;
  /**
   * How many training events the model saw for a track (0 for a track it never saw): the
   * recommender's confidence in `score` for that track.
   */
  trackEvidence(trackId: string): number;
  /** The model's best `n` tracks for this session, best first, leaving out `exclude`. */
  top(n: number, exclude?: ReadonlySet<string>): TrackScore[];
  /**
   * A new taste with one more event folded in (a skip while a queue plays): the session's user
   * vector is fitted again with the item and network weights frozen. Meant to take ≤ 100 ms.
   */
  withEvent(event: SessionSignal): SessionTaste;
  /**
   * For the reason "often played in the same sessions as X": the track among this session's
   * evidence (its plays, or with none yet the profile's plays and loves) that shares the most
   * past sessions with `trackId`, and how many; null when none shares at least two. Optional:
   * only the hybrid taste has it.
   */
  coPlayed?(trackId: string): CoPlayed | null;
}

/** Where the recommender gets a session's taste from. */
export interface TasteSource {
  /**
   * The taste of a session given its events so far (oldest first), or null while no
   * collaborative model has been trained for this profile.
   */
  taste(session: readonly SessionSignal[]): Promise<SessionTaste | null>;
}
