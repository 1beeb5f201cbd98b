/**
 * The listening history kept up to date event by event. While a queue plays, each skip appends
 * one event to a log of tens of thousands; deriving the whole history again for it cost more than
 * the re-ranking it feeds. Every answer equals {@link listeningHistory} over the same events at
 * the same instant: events appended in start order are folded into running tallies; the parts
 * that depend on the instant (skip decay, the open session, which events are past yet) are
 * computed at each look from what the tallies keep; anything else starts the fold over.
 */
import type { ListeningEvent } from '../../../shared/events';
import { classify, PARTIAL_CREDIT, skipDecay } from '../events/signals';
import {
  acceptanceOf,
  firstListenOutcome,
  openSession,
  SESSION_LOOKBACK_MS,
  type ListeningHistory,
  type Stamped,
  type TrackHistory,
} from './history';

/** One track's running tally; `built` is its history as of `builtAtMs`, reused until either changes. */
type Tally = {
  plays: number;
  skips: number;
  partials: number;
  lastPlayedMs: number;
  lastPlayedAt: string | null;
  lastSkippedMs: number;
  lastSkippedAt: string | null;
  /** Skip starts in start order: the decay is summed in the order a full derivation sums it. */
  skipStartsMs: number[];
  /** Replaced, never pushed to, so that a history handed out earlier does not change. */
  playStartsMs: readonly number[];
  built: TrackHistory | null;
  builtAtMs: number;
};

/** A listening history that takes events as the log gains them. */
export class IncrementalHistory {
  /** Every event added, ordered by start; at equal starts, in the order added. */
  private sorted: Stamped[] = [];
  /** Whether {@link sorted} must be sorted again (an event came in earlier than one before it). */
  private unsorted = false;
  /** How many of {@link sorted} the tallies hold. */
  private folded = 0;
  private tallies = new Map<string, Tally>();
  private seen = new Set<string>();
  private outcomes: number[] = [];
  private counted = 0;
  private last: ListeningHistory | null = null;

  /** Take events in log order. */
  add(events: Iterable<ListeningEvent>): void {
    for (const event of events) {
      const stamped = { event, startMs: Date.parse(event.startedAt) };
      const latest = this.sorted.at(-1);
      if (latest && stamped.startMs < latest.startMs) this.unsorted = true;
      this.sorted.push(stamped);
    }
  }

  /** The history as of `now`, equal to {@link listeningHistory} over every event added. */
  at(now: Date): ListeningHistory {
    const nowMs = now.getTime();
    if (this.unsorted) {
      // Array sort is stable, so equal starts stay in the order added, as in a full derivation.
      this.sorted.sort((a, b) => a.startMs - b.startMs);
      this.unsorted = false;
      this.restart();
    }
    const past = partition(this.sorted, (startMs) => startMs <= nowMs);
    // The clock went back before events already folded in: they are not history any more.
    if (past < this.folded) this.restart();
    const grew = past > this.folded;
    for (; this.folded < past; this.folded++) {
      const stamped = this.sorted[this.folded];
      if (stamped) this.fold(stamped);
    }
    if (!grew && this.last?.now.getTime() === nowMs) return { ...this.last, now };
    const tracks = new Map<string, TrackHistory>();
    for (const [id, tally] of this.tallies) tracks.set(id, built(tally, nowMs));
    const from = partition(this.sorted, (startMs) => startMs < nowMs - SESSION_LOOKBACK_MS);
    const recent = this.sorted.slice(from, past);
    this.last = {
      now,
      tracks,
      session: openSession(recent, now),
      newTrackAcceptance: acceptanceOf(this.outcomes),
      events: this.counted,
    };
    return this.last;
  }

  private restart(): void {
    this.folded = 0;
    this.tallies = new Map();
    this.seen = new Set();
    this.outcomes = [];
    this.counted = 0;
    this.last = null;
  }

  /** Fold in the next event in start order; what trackSignals and listeningHistory count. */
  private fold({ event, startMs }: Stamped): void {
    let tally = this.tallies.get(event.track);
    if (tally === undefined) {
      tally = {
        plays: 0,
        skips: 0,
        partials: 0,
        lastPlayedMs: -Infinity,
        lastPlayedAt: null,
        lastSkippedMs: -Infinity,
        lastSkippedAt: null,
        skipStartsMs: [],
        playStartsMs: [],
        built: null,
        builtAtMs: NaN,
      };
      this.tallies.set(event.track, tally);
    }
    const signal = classify(event);
    if (signal === 'play') {
      tally.plays++;
      if (startMs > tally.lastPlayedMs) {
        tally.lastPlayedMs = startMs;
        tally.lastPlayedAt = event.startedAt;
      }
      tally.playStartsMs = [...tally.playStartsMs, startMs];
    } else if (signal === 'skip') {
      tally.skips++;
      tally.skipStartsMs.push(startMs);
      if (startMs > tally.lastSkippedMs) {
        tally.lastSkippedMs = startMs;
        tally.lastSkippedAt = event.startedAt;
      }
    } else if (signal === 'partial') {
      tally.partials++;
    }
    if (signal !== 'neutral') {
      this.counted++;
      tally.built = null;
    }
    const outcome = firstListenOutcome(event, this.seen);
    if (outcome !== null) this.outcomes.push(outcome);
  }
}

/** A tally's history as of `nowMs`; built again only if it changed or its skips have decayed. */
function built(tally: Tally, nowMs: number): TrackHistory {
  if (tally.built && (tally.skips === 0 || tally.builtAtMs === nowMs)) return tally.built;
  let skipWeight = 0;
  for (const startMs of tally.skipStartsMs) skipWeight += skipDecay(startMs, nowMs);
  const playWeight = Math.log2(1 + tally.plays + PARTIAL_CREDIT * tally.partials);
  tally.built = {
    plays: tally.plays,
    skips: tally.skips,
    partials: tally.partials,
    playWeight,
    skipWeight,
    weight: playWeight - skipWeight,
    lastPlayedAt: tally.lastPlayedAt,
    lastSkippedAt: tally.lastSkippedAt,
    playStartsMs: tally.playStartsMs,
  };
  tally.builtAtMs = nowMs;
  return tally.built;
}

/**
 * How many events of `sorted` come before the first whose start fails `before` (a test that holds
 * for a prefix of starts, then not), by bisection.
 */
function partition(sorted: readonly Stamped[], before: (startMs: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const stamped = sorted[mid];
    if (stamped && before(stamped.startMs)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
