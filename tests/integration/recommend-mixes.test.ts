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

  it('clusters the whole library before there is history, each mix named for what dominates it', async () => {
    fx = await openRecommender(dir, tracks);
    const mixes = await fx.recommender.mixes({ count: 10, now: NOW });
    expect(mixes.length).toBeGreaterThanOrEqual(MIN_MIXES);
    expect(mixes.length).toBeLessThanOrEqual(MAX_MIXES);
    expect(mixes).toHaveLength(6);
    const names = mixes.map((m) => m.name).sort();
    expect(names).toEqual(
      [0, 1, 2, 3, 4, 5].map((c) => `Genre ${c} · Lead ${c} & Second ${c}`).sort(),
    );
    for (const mix of mixes) {
      const c = Number(/Genre (\d)/.exec(mix.name)?.[1]);
      expect(mix.size).toBe(20);
      // Two artists a cluster, three tracks each at most in 30: six, then the nearest others.
      expect(mix.entries).toHaveLength(10);
      const own = mix.entries.filter((e) => clusterOf.get(e.id) === c);
      const others = mix.entries.filter((e) => clusterOf.get(e.id) !== c);
      expect(own).toHaveLength(6);
      expect(Math.min(...own.map((e) => e.score))).toBeGreaterThan(
        Math.max(...others.map((e) => e.score)),
      );
      expect(own[0]?.why).toMatch(new RegExp(`^in the ${mix.name} mix · sounds like Song ${c}-`));
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
    const sizes = mixes.reduce((sum, m) => sum + m.size, 0);
    expect(sizes).toBe(played.length);
    expect(mixes.length).toBeGreaterThanOrEqual(MIN_MIXES);
    const clustersNamed = new Set(mixes.map((m) => Number(/Genre (\d)/.exec(m.name)?.[1])));
    expect([...clustersNamed].every((c) => c % 2 === 1)).toBe(true);
  });
});
