/**
 * What a listening event says about taste, and how much each track's history should weigh when
 * the collaborative model learns from it. Pure functions over events.
 *
 * - A **play**: the track was heard for at least half its length, or for at least 4 minutes
 *   (long tracks are rarely heard to the half but four minutes is a real listen), however it ended.
 * - A **skip**: the person moved on (`next` or `previous`) before 30 s, or before 20 % of a track
 *   long enough that 20 % is more than 30 s. `stopped`, `quit` and `error` are not skips: pressing
 *   stop, closing the app or a failing file says nothing about the track itself.
 * - A **partial**: anything in between: heard past the skip threshold but short of a play, or
 *   `finished` short of a play (the person sought to the end).
 * - **Neutral**: a short event that ended by `stopped`, `quit` or `error`; it counts for nothing.
 *
 * Weights: plays count with diminishing returns (log2 of 1 + plays, so each doubling adds one),
 * a partial counts half a play, and never fade, since a track loved last year is still loved.
 * Skips fade with a 14-day half-life: a skip often reflects the mood of the moment, so a skip from
 * yesterday should weigh more than one from last season. A track's `weight` is the play weight
 * minus the skip weight: above zero it is a positive example, below zero an explicit negative.
 */
import type { ListeningEvent } from '../../../shared/events';
import { assertNever } from '../../../shared/assert-never';

/** What one event says: a play, a skip, a partial listen, or nothing. */
export type EventSignal = 'play' | 'skip' | 'partial' | 'neutral';

/** Heard at least this share of the track: a play. */
export const PLAY_FRACTION = 0.5;
/** Heard at least this long: a play, whatever the track's length. */
export const PLAY_MIN_MS = 4 * 60_000;
/** Moved on before this long: a skip. */
export const SKIP_MAX_MS = 30_000;
/** Moved on before this share of the track: a skip (matters for tracks over 150 s). */
export const SKIP_FRACTION = 0.2;
/** A partial listen counts as this many plays. */
export const PARTIAL_CREDIT = 0.5;
/** A skip's weight halves every this many days. */
export const SKIP_HALF_LIFE_DAYS = 14;

const DAY_MS = 86_400_000;

/** Classify one event; see the module comment for the rules. */
export function classify(event: ListeningEvent): EventSignal {
  const { msPlayed, durationMs } = event;
  if (msPlayed >= PLAY_FRACTION * durationMs || msPlayed >= PLAY_MIN_MS) return 'play';
  const short = msPlayed < Math.max(SKIP_MAX_MS, SKIP_FRACTION * durationMs);
  switch (event.end) {
    case 'next':
    case 'previous':
      return short ? 'skip' : 'partial';
    case 'finished':
      return 'partial';
    case 'stopped':
    case 'quit':
    case 'error':
      return short ? 'neutral' : 'partial';
    default:
      return assertNever(event.end);
  }
}

/**
 * What a skip that started at `startMs` weighs at `nowMs`: 1 now, half after 14 days. A skip
 * logged after `nowMs` (a clock set wrong) weighs as a skip made now.
 */
export function skipDecay(startMs: number, nowMs: number): number {
  const ageDays = Math.max(0, nowMs - startMs) / DAY_MS;
  return 0.5 ** (ageDays / SKIP_HALF_LIFE_DAYS);
}

/** One track's history, summed over its events. */
export type TrackSignals = Readonly<{
  plays: number;
  skips: number;
  partials: number;
  /** log2(1 + plays + partials / 2): 0 for none, 1 for one play, +1 per doubling. */
  playWeight: number;
  /** Each skip weighs 0.5^(age in days / 14), 1 for a skip right now. */
  skipWeight: number;
  /** playWeight − skipWeight: above 0 a positive example, below 0 an explicit negative. */
  weight: number;
  /** Start of the latest play (ISO 8601 as logged), null if never played. */
  lastPlayedAt: string | null;
  /** Start of the latest skip (ISO 8601 as logged), null if never skipped. */
  lastSkippedAt: string | null;
}>;

type Tally = {
  plays: number;
  skips: number;
  partials: number;
  skipWeight: number;
  lastPlayedMs: number;
  lastPlayedAt: string | null;
  lastSkippedMs: number;
  lastSkippedAt: string | null;
};

/**
 * Per-track signals from a profile's events as of `now`, keyed by track id. Events may come in
 * any order. A skip logged after `now` (a clock set wrong) weighs as a skip made now.
 */
export function trackSignals(
  events: Iterable<ListeningEvent>,
  now: Date,
): ReadonlyMap<string, TrackSignals> {
  const tallies = new Map<string, Tally>();
  for (const event of events) {
    let tally = tallies.get(event.track);
    if (tally === undefined) {
      tally = {
        plays: 0,
        skips: 0,
        partials: 0,
        skipWeight: 0,
        lastPlayedMs: -Infinity,
        lastPlayedAt: null,
        lastSkippedMs: -Infinity,
        lastSkippedAt: null,
      };
      tallies.set(event.track, tally);
    }
    const startMs = Date.parse(event.startedAt);
    const signal = classify(event);
    switch (signal) {
      case 'play':
        tally.plays++;
        if (startMs > tally.lastPlayedMs) {
          tally.lastPlayedMs = startMs;
          tally.lastPlayedAt = event.startedAt;
        }
        break;
      case 'skip': {
        tally.skips++;
        tally.skipWeight += skipDecay(startMs, now.getTime());
        if (startMs > tally.lastSkippedMs) {
          tally.lastSkippedMs = startMs;
          tally.lastSkippedAt = event.startedAt;
        }
        break;
      }
      case 'partial':
        tally.partials++;
        break;
      case 'neutral':
        break;
      default:
        assertNever(signal);
    }
  }
  const signals = new Map<string, TrackSignals>();
  for (const [track, t] of tallies) {
    const playWeight = Math.log2(1 + t.plays + PARTIAL_CREDIT * t.partials);
    signals.set(track, {
      plays: t.plays,
      skips: t.skips,
      partials: t.partials,
      playWeight,
      skipWeight: t.skipWeight,
      weight: playWeight - t.skipWeight,
      lastPlayedAt: t.lastPlayedAt,
      lastSkippedAt: t.lastSkippedAt,
    });
  }
  return signals;
}
