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

/** NeuMF's view of one session: its user vector, folded in from the session's events. */
export interface SessionTaste {
  /** The version of the model that produced these scores. */
  readonly version: string;
  /** Events of this session that were folded in (plays, partials and skips; neutral ones not). */
  readonly sessionEvents: number;
  /**
   * NeuMF's predicted probability (0..1) that this session plays each track through. Tracks the
   * model was never trained on are absent from the map: the recommender treats them as cold.
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
}

/** Where the recommender gets a session's taste from. */
export interface TasteSource {
  /**
   * The taste of a session given its events so far (oldest first), or null while no
   * collaborative model has been trained for this profile.
   */
  taste(session: readonly SessionSignal[]): Promise<SessionTaste | null>;
}
