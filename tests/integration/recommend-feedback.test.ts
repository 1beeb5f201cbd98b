import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackFeedback } from '../../src/main/engine/recommend/feedback-view';
import { tempDir } from '../helpers/synth';
import {
  clusteredTracks,
  openRecommender,
  type FixtureTrack,
  type RecommenderFixture,
} from './recommend-fixtures';

// Five clusters; in each, artists "Artist c-0" … "Artist c-4" and albums "Album c-0" … "c-2".
const tracks = clusteredTracks({
  clusters: 5,
  perCluster: 30,
  spread: 0.6,
  seed: 12,
  tags: (c, i) => ({ artist: `Artist ${c}-${i % 5}`, album: `Album ${c}-${i % 3}` }),
});
const inCluster = (c: number) => tracks.filter((t) => t.cluster === c);
const NOW = new Date('2026-11-27T20:00:00Z');

/** "Don't play this" on one track, an artist and an album (of cluster 0), and loved tracks. */
function feedback(loved: readonly FixtureTrack[] = []): {
  view: TrackFeedback;
  banned: (t: FixtureTrack) => boolean;
} {
  const track = inCluster(0)[7] as FixtureTrack;
  const banned = (t: Readonly<{ id: string; artist: string | null; album: string | null }>) =>
    t.id === track.id || t.artist === 'Artist 0-1' || t.album === 'Album 0-2';
  const lovedIds = new Set(loved.map((t) => t.id));
  return { view: { loved: (id) => lovedIds.has(id), excluded: banned }, banned };
}

describe('Love and "Don’t play this"', () => {
  let dir: string;
  let fx: RecommenderFixture;

  beforeEach(async () => {
    dir = await tempDir('deepcut-feedback-');
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never plays an excluded track, artist or album in a radio, path, mix or continuation', async () => {
    const { view, banned } = feedback();
    fx = await openRecommender(dir, tracks, null, view);
    const isBanned = (e: { id: string }) => banned(tracks.find((t) => t.id === e.id)!);
    const allowed = inCluster(0).filter((t) => !banned(t));
    expect(allowed.length).toBeGreaterThan(5);
    for (const seed of allowed.slice(0, 10)) {
      const radio = await fx.recommender.radio({
        seeds: [{ kind: 'track', ref: seed.id }],
        count: 15,
        now: NOW,
      });
      expect(radio.length).toBeGreaterThan(10);
      expect(radio.filter(isBanned)).toEqual([]);
      const next = await fx.recommender.continueQueue({
        origin: { kind: 'radio', seeds: [{ kind: 'track', ref: seed.id }] },
        queued: radio.map((e) => e.id),
        count: 15,
        now: NOW,
      });
      expect(next.filter(isBanned)).toEqual([]);
    }
    const path = await fx.recommender.path({
      from: allowed[0]?.id ?? '',
      to: inCluster(1)[0]?.id ?? '',
      count: 10,
      now: NOW,
    });
    expect(path.filter(isBanned)).toEqual([]);
    for (const mix of await fx.recommender.mixes({ count: 30, now: NOW })) {
      expect(mix.entries.filter(isBanned)).toEqual([]);
    }
    // A queue made before the ban loses the banned tracks at the next re-ranking.
    const queue = inCluster(0).slice(0, 12);
    const reranked = await fx.recommender.rerankAfterSkip({
      queue: queue.slice(1).map((t) => t.id),
      skipped: queue[0]?.id ?? '',
      now: NOW,
    });
    expect(reranked.entries.filter(isBanned)).toEqual([]);
    expect(reranked.dropped.sort()).toEqual(
      queue
        .slice(1)
        .filter((t) => banned(t))
        .map((t) => t.id)
        .sort(),
    );
  });

  it('puts a loved track that fits the seed before others as close, and says so', async () => {
    const seed = inCluster(2)[0] as FixtureTrack;
    const plain = await (async () => {
      fx = await openRecommender(dir, tracks, null, feedback().view);
      const radio = await fx.recommender.radio({
        seeds: [{ kind: 'track', ref: seed.id }],
        count: 20,
        now: NOW,
      });
      await fx.close();
      return radio;
    })();
    // From the middle of the radio: love moves a track up within the seed adherence, which
    // keeps the farthest ones from coming first whatever the person loves.
    const loved = plain.slice(10, 13).map((e) => tracks.find((t) => t.id === e.id) as FixtureTrack);
    await rm(dir, { recursive: true, force: true });
    dir = await tempDir('deepcut-feedback-');
    fx = await openRecommender(dir, tracks, null, feedback(loved).view);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 20,
      now: NOW,
    });
    for (const t of loved) {
      const at = radio.findIndex((e) => e.id === t.id);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(plain.findIndex((e) => e.id === t.id));
      expect(radio[at]?.why).toContain('you love it');
      expect(radio[at]?.reasons).toContainEqual({ kind: 'loved' });
    }
  });
});
