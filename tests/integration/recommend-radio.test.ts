import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecommendError } from '../../src/main/engine/recommend/recommend-error';
import { ARTIST_GAP } from '../../src/main/engine/recommend/playlist-rules';
import {
  adherenceFloor,
  newShare,
  seedAdherence,
} from '../../src/main/engine/recommend/radio-policy';
import { DEFAULT_ADVENTUROUS } from '../../src/main/engine/recommend/types';
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

// Six clusters of sound, 30 tracks each; clusters 0 and 1 share artists so the limits bite.
const tracks = clusteredTracks({
  clusters: 6,
  perCluster: 30,
  spread: 0.7,
  seed: 21,
  tags: (c, i) => (c <= 1 ? { artist: `Band ${i % 4}` } : {}),
});
const byId = new Map(tracks.map((t) => [t.id, t]));
const inCluster = (c: number) => tracks.filter((t) => t.cluster === c);
const seed = inCluster(2)[0] as FixtureTrack;
const NOW = new Date('2026-11-27T20:00:00Z');

describe('radio', () => {
  let dir: string;
  let fx: RecommenderFixture;

  beforeEach(async () => {
    dir = await tempDir('deepcut-radio-');
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows the seed’s sound, says how close each track is, and never echoes it', async () => {
    fx = await openRecommender(dir, tracks);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.path }],
      count: 20,
      now: NOW,
    });
    expect(radio).toHaveLength(20);
    expect(radio.map((e) => e.id)).not.toContain(seed.id);
    const sameCluster = radio.filter((e) => byId.get(e.id)?.cluster === seed.cluster).length;
    expect(sameCluster).toBeGreaterThanOrEqual(18);
    for (const e of radio) {
      const similarity = dot(byId.get(e.id)?.vector ?? seed.vector, seed.vector);
      const [sound] = e.reasons;
      expect(sound).toEqual(expect.objectContaining({ to: seed.id }));
      const value = (sound as { value: number }).value;
      expect(value).toBeCloseTo(similarity, 3);
      expect(e.why).toMatch(
        new RegExp(
          `^(close to|further out from) ${seed.title} \\(similarity ${value.toFixed(2)}\\)`,
        ),
      );
      expect(e.why).toContain('new to you');
      expect(e.cf).toBeNull();
      expect(e.durationSec).toBe(200);
      expect(Object.keys(e).sort()).toEqual([
        'album',
        'artist',
        'audio',
        'cf',
        'durationSec',
        'id',
        'path',
        'reasons',
        'score',
        'title',
        'why',
      ]);
    }
    // Sound alone and nothing heard: the order is the score's, within the adherence floor.
    const scores = radio.map((e) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const similarities = radio.map((e) => dot(byId.get(e.id)?.vector ?? seed.vector, seed.vector));
    const closest = tracks.filter((t) => t.id !== seed.id).map((t) => dot(t.vector, seed.vector));
    for (let places = 1; places <= 20; places++) {
      expect(seedAdherence(similarities, closest, places)).toBeGreaterThanOrEqual(
        adherenceFloor(DEFAULT_ADVENTUROUS),
      );
    }
  });

  it('keeps the artist limits, except for an artist it was seeded with', async () => {
    fx = await openRecommender(dir, tracks);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: inCluster(0)[0]?.id ?? '' }],
      count: 30,
      now: NOW,
    });
    const artists = radio.map((e) => e.artist);
    artists.forEach((a, i) => {
      expect(artists.slice(Math.max(0, i - ARTIST_GAP + 1), i)).not.toContain(a);
    });
    for (const band of ['Band 0', 'Band 1', 'Band 2', 'Band 3']) {
      expect(artists.filter((a) => a === band).length).toBeLessThanOrEqual(3);
    }
    const seeded = await fx.recommender.radio({
      seeds: [{ kind: 'artist', artist: 'band 1' }],
      count: 30,
      now: NOW,
    });
    expect(seeded.filter((e) => e.artist === 'Band 1').length).toBeGreaterThan(3);
  });

  it('seeds from an album without playing the album back', async () => {
    fx = await openRecommender(dir, tracks);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'album', album: 'album 3' }],
      count: 10,
      now: NOW,
    });
    expect(radio).toHaveLength(10);
    expect(radio.every((e) => e.album !== 'Album 3')).toBe(true);
    const album = new Set(inCluster(3).map((t) => t.id));
    expect(radio.every((e) => album.has((e.reasons[0] as { to: string }).to))).toBe(true);
  });

  it('looks further from the seed when adventurous', async () => {
    fx = await openRecommender(dir, tracks);
    const meanSimilarity = async (adventurous: number) => {
      const radio = await fx.recommender.radio({
        seeds: [{ kind: 'track', ref: seed.id }],
        count: 15,
        adventurous,
        now: NOW,
      });
      return (
        radio.reduce((sum, e) => sum + dot(byId.get(e.id)?.vector ?? seed.vector, seed.vector), 0) /
        radio.length
      );
    };
    expect(await meanSimilarity(1)).toBeLessThan((await meanSimilarity(0)) - 0.05);
  });

  it('blends in the session’s taste for known tracks; cold tracks rank by sound alone', async () => {
    // The "model" knows clusters 2 and 4 only (cluster 4 is the liked label); the rest is cold.
    const labels = new Map(
      [...inCluster(2), ...inCluster(4)].map((t) => [t.id, `label ${t.cluster}`]),
    );
    const source = new TableTasteSource({ labels, liked: ['label 4'] });
    fx = await openRecommender(dir, tracks, source);
    // Four tracks of cluster 4 played through in this session, the last ended 3 minutes ago.
    const played = inCluster(4).slice(0, 4);
    await fx
      .log()
      .appendMany(
        played.map((t, i) =>
          listen(t, new Date(NOW.getTime() - (4 - i) * 200_000 - 180_000), 'play'),
        ),
      );
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 30,
      now: NOW,
    });
    const audioOnly = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 30,
      now: NOW,
      mode: 'audio',
    });
    const liked = (list: typeof radio) => list.filter((e) => byId.get(e.id)?.cluster === 4).length;
    expect(liked(radio)).toBeGreaterThan(liked(audioOnly));
    for (const e of radio) {
      const cluster = byId.get(e.id)?.cluster;
      if (cluster === 2 || cluster === 4) expect(e.cf).not.toBeNull();
      else expect(e.cf).toBeNull();
    }
    expect(radio.find((e) => byId.get(e.id)?.cluster === 4)?.why).toContain(
      'fits this session (100 % likely to be finished)',
    );
  });

  it('follows its seed when the history points elsewhere, and one skip does not change that', async () => {
    // A taste that knows the whole library and loves cluster 4, with plays of it in the past.
    const labels = new Map(tracks.map((t) => [t.id, `label ${t.cluster}`]));
    fx = await openRecommender(dir, tracks, new TableTasteSource({ labels, liked: ['label 4'] }));
    await fx
      .log()
      .appendMany(
        inCluster(4).map((t, i) =>
          listen(t, new Date(NOW.getTime() - 5 * 86_400_000 + i * 300_000), 'play', 'past'),
        ),
      );
    const seedRefs = [{ kind: 'track' as const, ref: seed.id }];
    const radio = await fx.recommender.radio({ seeds: seedRefs, count: 20, now: NOW });
    const own = (list: readonly { id: string }[]) =>
      list.filter((e) => byId.get(e.id)?.cluster === seed.cluster).length;
    const closest = tracks.filter((t) => t.id !== seed.id).map((t) => dot(t.vector, seed.vector));
    const adherence = (list: readonly { id: string }[]) =>
      seedAdherence(
        list.map((e) => dot(byId.get(e.id)?.vector ?? seed.vector, seed.vector)),
        closest,
      );
    // The favourites that come in still sound like the seed enough for the floor to hold.
    expect(adherence(radio)).toBeGreaterThanOrEqual(adherenceFloor(DEFAULT_ADVENTUROUS));
    expect(own(radio)).toBeGreaterThanOrEqual(15);
    await fx.log().appendMany([listen(radio[0] ?? seed, new Date(NOW.getTime() - 60_000), 'skip')]);
    const { entries } = await fx.recommender.rerankAfterSkip({
      queue: radio.slice(1).map((e) => e.id),
      skipped: radio[0]?.id ?? '',
      seeds: seedRefs,
      now: NOW,
    });
    expect(own(entries)).toBeGreaterThanOrEqual(own(radio.slice(1)) - 1);
    expect(adherence(entries)).toBeGreaterThanOrEqual(adherenceFloor(DEFAULT_ADVENTUROUS));
  });

  it('holds the share of new tracks the setting asks for: familiar known first, adventurous all new', async () => {
    // Every other track of the seed's cluster was played through a week ago, and the taste
    // loves them: at the familiar end they come first, at the adventurous end none comes.
    const heard = inCluster(seed.cluster).filter((t, i) => i % 2 === 1);
    const labels = new Map(tracks.map((t) => [t.id, heard.includes(t) ? 'heard' : 'other']));
    fx = await openRecommender(dir, tracks, new TableTasteSource({ labels, liked: ['heard'] }));
    await fx
      .log()
      .appendMany(
        heard.map((t, i) =>
          listen(t, new Date(NOW.getTime() - 7 * 86_400_000 + i * 300_000), 'play', 'past'),
        ),
      );
    const isNew = (e: { id: string }) => !heard.some((t) => t.id === e.id);
    for (const adventurous of [0, 0.3, 0.6, 1]) {
      const radio = await fx.recommender.radio({
        seeds: [{ kind: 'track', ref: seed.id }],
        count: 20,
        adventurous,
        now: NOW,
      });
      expect(radio).toHaveLength(20);
      for (let places = 1; places <= radio.length; places++) {
        const fresh = radio.slice(0, places).filter(isNew).length;
        expect(fresh).toBeGreaterThanOrEqual(Math.floor(newShare(adventurous) * places));
      }
      if (adventurous === 0) expect(radio.slice(0, 5).some(isNew)).toBe(false);
      if (adventurous === 1) expect(radio.every(isNew)).toBe(true);
      for (const e of radio.filter(isNew)) expect(e.reasons).toContainEqual({ kind: 'new' });
    }
  });

  it('pushes down tracks skipped lately and says why', async () => {
    fx = await openRecommender(dir, tracks);
    const first = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 5,
      now: NOW,
    });
    const top = first[0];
    if (!top) throw new Error('empty radio');
    const yesterday = new Date(NOW.getTime() - 86_400_000);
    await fx.log().appendMany([listen(top, yesterday, 'skip', 'old')]);
    const again = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 30,
      now: NOW,
    });
    const index = again.findIndex((e) => e.id === top.id);
    expect(index === -1 || index > 0).toBe(true);
    if (index > 0) expect(again[index]?.why).toContain('skipped 24 h ago');
  });

  it('refuses what it cannot do, in words', async () => {
    fx = await openRecommender(dir, tracks);
    await expect(
      fx.recommender.radio({ seeds: [{ kind: 'artist', artist: 'Nobody' }] }),
    ).rejects.toThrow(new RecommendError('no analysed tracks by "Nobody"'));
    await expect(
      fx.recommender.radio({ seeds: [{ kind: 'track', ref: seed.id }], adventurous: 2 }),
    ).rejects.toThrow(RecommendError);
    await expect(fx.recommender.radio({ seeds: [] })).rejects.toThrow('at least one seed');
    await expect(
      fx.recommender.radio({ seeds: [{ kind: 'track', ref: seed.id }], count: 0 }),
    ).rejects.toThrow('positive whole number');
  });

  it('ends at a duration', async () => {
    fx = await openRecommender(dir, tracks);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      durationSec: 3600,
      now: NOW,
    });
    expect(radio).toHaveLength(18);
  });
});
