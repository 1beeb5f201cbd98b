/**
 * Why a track is in a radio, path or mix: the parts of the explanation, each with the number that
 * decided it, so a host can show the sentence and a person (or a test) can check every claim.
 * The engine builds them (recommend/reasons.ts); the `why` sentence beside them is their text.
 */

/** A part of the day, by local time: 5–12, 12–17, 17–22, 22–5. */
export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

/** One part of a reason. `to` is a track id unless said otherwise. */
export type ReasonPart =
  /**
   * Among the `rank` closest tracks in the library to the seed `to` (cosine `value`). Only given
   * when `rank` is within the seed's closer neighbours (recommend/neighbourhood.ts CLOSE_RANK).
   */
  | Readonly<{ kind: 'similar'; to: string; value: number; rank: number }>
  /** Chosen for its sound but farther from the seed `to` than its closer neighbours. */
  | Readonly<{ kind: 'further'; to: string; value: number }>
  /** Among the closer neighbours of `to`, a track played through in this session. */
  | Readonly<{ kind: 'session'; to: string; value: number; rank: number }>
  /** A path's step: `value` of the way (0 … 1) to the path's end `to`. */
  | Readonly<{ kind: 'step'; to: string; value: number }>
  /** A member of the mix named `to`. */
  | Readonly<{ kind: 'mix'; to: string }>
  /** The person loves this track. */
  | Readonly<{ kind: 'loved' }>
  /**
   * The listening history (NeuMF) rates a play-through at `value`, above the `base` rate of the
   * tracks heard around it when `value ≥ base`. `session` is how many events of the session
   * were folded in: only with some does the sentence speak of this session.
   */
  | Readonly<{ kind: 'taste'; value: number; base: number; session: number }>
  /**
   * Often played in the same past sessions as `to` (a track this session played, or with none
   * yet one the person plays or loves): `value` sessions held both. Given beside `taste`, from
   * the hybrid taste's co-play rows (cf/session-taste.ts coPlayed).
   */
  | Readonly<{ kind: 'co-played'; to: string; value: number }>
  /** Played through `value` times, the last at `at`. */
  | Readonly<{ kind: 'played'; value: number; at: string }>
  /** Never heard before. */
  | Readonly<{ kind: 'new' }>
  /**
   * Skipped, the last time at `at`; `value` tracks among its closer neighbours were played
   * through since (0 when none).
   */
  | Readonly<{ kind: 'skipped'; at: string; value: number }>
  /** Two thirds of at least two plays fell in this part of the day. */
  | Readonly<{ kind: 'usual-time'; part: PartOfDay }>
  /** Played lately, at `at`: it went down for now. */
  | Readonly<{ kind: 'recent'; at: string }>
  /** Went down for sounding like `to` (cosine `value`), skipped in this session. */
  | Readonly<{ kind: 'moved-down'; to: string; value: number }>;

/** Every kind of part, for schemas and exhaustive checks. */
export type ReasonKind = ReasonPart['kind'];
