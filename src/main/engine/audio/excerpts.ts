import { EXCERPT_CENTRES, EXCERPT_SECONDS } from './params';

/** A stretch of a track to analyse, in seconds from its start. */
export type Excerpt = Readonly<{ startSec: number; seconds: number }>;

/**
 * Which parts of a track to decode: one EXCERPT_SECONDS excerpt centred at each of
 * EXCERPT_CENTRES, moved inward where it would overhang either end.
 *
 * A track no longer than the excerpts together is taken whole, since overlapping excerpts would
 * only repeat it. An unknown duration (null, or a non-positive or non-finite value, which tag
 * readers report for streams they cannot measure) gives one excerpt from the start as long as all
 * excerpts together; decoding stops early if the file is shorter.
 */
export function planExcerpts(durationSec: number | null): readonly Excerpt[] {
  const total = EXCERPT_SECONDS * EXCERPT_CENTRES.length;
  if (durationSec === null || !Number.isFinite(durationSec) || durationSec <= 0) {
    return [{ startSec: 0, seconds: total }];
  }
  if (durationSec <= total) return [{ startSec: 0, seconds: durationSec }];
  const latestStart = durationSec - EXCERPT_SECONDS;
  return EXCERPT_CENTRES.map((centre) => ({
    startSec: Math.min(latestStart, Math.max(0, centre * durationSec - EXCERPT_SECONDS / 2)),
    seconds: EXCERPT_SECONDS,
  }));
}
