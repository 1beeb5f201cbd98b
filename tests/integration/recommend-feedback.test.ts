import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const banned = inCluster(0)[7] as FixtureTrack;
const isBanned = (t: Readonly<{ id: string; artist: string | null; album: string | null }>) =>
  t.id === banned.id || t.artist === 'Artist 0-1' || t.album === 'Album 0-2';

/** "Don't play this" on one track, an artist and an album (of cluster 0), in the event log. */
async function ban(fx: RecommenderFixture): Promise<void> {
  const log = fx.log();
  await log.setFeedback({ target: { kind: 'track', id: banned.id }, value: 'ban' });
  await log.setFeedback({ target: { kind: 'artist', name: 'artist 0-1' }, value: 'ban' });
  await log.setFeedback({ target: { kind: 'album', name: 'Album 0-2' }, value: 'ban' });
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
    fx = await openRecommender(dir, tracks);
    await ban(fx);
    const tagsOf = (e: { id: string }) => tracks.find((t) => t.id === e.id) as FixtureTrack;
    const isOut = (e: { id: string }) => isBanned(tagsOf(e));
    const allowed = inCluster(0).filter((t) => !isBanned(t));
    expect(allowed.length).toBeGreaterThan(5);
    for (const seed of allowed.slice(0, 10)) {
      const radio = await fx.recommender.radio({
        seeds: [{ kind: 'track', ref: seed.id }],
        count: 15,
        now: NOW,
      });
      expect(radio.length).toBeGreaterThan(10);
      expect(radio.filter(isOut)).toEqual([]);
      const next = await fx.recommender.continueQueue({
        origin: { kind: 'radio', seeds: [{ kind: 'track', ref: seed.id }] },
        queued: radio.map((e) => e.id),
        count: 15,
        now: NOW,
      });
      expect(next.filter(isOut)).toEqual([]);
    }
    const path = await fx.recommender.path({
      from: allowed[0]?.id ?? '',
      to: inCluster(1)[0]?.id ?? '',
      count: 10,
      now: NOW,
    });
    expect(path.filter(isOut)).toEqual([]);
    for (const mix of await fx.recommender.mixes({ count: 30, now: NOW })) {
      expect(mix.entries.filter(isOut)).toEqual([]);
    }
    // A queue made before the ban loses the banned tracks at the next re-ranking.
    const queue = inCluster(0).slice(0, 12);
    const reranked = await fx.recommender.rerankAfterSkip({
      queue: queue.slice(1).map((t) => t.id),
      skipped: queue[0]?.id ?? '',
      now: NOW,
    });
    expect(reranked.entries.filter(isOut)).toEqual([]);
    expect(reranked.dropped.sort()).toEqual(
      queue
        .slice(1)
        .filter((t) => isBanned(t))
        .map((t) => t.id)
        .sort(),
    );
  });

  it('puts a loved track that fits the seed before others as close, and says so', async () => {
    const seed = inCluster(2)[0] as FixtureTrack;
    fx = await openRecommender(dir, tracks);
    const request = { seeds: [{ kind: 'track' as const, ref: seed.id }], count: 20, now: NOW };
    const plain = await fx.recommender.radio(request);
    // From the middle of the radio: love moves a track up within the seed adherence, which
    // keeps the farthest ones from coming first whatever the person loves.
    const loved = plain.slice(10, 13);
    for (const t of loved) {
      await fx.log().setFeedback({ target: { kind: 'track', id: t.id }, value: 'love' });
    }
    const radio = await fx.recommender.radio(request);
    for (const t of loved) {
      const at = radio.findIndex((e) => e.id === t.id);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(plain.findIndex((e) => e.id === t.id));
      expect(radio[at]?.why).toContain('you love it');
      expect(radio[at]?.reasons).toContainEqual({ kind: 'loved' });
    }
  });
});
