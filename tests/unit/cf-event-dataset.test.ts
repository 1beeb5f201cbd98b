import { describe, expect, it } from 'vitest';
import type { ListeningEvent } from '../../src/shared/events';
import type { EventDataset } from '../../src/main/engine/cf/event-dataset';
import {
  BAN_WEIGHT,
  eventDataset,
  LOVE_WEIGHT,
  profileUserId,
  sessionUserId,
} from '../../src/main/engine/cf/event-dataset';
import { hasItem, userItems } from '../../src/main/engine/cf/interactions';
import { makeEvent, minutesAfterT0, T0, trackId } from '../helpers/events';

const NOW = new Date(T0 + 3_600_000);
const A = trackId(1);
const B = trackId(2);
const C = trackId(3);
const D = trackId(4);

const play = (track: string, session: string, minute: number): ListeningEvent =>
  makeEvent({ track, session, startedAt: minutesAfterT0(minute) });
const skip = (track: string, session: string, minute: number): ListeningEvent =>
  makeEvent({ track, session, startedAt: minutesAfterT0(minute), msPlayed: 5_000, end: 'next' });
const partial = (track: string, session: string, minute: number): ListeningEvent =>
  makeEvent({ track, session, startedAt: minutesAfterT0(minute), msPlayed: 60_000, end: 'next' });
const neutral = (track: string, session: string, minute: number): ListeningEvent =>
  makeEvent({ track, session, startedAt: minutesAfterT0(minute), msPlayed: 2_000, end: 'quit' });

/** The positive weight of (user, track), or undefined when it is not a positive. */
function positiveWeight(d: EventDataset, user: string, track: string): number | undefined {
  const u = d.users.index.get(user) ?? -1;
  const i = d.items.index.get(track) ?? -1;
  if (!hasItem(d.train, u, i)) return undefined;
  const row = userItems(d.train, u);
  return d.positiveWeights[(d.train.offsets[u] ?? 0) + row.indexOf(i)];
}

/** The weight of (user, track) as an explicit negative, or undefined. */
function skipWeight(d: EventDataset, user: string, track: string): number | undefined {
  const u = d.users.index.get(user);
  const i = d.items.index.get(track);
  for (let k = 0; k < d.skips.users.length; k++) {
    if (d.skips.users[k] === u && d.skips.items[k] === i) return d.skips.weights?.[k];
  }
  return undefined;
}

