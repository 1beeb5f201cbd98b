import { describe, expect, it } from 'vitest';
import type { EventDraft, ListeningEvent } from '../../src/shared/events';
import {
  assignSessions,
  newSessionId,
  SESSION_GAP_MS,
  SessionTracker,
  sessionize,
} from '../../src/main/engine/events/sessions';
import { draftOf, makeEvent, minutesAfterT0, T0, trackId } from '../helpers/events';

const MIN = 60_000;

/** An event in session `session` starting `minutes` after T0 and heard for `playedMin`. */
function at(minutes: number, session = 'a', playedMin = 3): ListeningEvent {
  return makeEvent({ session, startedAt: minutesAfterT0(minutes), msPlayed: playedMin * MIN });
}

function draft(minutes: number, playedMin = 3): EventDraft {
  return draftOf(at(minutes, 'unused', playedMin));
}

describe('sessionize', () => {
  it('keeps a session across exactly 30 minutes of silence and splits just past it', () => {
    // First event ends at minute 3.
    const kept = sessionize([at(0), at(3 + 30)]);
    expect(kept.map((s) => s.events.length)).toEqual([2]);
    const split = sessionize([
      at(0),
      makeEvent({ ...at(0), startedAt: new Date(T0 + 3 * MIN + SESSION_GAP_MS + 1).toISOString() }),
    ]);
    expect(split.map((s) => s.id)).toEqual(['a', 'a#2']);
    expect(sessionize([at(0), at(3 + 29)])).toHaveLength(1);
  });

  it('measures silence from the end of what was heard, not from its start', () => {
    // A 40-minute track started at 0 ends at 40; the next starts at 60: 20 minutes of silence.
    expect(sessionize([at(0, 'a', 40), at(60)])).toHaveLength(1);
    expect(sessionize([at(0, 'a', 1), at(60)])).toHaveLength(2);
  });

  it('gives each session its bounds and its events in start order', () => {
    const [session] = sessionize([at(10), at(0), at(5, 'a', 2)]);
    expect(session?.start).toBe(minutesAfterT0(0));
    expect(session?.end).toBe(minutesAfterT0(13));
    expect(session?.events.map((e) => e.startedAt)).toEqual([0, 5, 10].map(minutesAfterT0));
  });

  it('keeps different labels apart even when they overlap in time', () => {
    const sessions = sessionize([at(0, 'a'), at(1, 'b'), at(4, 'a'), at(5, 'b')]);
    expect(sessions.map((s) => [s.id, s.events.length])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});

describe('assignSessions', () => {
  it('opens a session after 30 minutes of silence and joins one otherwise', () => {
    const events = assignSessions([], [draft(0), draft(10), draft(13 + 31), draft(47 + 2)]);
    const first = newSessionId(minutesAfterT0(0));
    const second = newSessionId(minutesAfterT0(44));
    expect(events.map((e) => e.session)).toEqual([first, first, second, second]);
  });

  it('places a draft among the history by time, and keeps sessions that were given', () => {
    const history = [at(0, 'morning'), at(4, 'morning'), at(120, 'noon')];
    const given = { ...draft(125), session: 'imported' };
    const events = assignSessions(history, [draft(20), draft(60), given, draft(126)]);
    // 20: 13 minutes after the morning ended. 60: 53 after it, and before noon started.
    // 126: right after the imported event, whose label it joins.
    expect(events.map((e) => e.session)).toEqual([
      'morning',
      newSessionId(minutesAfterT0(60)),
      'imported',
      'imported',
    ]);
  });

  it('assigns exactly the sessions sessionize finds', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const drafts: EventDraft[] = [];
    let clock = 0;
    let expectedSessions = 1;
    for (let i = 0; i < 300; i++) {
      const played = 1 + Math.floor(random() * 6);
      drafts.push({ ...draft(clock, played), track: trackId(i) });
      const gap = random() < 0.1 ? 31 + Math.floor(random() * 600) : Math.floor(random() * 30);
      if (i < 299 && gap > 30) expectedSessions++;
      clock += played + gap;
    }
    const events = assignSessions([], drafts);
    const sessions = sessionize(events);
    expect(sessions).toHaveLength(expectedSessions);
    expect(new Set(events.map((e) => e.session)).size).toBe(expectedSessions);
    for (const session of sessions) {
      expect(session.id).not.toContain('#');
      expect(new Set(session.events.map((e) => e.session))).toEqual(new Set([session.id]));
    }
  });
});

describe('SessionTracker', () => {
  it('answers for events after everything it saw, in any order it saw them', () => {
    const tracker = new SessionTracker();
    expect(tracker.sessionFor(minutesAfterT0(0))).toBe(newSessionId(minutesAfterT0(0)));
    tracker.observe(at(50, 'late', 5));
    tracker.observe(at(0, 'early', 70));
    expect(tracker.follows(minutesAfterT0(49))).toBe(false);
    expect(tracker.follows(minutesAfterT0(50))).toBe(true);
    // Silence is counted from the end of the longest event (minute 70), the label is the latest's.
    expect(tracker.sessionFor(minutesAfterT0(95))).toBe('late');
    expect(tracker.sessionFor(minutesAfterT0(101))).toBe(newSessionId(minutesAfterT0(101)));
  });
});
