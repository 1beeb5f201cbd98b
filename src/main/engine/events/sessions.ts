/**
 * Listening sessions: a new session starts after 30 minutes of silence. NeuMF's user axis is the
 * session (one person per install), so the session an event belongs to is part of the event.
 *
 * How the stored `session` field and the 30-minute rule agree: the field is authoritative. When a
 * caller leaves it out (the player, `deepcut events add`, import lines without one), the engine
 * fills it in by the rule ({@link SessionTracker}, {@link assignSessions}): the event joins the
 * session of the latest event that started before it if the silence since the end of everything
 * heard before is at most 30 minutes, else it opens a new session named `s-<UTC start>`. An
 * event that brings its own session (an import) keeps it. {@link sessionize} groups by the field
 * and also splits a group at silences over 30 minutes, so for engine-assigned events the sessions
 * it finds are exactly the assigned ones; a label an import reused after a long silence becomes
 * `label`, `label#2`, ….
 */
import type { EventDraft, ListeningEvent } from '../../../shared/events';

/** Silence longer than this (between the end of one event and the start of the next) splits. */
export const SESSION_GAP_MS = 30 * 60_000;

/** One listening session, its events in start order. */
export type Session = Readonly<{
  id: string;
  /** Start of its first event, UTC ISO 8601. */
  start: string;
  /** End of its latest-ending event (start + msPlayed), UTC ISO 8601. */
  end: string;
  events: readonly ListeningEvent[];
}>;

/** When the event stopped playing, in epoch milliseconds. */
export function eventEndMs(event: ListeningEvent): number {
  return Date.parse(event.startedAt) + event.msPlayed;
}

/** The id of a session the engine opens at `startedAt`. */
export function newSessionId(startedAt: string): string {
  return `s-${new Date(Date.parse(startedAt)).toISOString()}`;
}

/**
 * Tracks what a new event needs to join or open a session: the latest-starting event seen (ties:
 * the one seen last) and the latest end of all events seen. Events may be observed in any order,
 * but {@link sessionFor} answers only for starts at or after every observed start.
 */
export class SessionTracker {
  private latestStartMs = -Infinity;
  private latestSession: string | null = null;
  private maxEndMs = -Infinity;

  observe(event: ListeningEvent): void {
    const startMs = Date.parse(event.startedAt);
    if (startMs >= this.latestStartMs) {
      this.latestStartMs = startMs;
      this.latestSession = event.session;
    }
    this.maxEndMs = Math.max(this.maxEndMs, startMs + event.msPlayed);
  }

  /** Whether an event starting at `startedAt` follows everything observed (or nothing was). */
  follows(startedAt: string): boolean {
    return Date.parse(startedAt) >= this.latestStartMs;
  }

  /** The session for an event starting at `startedAt`; see {@link follows}. */
  sessionFor(startedAt: string): string {
    const startMs = Date.parse(startedAt);
    if (this.latestSession !== null && startMs - this.maxEndMs <= SESSION_GAP_MS) {
      return this.latestSession;
    }
    return newSessionId(startedAt);
  }
}

/**
 * Fill in the session of each draft that has none, given the events already logged. Drafts are
 * placed in time among `history` and each other (at equal starts, history first, then drafts in
 * order), so a draft joins what played just before it. Returns the drafts, in their order, as
 * complete events.
 */
export function assignSessions(
  history: Iterable<ListeningEvent>,
  drafts: readonly EventDraft[],
): ListeningEvent[] {
  // Each item is a logged event (draft index null) or a draft; both are placed by start time.
  type Item = Readonly<{ startMs: number; order: number; draft: EventDraft; index: number | null }>;
  const items: Item[] = [];
  for (const event of history) {
    items.push({
      startMs: Date.parse(event.startedAt),
      order: items.length,
      draft: event,
      index: null,
    });
  }
  drafts.forEach((draft, index) => {
    items.push({ startMs: Date.parse(draft.startedAt), order: items.length, draft, index });
  });
  items.sort((a, b) => a.startMs - b.startMs || a.order - b.order);
  const tracker = new SessionTracker();
  const assigned: ListeningEvent[] = [];
  for (const { draft, index } of items) {
    const event = { ...draft, session: draft.session ?? tracker.sessionFor(draft.startedAt) };
    tracker.observe(event);
    if (index !== null) assigned[index] = event;
  }
  return assigned;
}

/**
 * Group events into sessions: by their `session` field, each group split further at silences
 * over {@link SESSION_GAP_MS}. Sessions come out in start order; events in each in start order.
 */
export function sessionize(events: Iterable<ListeningEvent>): Session[] {
  const byLabel = new Map<string, ListeningEvent[]>();
  for (const event of events) {
    const group = byLabel.get(event.session);
    if (group === undefined) byLabel.set(event.session, [event]);
    else group.push(event);
  }
  const sessions: Session[] = [];
  for (const [label, group] of byLabel) {
    group.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    let current: ListeningEvent[] = [];
    let endMs = -Infinity;
    let part = 0;
    const close = (): void => {
      const first = current[0];
      if (first === undefined) return;
      part++;
      sessions.push({
        id: part === 1 ? label : `${label}#${part}`,
        start: new Date(Date.parse(first.startedAt)).toISOString(),
        end: new Date(endMs).toISOString(),
        events: current,
      });
    };
    for (const event of group) {
      if (Date.parse(event.startedAt) - endMs > SESSION_GAP_MS) {
        close();
        current = [];
        endMs = -Infinity;
      }
      current.push(event);
      endMs = Math.max(endMs, eventEndMs(event));
    }
    close();
  }
  return sessions.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
