/**
 * What the event log says that the recommender uses: each track's plays and skips (for the
 * penalties and the explanations) and the session still going on (for the collaborative taste
 * and the live skip penalty).
 */
import type { ListeningEvent } from '../../../shared/events';
import type { PartOfDay } from '../../../shared/reasons';
import type { SessionSignal } from '../cf/session-taste';
import { eventEndMs, sessionize, SESSION_GAP_MS } from '../events/sessions';
import { classify, PARTIAL_CREDIT, trackSignals, type TrackSignals } from '../events/signals';

/** A track's history. */
export type TrackHistory = TrackSignals &
  Readonly<{
    /** When its plays started, epoch milliseconds. */
    playStartsMs: readonly number[];
  }>;

/** The listening history as of `now`. */
export type ListeningHistory = Readonly<{
  now: Date;
  tracks: ReadonlyMap<string, TrackHistory>;
  /** The events of the session open at `now` (neutral ones left out), oldest first. */
  session: readonly SessionSignal[];
  /**
   * How often a suggested track (radio, path, mix) heard for the first time was heard through,
   * over the latest 50 such: plays count 1, partials half, skips 0, with one success and one
   * failure assumed (0.5 with no history).
   */
  newTrackAcceptance: number;
  /** Plays, partials and skips in the history. */
  events: number;
}>;

/** The history of a profile that has heard nothing. */
export function emptyHistory(now: Date): ListeningHistory {
  return { now, tracks: new Map(), session: [], newTrackAcceptance: 0.5, events: 0 };
}

/** The part of the day an instant falls in, by local time. */
export function partOfDay(at: Date): PartOfDay {
  const hour = at.getHours();
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

/**
 * When most of a track's plays happened, if at least two and two thirds of them did then. Asked
 * only for the tracks a playlist shows: local hours cost a time-zone lookup each.
 */
export function usualPartOf(history: TrackHistory): PartOfDay | null {
  const starts = history.playStartsMs;
  if (starts.length < 2) return null;
  const counts = new Map<PartOfDay, number>();
  for (const ms of starts) {
    const part = partOfDay(new Date(ms));
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  for (const [part, count] of counts) if (count * 3 >= starts.length * 2) return part;
  return null;
}

/** An event with its start in epoch milliseconds, parsed once. */
export type Stamped = Readonly<{ event: ListeningEvent; startMs: number }>;

/** The history in `events` as of `now`; events that start after `now` are not yet history. */
export function listeningHistory(events: readonly ListeningEvent[], now: Date): ListeningHistory {
  // Parsed and ordered once: a years-long log is tens of thousands of events, and the history is
  // derived again while a queue plays.
  const past: Stamped[] = [];
  for (const event of events) {
    const startMs = Date.parse(event.startedAt);
    if (startMs <= now.getTime()) past.push({ event, startMs });
  }
  past.sort((a, b) => a.startMs - b.startMs);
  const ordered = past.map((p) => p.event);
  const signals = trackSignals(ordered, now);
  const playStarts = new Map<string, number[]>();
  for (const { event, startMs } of past) {
    if (classify(event) !== 'play') continue;
    const starts = playStarts.get(event.track);
    if (starts) starts.push(startMs);
    else playStarts.set(event.track, [startMs]);
  }
  const tracks = new Map<string, TrackHistory>();
  for (const [id, signal] of signals) {
    tracks.set(id, { ...signal, playStartsMs: playStarts.get(id) ?? [] });
  }
  return {
    now,
    tracks,
    session: openSession(
      past.filter((p) => p.startMs >= now.getTime() - SESSION_LOOKBACK_MS),
      now,
    ),
    newTrackAcceptance: firstListenAcceptance(ordered),
    events: [...signals.values()].reduce((n, t) => n + t.plays + t.partials + t.skips, 0),
  };
}

/** Sources whose tracks Deepcut chose, as opposed to the person. */
const SUGGESTED: ReadonlySet<string> = new Set(['radio', 'path', 'mix']);
/** Only this many of the latest first listens count: acceptance follows the present. */
const ACCEPTANCE_WINDOW = 50;

/**
 * The share of the latest suggested first listens heard through, with one success and one
 * failure assumed (see ListeningHistory). Only tracks Deepcut suggested count (a track the person
 * picked says nothing about suggestions), and only the latest ones, since what is left unheard
 * changes as the person discovers the library. `events` are in start order.
 */
function firstListenAcceptance(events: readonly ListeningEvent[]): number {
  const seen = new Set<string>();
  const outcomes: number[] = [];
  for (const event of events) {
    const outcome = firstListenOutcome(event, seen);
    if (outcome !== null) outcomes.push(outcome);
  }
  return acceptanceOf(outcomes);
}

/**
 * What `event` adds to the first-listen acceptance: null unless it is the first non-neutral
 * event of its track (then recorded in `seen`) and that track was suggested; else 1 for a play,
 * half for a partial, 0 for a skip. Events must come in start order.
 */
export function firstListenOutcome(event: ListeningEvent, seen: Set<string>): number | null {
  const signal = classify(event);
  if (signal === 'neutral' || seen.has(event.track)) return null;
  seen.add(event.track);
  if (!SUGGESTED.has(event.source.kind)) return null;
  return signal === 'play' ? 1 : signal === 'partial' ? PARTIAL_CREDIT : 0;
}

/** The acceptance over the latest outcomes of {@link firstListenOutcome}, oldest first. */
export function acceptanceOf(outcomes: readonly number[]): number {
  const recent = outcomes.slice(-ACCEPTANCE_WINDOW);
  return (recent.reduce((a, b) => a + b, 0) + 1) / (recent.length + 2);
}

/**
 * Only the events that started this long before `now` are grouped into sessions: an open session
 * reaches back no further in practice, and grouping a whole log would cost more than the rest of
 * the history.
 */
export const SESSION_LOOKBACK_MS = 2 * 86_400_000;

/**
 * The latest session if it is still open at `now` (its end within the session gap), from the
 * events that started in the {@link SESSION_LOOKBACK_MS} before `now`, in start order.
 */
export function openSession(recent: readonly Stamped[], now: Date): SessionSignal[] {
  const last = sessionize(recent.map((p) => p.event)).at(-1);
  if (!last) return [];
  const end = Math.max(...last.events.map(eventEndMs));
  if (now.getTime() - end > SESSION_GAP_MS) return [];
  const signals: SessionSignal[] = [];
  for (const event of last.events) {
    const signal = classify(event);
    if (signal !== 'neutral') signals.push({ track: event.track, signal });
  }
  return signals;
}
