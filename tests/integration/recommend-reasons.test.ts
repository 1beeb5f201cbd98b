import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReasonPart } from '../../src/shared/reasons';
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

describe('reasons that are true', () => {
  let dir: string;
  let fx: RecommenderFixture;
  const played = tracks.filter((t) => t.cluster < 4 && t.id.charCodeAt(0) % 3 === 0);
  const skipped = tracks.filter((t) => t.cluster >= 4 && t.id.charCodeAt(0) % 5 === 0);

  beforeAll(async () => {
    dir = await tempDir('deepcut-reasons-');
    const labels = new Map(
      tracks.filter((t) => t.cluster % 2 === 0).map((t) => [t.id, `label ${t.cluster}`]),
    );
    fx = await openRecommender(
      dir,
      tracks,
      new TableTasteSource({ labels, liked: ['label 0', 'label 4'] }),
    );
    await fx
      .log()
      .appendMany([
        ...played.map((t, i) =>
          listen(t, new Date(NOW.getTime() - 20 * DAY_MS + i * 300_000), 'play', 'old-1'),
        ),
        ...skipped.map((t, i) =>
          listen(t, new Date(NOW.getTime() - 3 * DAY_MS + i * 300_000), 'skip', 'old-2'),
        ),
      ]);
  });

  afterAll(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Checks every part of every entry against the library and the history. */
  function check(entries: readonly PlaylistEntry[], seeds: readonly string[]): number {
    let claims = 0;
    for (const e of entries) {
      for (const part of e.reasons as readonly ReasonPart[]) {
        switch (part.kind) {
          case 'similar':
          case 'session':
            claims++;
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
            expect(played.some((t) => t.id === e.id) || skipped.some((t) => t.id === e.id)).toBe(
              false,
            );
            break;
          case 'played':
            expect(played.some((t) => t.id === e.id)).toBe(true);
            expect(part.value).toBe(1);
            break;
          case 'skipped':
            expect(skipped.some((t) => t.id === e.id)).toBe(true);
            expect(e.why).toContain('skipped 3 days ago');
            break;
          case 'taste':
            expect(e.why.includes('this session')).toBe(part.session >= 3);
            break;
          default:
            break;
        }
      }
    }
    return claims;
  }

  it('says "close to" only of the seed’s closer neighbours, with their real rank', async () => {
    let claims = 0;
    for (const [i, seed] of tracks.filter((_, i) => i % 17 === 0).entries()) {
      for (const adventurous of [0, 0.3, 1]) {
        const radio = await fx.recommender.radio({
          seeds: [{ kind: 'track', ref: seed.id }],
          count: 20,
          adventurous,
          now: new Date(NOW.getTime() + i * 1000),
        });
        expect(radio.length).toBeGreaterThan(10);
        claims += check(radio, [seed.id]);
      }
    }
    expect(claims).toBeGreaterThan(200);
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
    for (const e of radio) expect(e.reasons.some((r) => r.kind === 'session')).toBe(false);
    await fx
      .log()
      .appendMany(
        radio
          .slice(0, 6)
          .map((e, i) =>
            listen(e, new Date(start.getTime() + i * 210_000), i % 2 ? 'skip' : 'play', 'now'),
          ),
      );
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
    check(next, [seed.id]);
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
    check(reranked.entries, [seed.id]);
  });
});
