import { describe, expect, it } from 'vitest';
import { FeedbackState, targetKey } from '../../src/main/engine/events/feedback-state';
import { parseEventLine, parseLogLine } from '../../src/main/engine/events/log-lines';
import { listeningEventSchema } from '../../src/shared/events';
import {
  feedbackChangeSchema,
  type FeedbackRecord,
  type FeedbackTarget,
  type FeedbackValue,
} from '../../src/shared/feedback';
import { makeEvent, minutesAfterT0, trackId } from '../helpers/events';

let minute = 0;
const change = (target: FeedbackTarget, value: FeedbackValue): FeedbackRecord => ({
  kind: 'feedback',
  target,
  value,
  at: minutesAfterT0(minute++),
});
const track = (n: number): FeedbackTarget => ({ kind: 'track', id: trackId(n) });
const tags = (n: number, artist: string | null, album: string | null, albumArtist?: string) => ({
  id: trackId(n),
  artist,
  album,
  ...(albumArtist === undefined ? {} : { albumArtist }),
});

describe('standing feedback', () => {
  it('takes the latest change per target, and none as the undo', () => {
    const state = FeedbackState.from([
      change(track(1), 'love'),
      change(track(2), 'ban'),
      change(track(1), 'ban'),
      change(track(3), 'love'),
      change(track(3), 'none'),
    ]);
    expect(state.loved(trackId(1))).toBe(false);
    expect(state.banned(trackId(1))).toBe(true);
    expect(state.banned(trackId(2))).toBe(true);
    expect(state.loved(trackId(3))).toBe(false);
    expect(state.valueOf(track(3))).toBe('none');
    const { loved, banned } = state.records();
    expect(loved).toEqual([]);
    // Newest change first.
    expect(banned.map((r) => r.target)).toEqual([track(1), track(2)]);
  });

  it('bans an artist under the recommender\u2019s normalisation, never an unknown one', () => {
    const state = FeedbackState.from([change({ kind: 'artist', name: 'The Beatles' }, 'ban')]);
    expect(state.excluded(tags(1, 'Beatles', 'Help!'))).toBe(true);
    expect(state.excluded(tags(2, 'BEATLES', null))).toBe(true);
    expect(state.excluded(tags(3, 'Various Artists', 'Mix', 'The Beatles'))).toBe(true);
    expect(state.excluded(tags(4, 'The Beatles Revival Band', 'Help!'))).toBe(false);
    expect(state.excluded(tags(5, null, null))).toBe(false);
    expect(targetKey({ kind: 'artist', name: 'Various Artists' })).toBeNull();
    expect(targetKey({ kind: 'artist', name: '<Unknown>' })).toBeNull();
  });

  it('bans an album for one artist, or for every artist when none is named', () => {
    const state = FeedbackState.from([
      change({ kind: 'album', name: 'Greatest Hits', artist: 'Queen' }, 'ban'),
      change({ kind: 'album', name: 'Now 42' }, 'ban'),
    ]);
    expect(state.excluded(tags(1, 'Queen', 'Greatest Hits'))).toBe(true);
    expect(state.excluded(tags(2, 'Queen', 'Greatest Hits (Remastered)'))).toBe(true);
    expect(state.excluded(tags(3, 'ABBA', 'Greatest Hits'))).toBe(false);
    expect(state.excluded(tags(4, 'Freddie Mercury', 'Greatest Hits', 'Queen'))).toBe(true);
    expect(state.excluded(tags(5, 'Anyone', 'NOW 42'))).toBe(true);
    expect(state.excluded(tags(6, 'Anyone', null))).toBe(false);
    expect(state.bansTags).toBe(true);
    expect(FeedbackState.from([change(track(1), 'ban')]).bansTags).toBe(false);
  });

  it('takes a love of a track only', () => {
    const artistLove = { target: { kind: 'artist', name: 'Queen' }, value: 'love' };
    expect(feedbackChangeSchema.safeParse(artistLove).success).toBe(false);
    expect(feedbackChangeSchema.safeParse({ target: track(1), value: 'love' }).success).toBe(true);
    expect(
      feedbackChangeSchema.safeParse({ target: { kind: 'artist', name: 'Q\nueen' }, value: 'ban' })
        .success,
    ).toBe(false);
    // One written by hand into the log means nothing.
    const state = FeedbackState.from([change({ kind: 'artist', name: 'Queen' }, 'love')]);
    expect(state.empty).toBe(true);
  });
});

describe('log lines of both kinds', () => {
  const event = makeEvent();
  const feedback = change(track(7), 'ban');

  it('reads a line without kind as a listening event, as logs were written before', () => {
    expect(parseLogLine(JSON.stringify(event))).toEqual({ kind: 'event', event });
    expect(parseEventLine(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it('reads a feedback line as feedback, and a bad one as damage with the reason', () => {
    expect(parseLogLine(JSON.stringify(feedback))).toEqual({ kind: 'feedback', record: feedback });
    expect(parseEventLine(JSON.stringify(feedback))).toMatchObject({ ok: false });
    const bad = parseLogLine(JSON.stringify({ ...feedback, value: 'adore' }));
    expect(bad.kind).toBe('corrupt');
    if (bad.kind === 'corrupt') expect(bad.reason).toMatch(/feedback line: value/);
    expect(parseLogLine(JSON.stringify({ ...event, kind: 'play' })).kind).toBe('corrupt');
  });

  it('is a line the previous version\u2019s event schema refuses, so it skips it as damaged', () => {
    // The rule the version before feedback read every line with.
    expect(listeningEventSchema.safeParse(feedback).success).toBe(false);
    expect(listeningEventSchema.safeParse(event).success).toBe(true);
  });
});