describe('the training set from listening events', () => {
  const events = [
    play(A, 's1', 0),
    play(A, 's1', 4),
    play(B, 's1', 8),
    skip(C, 's1', 12),
    partial(D, 's1', 13),
    neutral(B, 's1', 15),
    // s2 starts two hours later.
    play(C, 's2', 120),
    skip(A, 's2', 124),
  ];
  const d = eventDataset(events, { profile: 'default', now: NOW });
  if (d === null) throw new Error('expected a data set');
  const s1 = sessionUserId('s1');
  const s2 = sessionUserId('s2');
  const profile = profileUserId('default');

  it('has the profile user first, then one user per session, and the tracks as items', () => {
    expect(d.users.ids).toEqual([profile, s1, s2]);
    expect(d.items.ids).toEqual([A, B, C, D]);
    expect(d.sessions).toBe(2);
    expect(d.events).toBe(7);
  });

  it('weighs plays by log2(1 + plays) and a partial as half a play', () => {
    expect(positiveWeight(d, s1, A)).toBeCloseTo(Math.log2(3), 6);
    expect(positiveWeight(d, s1, B)).toBeCloseTo(1, 6);
    expect(positiveWeight(d, s1, D)).toBeCloseTo(Math.log2(1.5), 6);
    expect(positiveWeight(d, s2, C)).toBeCloseTo(1, 6);
  });

  it('makes skips explicit negatives, weighted by their age', () => {
    // Skipped about an hour before NOW: 0.5^(1/24/14).
    const fresh = 0.5 ** ((NOW.getTime() - Date.parse(minutesAfterT0(12))) / 86_400_000 / 14);
    expect(skipWeight(d, s1, C)).toBeCloseTo(fresh, 5);
    expect(positiveWeight(d, s1, C)).toBeUndefined();
    expect(skipWeight(d, s2, A)).toBeGreaterThan(0.99);
  });

  it('sums the whole log for the profile user: plays outweigh a skip of the same track', () => {
    // A: two plays, one skip → log2(3) − ~1, still a positive.
    expect(positiveWeight(d, profile, A)).toBeCloseTo(
      Math.log2(3) - (skipWeight(d, s2, A) ?? 0),
      5,
    );
    expect(skipWeight(d, profile, A)).toBeUndefined();
    // C: one play and a skip an hour old: 1 − 0.998, a positive that barely counts.
    expect(positiveWeight(d, profile, C)).toBeGreaterThan(0);
    expect(positiveWeight(d, profile, C)).toBeLessThan(0.01);
  });

  it('counts each track’s plays, partials and skips as its evidence, never neutral events', () => {
    expect(Object.fromEntries(d.evidence)).toEqual({ [A]: 3, [B]: 1, [C]: 2, [D]: 1 });
  });

  it('fingerprints the events whatever their order, and ignores neutral ones', () => {
    const shuffled = eventDataset([...events].reverse(), { profile: 'default', now: NOW });
    expect(shuffled?.fingerprint).toBe(d.fingerprint);
    const withNeutral = eventDataset([...events, neutral(A, 's2', 130)], {
      profile: 'default',
      now: NOW,
    });
    expect(withNeutral?.fingerprint).toBe(d.fingerprint);
    const withPlay = eventDataset([...events, play(D, 's2', 130)], {
      profile: 'default',
      now: NOW,
    });
    expect(withPlay?.fingerprint).not.toBe(d.fingerprint);
  });

  it('splits a session label reused after a long silence, as sessions.ts does', () => {
    const split = eventDataset([play(A, 's1', 0), play(B, 's1', 300)], {
      profile: 'p',
      now: NOW,
    });
    expect(split?.users.ids).toEqual([
      profileUserId('p'),
      sessionUserId('s1'),
      sessionUserId('s1#2'),
    ]);
  });

  it('is null when no event says anything', () => {
    expect(eventDataset([], { profile: 'default', now: NOW })).toBeNull();
    expect(eventDataset([neutral(A, 's1', 0)], { profile: 'default', now: NOW })).toBeNull();
  });

  it('makes a love the profile’s strongest positive and a ban its strongest negative', () => {
    const E = trackId(5);
    const many = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => play(B, 's3', 200 + 4 * k));
    const f = eventDataset([...events, ...many], {
      profile: 'default',
      now: NOW,
      feedback: { loved: new Set([C, E]), banned: new Set([A]) },
    });
    if (f === null) throw new Error('expected a data set');
    const heaviest = positiveWeight(f, profile, B) ?? 0;
    // B was played 11 times: log2(12) < LOVE_WEIGHT, so the love weighs LOVE_WEIGHT.
    expect(heaviest).toBeCloseTo(Math.log2(12), 5);
    expect(positiveWeight(f, profile, C)).toBe(LOVE_WEIGHT);
    // A loved track nobody played is an item with one piece of evidence.
    expect(positiveWeight(f, profile, E)).toBe(LOVE_WEIGHT);
    expect(f.evidence.get(E)).toBe(1);
    // A was played twice and skipped once, but banned: a negative of the profile, at BAN_WEIGHT.
    expect(positiveWeight(f, profile, A)).toBeUndefined();
    expect(skipWeight(f, profile, A)).toBe(BAN_WEIGHT);
    // Sessions keep what happened in them.
    expect(positiveWeight(f, s1, A)).toBeCloseTo(Math.log2(3), 6);
    expect(f.events).toBe(7 + 10 + 3);
    const unloved = eventDataset([...events, ...many], { profile: 'default', now: NOW });
    expect(unloved?.fingerprint).not.toBe(f.fingerprint);
  });

  it('lifts a love above a track played more than LOVE_WEIGHT is worth', () => {
    const often = Array.from({ length: 40 }, (_, k) => play(B, 's4', 400 + 4 * k));
    const f = eventDataset([...often, play(C, 's4', 600)], {
      profile: 'default',
      now: NOW,
      feedback: { loved: new Set([C]), banned: new Set() },
    });
    expect(positiveWeight(f as EventDataset, profile, C)).toBeCloseTo(Math.log2(41), 5);
  });

  it('learns from feedback alone', () => {
    const f = eventDataset([], {
      profile: 'default',
      now: NOW,
      feedback: { loved: new Set([A]), banned: new Set() },
    });
    expect(f?.users.ids).toEqual([profile]);
    expect(f?.items.ids).toEqual([A]);
  });
});
