import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MIXES, MIN_MIXES } from '../../src/main/engine/recommend/mixes';
import { tempDir } from '../helpers/synth';
import {
  clusteredTracks,
  listen,
  openRecommender,
  type RecommenderFixture,
} from './recommend-fixtures';

// Six clusters of sound; each has two main artists and a genre, so mixes can be named.
const tracks = clusteredTracks({
  clusters: 6,
  perCluster: 20,
  spread: 0.5,
  seed: 61,
  tags: (c, i) => ({
    artist: i % 2 === 0 ? `Lead ${c}` : `Second ${c}`,
    genre: `Genre ${c}`,
    title: `Song ${c}-${i}`,
  }),
});
const clusterOf = new Map(tracks.map((t) => [t.id, t.cluster]));
const NOW = new Date('2026-11-27T20:00:00Z');

describe('mixes', () => {
  let dir: string;
  let fx: RecommenderFixture;

  beforeEach(async () => {
    dir = await tempDir('deepcut-mixes-');
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('clusters the whole library before there is history, each mix named from what it holds', async () => {
    fx = await openRecommender(dir, tracks);
    const mixes = await fx.recommender.mixes({ count: 10, now: NOW });
    expect(mixes.length).toBeGreaterThanOrEqual(MIN_MIXES);
    expect(mixes.length).toBeLessThanOrEqual(MAX_MIXES);
    expect(mixes).toHaveLength(6);
    // Every track of a cluster shares its album: the mix is named after it.
    expect(mixes.map((m) => m.name).sort()).toEqual([0, 1, 2, 3, 4, 5].map((c) => `Album ${c}`));
    for (const mix of mixes) {
      const c = Number(/Album (\d)/.exec(mix.name)?.[1]);
      expect(mix.size).toBe(20);
      // Only its own tracks, and its two artists (half of it each) free of the artist limits.
      expect(mix.entries).toHaveLength(10);
      expect(mix.entries.every((e) => clusterOf.get(e.id) === c)).toBe(true);
      expect(mix.entries[0]?.reasons[0]).toEqual({ kind: 'mix', to: mix.name });
      expect(mix.entries[0]?.why).toBe(`in the ${mix.name} mix · new to you`);
    }
    const membership = await fx.recommender.mixMembership({ now: NOW });
    expect(Object.keys(membership.mixOf)).toHaveLength(tracks.length);
    for (const mix of mixes) {
      const members = tracks.filter((t) => membership.mixOf[t.id] === mix.id);
      expect(members.every((t) => t.cluster === clusterOf.get(mix.entries[0]?.id ?? ''))).toBe(
        true,
      );
      expect(membership.mixes.find((m) => m.id === mix.id)).toEqual({
        id: mix.id,
        name: mix.name,
        size: 20,
      });
    }
  });

  it('follows what the profile plays once there is enough of it', async () => {
    fx = await openRecommender(dir, tracks);
    // Every track of clusters 1, 3 and 5 played once, a day apart in time from now.
    const played = tracks.filter((t) => t.cluster % 2 === 1);
    await fx
      .log()
      .appendMany(
        played.map((t, i) =>
          listen(t, new Date(NOW.getTime() - 86_400_000 - i * 300_000), 'play', `old-${i}`),
        ),
      );
    const mixes = await fx.recommender.mixes({ count: 10, now: NOW });
    expect(mixes.length).toBeGreaterThanOrEqual(MIN_MIXES);
    // The groups are what was played; the clusters never played lie in no mix.
    expect(mixes.reduce((sum, m) => sum + m.size, 0)).toBe(played.length);
    expect(mixes.every((m) => /^Album [135]( \(\d\))?$/.test(m.name))).toBe(true);
    const { mixOf } = await fx.recommender.mixMembership({ now: NOW });
    expect(Object.keys(mixOf).sort()).toEqual(played.map((t) => t.id).sort());
    for (const mix of mixes) {
      expect(mix.entries.every((e) => mixOf[e.id] === mix.id)).toBe(true);
    }
  });
});
