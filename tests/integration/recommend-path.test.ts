import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { progressAlong } from '../../src/main/engine/recommend/track-path';
import { angle } from '../../src/main/engine/recommend/vector-math';
import { tempDir } from '../helpers/synth';
import {
  clusteredTracks,
  openRecommender,
  slerpTracks,
  type FixtureTrack,
  type RecommenderFixture,
} from './recommend-fixtures';

describe('path', () => {
  let dir: string;
  let fx: RecommenderFixture;

  beforeEach(async () => {
    dir = await tempDir('deepcut-path-');
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts and ends where asked and moves forward in small steps', async () => {
    const { tracks, from, to } = slerpTracks(400);
    fx = await openRecommender(dir, tracks);
    const path = await fx.recommender.path({ from: from.path, to: to.id, count: 12 });
    expect(path[0]?.id).toBe(from.id);
    expect(path.at(-1)?.id).toBe(to.id);
    expect(path).toHaveLength(12);
    expect(new Set(path.map((e) => e.id)).size).toBe(12);
    const vectors = new Map(tracks.map((t) => [t.id, t.vector]));
    const vector = (id: string) => vectors.get(id) as Float32Array;
    const direct = angle(from.vector, to.vector);
    const along = progressAlong(from.vector, to.vector);
    const progress = path.map((e) => along(vector(e.id)));
    progress.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(progress[i] ?? Infinity));
    for (let i = 1; i < path.length; i++) {
      // Even steps would be direct / 11; none may be a big jump.
      expect(angle(vector(path[i - 1]?.id ?? ''), vector(path[i]?.id ?? ''))).toBeLessThan(
        direct / 3,
      );
    }
    expect(path[0]?.why).toBe('the start of the path to to · new to you');
    expect(path.at(-1)?.why).toBe('the end of the path · new to you');
    path.slice(1, -1).forEach((e, i) => {
      const step = e.reasons[0] as { kind: string; to: string; value: number };
      expect(step).toEqual({ kind: 'step', to: to.id, value: expect.any(Number) });
      expect(step.value).toBeCloseTo(progress[i + 1] ?? NaN, 2);
      expect(e.why).toMatch(/^\d+ % of the way to to · new to you$/);
    });
  });

  it('gives a shorter path rather than a step back where the library is sparse', async () => {
    const tracks = clusteredTracks({ clusters: 2, perCluster: 10, spread: 0.2, seed: 8 });
    fx = await openRecommender(dir, tracks);
    const [from, to] = [tracks[0], tracks[15]] as [FixtureTrack, FixtureTrack];
    const path = await fx.recommender.path({ from: from.id, to: to.id, count: 12 });
    expect(path[0]?.id).toBe(from.id);
    expect(path.at(-1)?.id).toBe(to.id);
    const along = progressAlong(from.vector, to.vector);
    const vectors = new Map(tracks.map((t) => [t.id, t.vector]));
    const progress = path.map((e) => along(vectors.get(e.id) as Float32Array));
    progress.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(progress[i] ?? Infinity));
    expect(path.length).toBeLessThanOrEqual(12);
  });

  it('refuses a path from a track to itself and a path shorter than its ends', async () => {
    const tracks = clusteredTracks({ clusters: 1, perCluster: 5 });
    fx = await openRecommender(dir, tracks);
    const id = tracks[0]?.id ?? '';
    await expect(fx.recommender.path({ from: id, to: id })).rejects.toThrow('two different tracks');
    await expect(
      fx.recommender.path({ from: id, to: tracks[1]?.id ?? '', count: 1 }),
    ).rejects.toThrow('at least 2 tracks');
  });
});
