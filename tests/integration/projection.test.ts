import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectVectors } from '../../src/main/engine/projection/project';
import { LibraryProjector } from '../../src/main/engine/projection/library-projection';
import { projectionDir } from '../../src/main/engine/projection/projection-cache';
import {
  clusteredTracks,
  openRecommender,
  writeAll,
  type FixtureTrack,
  type RecommenderFixture,
} from './recommend-fixtures';

const dirs: string[] = [];
const fixtures: RecommenderFixture[] = [];

afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function library(tracks: readonly FixtureTrack[]): Promise<RecommenderFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'deepcut-projection-'));
  dirs.push(dir);
  const fixture = await openRecommender(dir, tracks);
  fixtures.push(fixture);
  return fixture;
}

/** Share of points whose `k` nearest points on the map belong to their own cluster. */
function neighbourPurity(
  points: readonly Readonly<{ x: number; y: number; cluster: number }>[],
  k: number,
): number {
  let same = 0;
  for (const p of points) {
    const nearest = points
      .filter((q) => q !== p)
      .map((q) => ({ q, d: (q.x - p.x) ** 2 + (q.y - p.y) ** 2 }))
      .sort((a, b) => a.d - b.d)
      .slice(0, k);
    same += nearest.filter(({ q }) => q.cluster === p.cluster).length;
  }
  return same / (points.length * k);
}

describe('discover map projection', () => {
  it('keeps clusters of sound together on the map, inside the unit square', async () => {
    const tracks = clusteredTracks({ clusters: 5, perCluster: 40, spread: 0.5, seed: 3 });
    const fixture = await library(tracks);
    const map = await new LibraryProjector(fixture.dir).project(
      await fixture.recommender.snapshot(),
    );

    expect(map.cached).toBe(false);
    expect(map.tracks).toHaveLength(tracks.length);
    const clusterOf = new Map(tracks.map((t) => [t.id, t.cluster]));
    for (const t of map.tracks) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.x).toBeLessThanOrEqual(1);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeLessThanOrEqual(1);
    }
    const purity = neighbourPurity(
      map.tracks.map((t) => ({ x: t.x, y: t.y, cluster: clusterOf.get(t.id) ?? -1 })),
      5,
    );
    expect(purity).toBeGreaterThan(0.9);
    expect(map.tracks[0]?.title).toMatch(/^Song /);
  });

  it('is cached, deterministic, and made again only when the vectors change', async () => {
    const tracks = clusteredTracks({ clusters: 3, perCluster: 20, seed: 5 });
    const fixture = await library(tracks.slice(0, 50));
    const projector = new LibraryProjector(fixture.dir);
    const first = await projector.project(await fixture.recommender.snapshot());
    const again = await projector.project(await fixture.recommender.snapshot());
    expect(again.cached).toBe(true);
    expect(again.tracks).toEqual(first.tracks);

    // A fresh projector over a damaged cache makes the same map again and repairs the file.
    const [file] = await readdir(projectionDir(fixture.dir));
    await writeFile(join(projectionDir(fixture.dir), file ?? 'missing'), '{"format":"nope"');
    const remade = await new LibraryProjector(fixture.dir).project(
      await fixture.recommender.snapshot(),
    );
    expect(remade.cached).toBe(false);
    expect(remade.tracks).toEqual(first.tracks);

    await writeAll(fixture.store, tracks.slice(50));
    const grown = await projector.project(await fixture.recommender.snapshot());
    expect(grown.cached).toBe(false);
    expect(grown.tracks).toHaveLength(60);
    expect(await readdir(projectionDir(fixture.dir))).toHaveLength(1);
  });

  it('places tracks beyond the fitted sample beside their own cluster', async () => {
    const tracks = clusteredTracks({ clusters: 4, perCluster: 60, spread: 0.5, seed: 9 });
    const xy = await projectVectors(
      tracks.map((t) => t.vector),
      { fitSample: 80 },
    );
    const points = tracks.map((t, i) => ({
      x: xy[2 * i] ?? NaN,
      y: xy[2 * i + 1] ?? NaN,
      cluster: t.cluster,
    }));
    expect(points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(neighbourPurity(points, 5)).toBeGreaterThan(0.9);
  });

  it('handles libraries too small for a neighbourhood graph', async () => {
    expect(await projectVectors([])).toHaveLength(0);
    const one = clusteredTracks({ clusters: 1, perCluster: 2, seed: 1 });
    expect(Array.from(await projectVectors(one.slice(0, 1).map((t) => t.vector)))).toEqual([
      0.5, 0.5,
    ]);
    const two = Array.from(await projectVectors(one.map((t) => t.vector)));
    expect(two[0]).not.toEqual(two[2]);
  });
});
