import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/shared/events';
import type { SessionTaste, TasteSource } from '../../src/main/engine/cf/session-taste';
import type { ReasonPart } from '../../src/shared/reasons';
import { ago } from '../../src/main/engine/recommend/reasons';
import { CLOSE_RANK } from '../../src/main/engine/recommend/neighbourhood';
import type { PlaylistEntry } from '../../src/main/engine/recommend/types';
import { dot } from '../../src/main/engine/recommend/vector-math';
import { tempDir } from '../helpers/synth';
import { TableTasteSource } from '../helpers/taste-table';
import {
  clusteredTracks,
  listen,
  openRecommender,
  type FixtureTrack,
  type RecommenderFixture,
} from './recommend-fixtures';

// Eight clusters that overlap a little, a history over four of them, and a taste that knows
// half the library: radios whose reasons have something to say.
const tracks = clusteredTracks({ clusters: 8, perCluster: 25, spread: 0.9, seed: 44 });
const byId = new Map(tracks.map((t) => [t.id, t]));
const NOW = new Date('2026-11-27T20:00:00Z');
const DAY_MS = 86_400_000;

/** The rank of `id` among every other track of the library by similarity to `to` (1 = closest). */
function rankTo(to: string, id: string): number {
  const anchor = byId.get(to) as FixtureTrack;
  const similarity = (t: FixtureTrack) => dot(t.vector, anchor.vector);
  const target = similarity(byId.get(id) as FixtureTrack);
  return tracks.filter((t) => t.id !== to && similarity(t) > target).length + 1;
}

/** Past sessions holding a play through of both tracks, counted from the events written. */
function sharedSessions(events: readonly EventDraft[], a: string, b: string): number {
  const of = sessionsOf(events);
  const inB = of.get(b) ?? new Set();
  return [...(of.get(a) ?? [])].filter((s) => inB.has(s)).length;
}

let sessionsMemo: { length: number; of: Map<string, Set<string>> } | null = null;
/** Each track's sessions with a play through of it (read again when events were added). */
function sessionsOf(events: readonly EventDraft[]): Map<string, Set<string>> {
  if (sessionsMemo?.length === events.length) return sessionsMemo.of;
  const of = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.end !== 'finished') continue;
    of.set(e.track, (of.get(e.track) ?? new Set()).add(e.session ?? ''));
  }
  sessionsMemo = { length: events.length, of };
  return of;
}

/**
 * A table taste that also answers "played in the same sessions as": the played track sharing
 * the most sessions with the one asked of (at least two), as the hybrid taste does.
 */
function withCoPlay(taste: SessionTaste, events: readonly EventDraft[]): SessionTaste {
  return {
    version: taste.version,
    sessionEvents: taste.sessionEvents,
    score: (ids) => taste.score(ids),
    trackEvidence: (id) => taste.trackEvidence(id),
    top: (n, exclude) => taste.top(n, exclude),
    withEvent: (event) => withCoPlay(taste.withEvent(event), events),
    coPlayed: (id) => {
      let best: { track: string; sessions: number } | null = null;
      for (const other of [...sessionsOf(events).keys()].sort()) {
        if (other === id) continue;
        const sessions = sharedSessions(events, id, other);
        if (sessions >= 2 && sessions > (best?.sessions ?? 0)) best = { track: other, sessions };
      }
      return best;
    },
  };
}

/** What the log says of one track, counted here from the events the test wrote. */
type Told = { plays: number; lastPlay: string | null; lastSkip: string | null };

