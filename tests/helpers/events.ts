/** Listening-event fixtures for the event log, signal and session tests. */
import type { EventDraft, ListeningEvent } from '../../src/shared/events';

/** 2026-11-27 10:00 UTC: the clock every fixture counts from. */
export const T0 = Date.parse('2026-11-27T10:00:00.000Z');

/** An ISO time `minutes` after {@link T0}. */
export function minutesAfterT0(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

/** A 16-hex track id made from a number, so tests can tell tracks apart by index. */
export function trackId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** A valid event (a finished 200 s track at T0); `overrides` replace fields. */
export function makeEvent(overrides: Partial<ListeningEvent> = {}): ListeningEvent {
  return {
    track: trackId(1),
    session: 's1',
    startedAt: new Date(T0).toISOString(),
    msPlayed: 200_000,
    durationMs: 200_000,
    end: 'finished',
    source: { kind: 'library' },
    ...overrides,
  };
}

/** The event with its session left out, as the player or `events add` would report it. */
export function draftOf(event: ListeningEvent): EventDraft {
  const draft: { -readonly [K in keyof EventDraft]: EventDraft[K] } = { ...event };
  delete draft.session;
  return draft;
}