describe('reasons that are true', () => {
  let dir: string;
  let fx: RecommenderFixture;
  // Played through 1 – 3 times (on different days), skipped 3 days ago, and tracks near the
  // skipped ones played through a day ago: history parts with numbers to check.
  const played = tracks.filter((t) => t.cluster < 4 && t.id.charCodeAt(0) % 3 === 0);
  const skipped = tracks.filter((t) => t.cluster >= 4 && t.id.charCodeAt(0) % 5 === 0);
  const since = tracks.filter(
    (t) => t.cluster >= 4 && t.id.charCodeAt(0) % 5 !== 0 && t.id.charCodeAt(1) % 4 === 0,
  );
  const told = new Map<string, Told>();
  const written: EventDraft[] = [];
  const write = (t: FixtureTrack, at: Date, kind: 'play' | 'skip', session: string) => {
    const event = listen(t, at, kind, session);
    written.push(event);
    const seen = told.get(t.id) ?? { plays: 0, lastPlay: null, lastSkip: null };
    if (kind === 'play') {
      seen.plays++;
      if (!seen.lastPlay || seen.lastPlay < event.startedAt) seen.lastPlay = event.startedAt;
    } else if (!seen.lastSkip || seen.lastSkip < event.startedAt) seen.lastSkip = event.startedAt;
    told.set(t.id, seen);
  };

  beforeAll(async () => {
    dir = await tempDir('deepcut-reasons-');
    const labels = new Map(
      tracks.filter((t) => t.cluster % 2 === 0).map((t) => [t.id, `label ${t.cluster}`]),
    );
    const table = new TableTasteSource({ labels, liked: ['label 0', 'label 4'] });
    const source: TasteSource = {
      taste: async (session) => {
        const taste = await table.taste(session);
        return withCoPlay(taste, written);
      },
    };
    fx = await openRecommender(dir, tracks, source);
    played.forEach((t, i) => {
      for (let k = 0; k <= i % 3; k++) {
        write(t, new Date(NOW.getTime() - (20 - 4 * k) * DAY_MS + i * 300_000), 'play', `old-${k}`);
      }
    });
    // Half skipped 3 days ago, half 45 days ago (a skip that weighs little by now).
    skipped.forEach((t, i) =>
      write(
        t,
        new Date(NOW.getTime() - (i % 2 ? 45 : 3) * DAY_MS + i * 300_000),
        'skip',
        `skips-${i % 2}`,
      ),
    );
    since.forEach((t, i) =>
      write(t, new Date(NOW.getTime() - DAY_MS + i * 300_000), 'play', 'since'),
    );
    await fx.log().appendMany(written);
  });

  afterAll(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The tracks among `id`'s 30 closest (brute force) played through after `after`. */
  function finishedNearSince(id: string, after: string): number {
    const near = tracks
      .filter((t) => t.id !== id)
      .sort((a, b) => rankTo(id, a.id) - rankTo(id, b.id))
      .slice(0, CLOSE_RANK);
    return near.filter((t) => {
      const last = told.get(t.id)?.lastPlay;
      return last != null && last > after;
    }).length;
  }

  /**
   * Checks every part of every entry against the library and the history; `sessionEvents` is
   * how many plays and skips the session open at `now` holds. Returns the claims checked.
   */
  function check(
    entries: readonly PlaylistEntry[],
    seeds: readonly string[],
    now: Date,
    sessionEvents: number,
  ): Record<string, number> {
    const claims: Record<string, number> = {};
    for (const e of entries) {
      const history = told.get(e.id);
      for (const part of e.reasons as readonly ReasonPart[]) {
        claims[part.kind] = (claims[part.kind] ?? 0) + 1;
        switch (part.kind) {
          case 'similar':
          case 'session':
            expect(part.rank).toBe(rankTo(part.to, e.id));
            expect(part.rank).toBeLessThanOrEqual(CLOSE_RANK);
            expect(part.value).toBeCloseTo(
              dot(byId.get(e.id)!.vector, byId.get(part.to)!.vector),
              3,
            );
            if (part.kind === 'similar') expect(seeds).toContain(part.to);
            break;
          case 'further':
            expect(seeds).toContain(part.to);
            expect(part.value).toBeCloseTo(
              dot(byId.get(e.id)!.vector, byId.get(part.to)!.vector),
              3,
            );
            break;
          case 'new':
            expect(history).toBeUndefined();
            expect(e.why).toContain('new to you');
            break;
          case 'played':
            expect(part.value).toBe(history?.plays);
            expect(part.at).toBe(history?.lastPlay);
            expect(e.why).toContain(
              `you played it ${['', 'once', 'twice'][part.value] ?? `${part.value} times`}, last ${ago(part.at, now)}`,
            );
            break;
          case 'skipped':
            expect(part.at).toBe(history?.lastSkip);
            expect(part.value).toBe(finishedNearSince(e.id, part.at));
            if (part.value > 0) claims['skipped-since'] = (claims['skipped-since'] ?? 0) + 1;
            expect(e.why).toContain(
              part.value > 0
                ? `skipped ${ago(part.at, now)}, but you finished ${part.value} like it since`
                : `skipped ${ago(part.at, now)}`,
            );
            break;
          case 'co-played':
            // Beside the taste's verdict, with the real count of sessions that held both.
            expect(e.reasons.some((r) => r.kind === 'taste')).toBe(true);
            expect(part.to).not.toBe(e.id);
            expect(part.value).toBe(sharedSessions(written, e.id, part.to));
            expect(part.value).toBeGreaterThanOrEqual(2);
            expect(e.why).toContain(
              `often played in the same sessions as ${byId.get(part.to)?.title} (${part.value} sessions)`,
            );
            break;
          case 'taste':
            // The taste speaks of this session only with the session's own events behind it.
            expect(part.session).toBe(sessionEvents);
            expect(/fits this session|this session is unsure/.test(e.why)).toBe(sessionEvents >= 3);
            expect(e.why).toContain(`${Math.round(part.value * 100)} % likely to be finished`);
            break;
          default:
            break;
        }
      }
    }
    return claims;
  }

  it('says "close to" only of the seed’s closer neighbours, and tells the history as logged', async () => {
    const claims: Record<string, number> = {};
    for (const [i, seed] of tracks.filter((_, i) => i % 17 === 0).entries()) {
      for (const adventurous of [0, 0.3, 1]) {
        const now = new Date(NOW.getTime() + i * 1000);
        const radio = await fx.recommender.radio({
          seeds: [{ kind: 'track', ref: seed.id }],
          count: 20,
          adventurous,
          now,
        });
        expect(radio.length).toBeGreaterThan(10);
        for (const [kind, n] of Object.entries(check(radio, [seed.id], now, 0)))
          claims[kind] = (claims[kind] ?? 0) + n;
      }
    }
    // Every kind of claim was made, and checked, many times over.
    expect((claims.similar ?? 0) + (claims.further ?? 0)).toBeGreaterThan(200);
    expect(claims.similar ?? 0).toBeGreaterThan(100);
    for (const kind of ['new', 'played', 'skipped', 'taste', 'co-played'])
      expect(claims[kind] ?? 0).toBeGreaterThan(5);
    // Some skipped tracks have neighbours finished since, and are told so with the count.
    expect(claims['skipped-since'] ?? 0).toBeGreaterThan(0);
  });

  it('names a session track only when the session played it, among its closer neighbours', async () => {
    const seed = tracks[3] as FixtureTrack;
    const start = new Date(NOW.getTime() + DAY_MS);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 10,
      now: start,
    });
    // Nothing yet in this session: no part may speak of it.
    check(radio, [seed.id], start, 0);
    for (const e of radio) expect(e.reasons.some((r) => r.kind === 'session')).toBe(false);
    const now = radio.slice(0, 6).map((e, i) => {
      const event = listen(
        e,
        new Date(start.getTime() + i * 210_000),
        i % 2 ? 'skip' : 'play',
        'now',
      );
      write(
        byId.get(e.id) as FixtureTrack,
        new Date(event.startedAt),
        i % 2 ? 'skip' : 'play',
        'now',
      );
      return event;
    });
    await fx.log().appendMany(now);
    const later = new Date(start.getTime() + 6 * 210_000);
    const next = await fx.recommender.continueQueue({
      origin: { kind: 'radio', seeds: [{ kind: 'track', ref: seed.id }] },
      queued: radio.map((e) => e.id),
      count: 15,
      now: later,
    });
    const playedNow = radio
      .slice(0, 6)
      .filter((_, i) => i % 2 === 0)
      .map((e) => e.id);
    check(next, [seed.id], later, 6);
    expect(next.some((e) => e.reasons.some((r) => r.kind === 'session'))).toBe(true);
    for (const e of next) {
      for (const part of e.reasons)
        if (part.kind === 'session') expect(playedNow).toContain(part.to);
    }
    const reranked = await fx.recommender.rerankAfterSkip({
      queue: next.slice(1).map((e) => e.id),
      skipped: next[0]?.id ?? '',
      seeds: [{ kind: 'track', ref: seed.id }],
      now: later,
    });
    // The skip is folded into the taste: seven events of this session.
    check(reranked.entries, [seed.id], later, 7);
  });
});
