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
    await writeFile(join(projectionDir(fixture.dir), 'map.json'), '{"format":"nope"');
    const remade = await new LibraryProjector(fixture.dir).project(
      await fixture.recommender.snapshot(),
    );
    expect(remade.cached).toBe(false);
    expect(remade.tracks).toEqual(first.tracks);
    expect(await readdir(projectionDir(fixture.dir))).toEqual(['map.json']);
  });

  it('keeps every track in place when a few are added, and places them beside their cluster', async () => {
    const tracks = clusteredTracks({ clusters: 4, perCluster: 30, spread: 0.5, seed: 7 });
    // Ten of each cluster arrive later: 40 new on a map of 80, more than a quarter.
    const early = tracks.filter((_, i) => i % 30 < 20);
    const late = tracks.filter((_, i) => i % 30 >= 20);
    const fixture = await library(early);
    const projector = new LibraryProjector(fixture.dir);
    const first = await projector.project(await fixture.recommender.snapshot());
    const where = (map: typeof first): Map<string, readonly [number, number]> =>
      new Map(map.tracks.map((t) => [t.id, [t.x, t.y] as const]));

    await writeAll(fixture.store, late.slice(0, 8));
    const grown = await projector.project(await fixture.recommender.snapshot());
    expect(grown.cached).toBe(false);
    expect(grown.tracks).toHaveLength(early.length + 8);
    const before = where(first);
    for (const [id, at] of where(grown)) if (before.has(id)) expect(at).toEqual(before.get(id));
    const clusterOf = new Map(tracks.map((t) => [t.id, t.cluster]));
    const points = grown.tracks.map((t) => ({
      x: t.x,
      y: t.y,
      cluster: clusterOf.get(t.id) ?? -1,
    }));
    expect(neighbourPurity(points, 5)).toBeGreaterThan(0.9);
    expect((await projector.project(await fixture.recommender.snapshot())).cached).toBe(true);

    // Past a quarter of the layout placed that way, the map is laid out again.
    await writeAll(fixture.store, late.slice(8));
    const relaid = await projector.project(await fixture.recommender.snapshot());
    expect(relaid.tracks).toHaveLength(tracks.length);
    const moved = relaid.tracks.filter((t) => {
      const at = before.get(t.id);
      return at !== undefined && (at[0] !== t.x || at[1] !== t.y);
    });
    expect(moved.length).toBeGreaterThan(0);
    // And once more from scratch, the same layout: the same library gives the same map.
    await rm(projectionDir(fixture.dir), { recursive: true });
    const fresh = await new LibraryProjector(fixture.dir).project(
      await fixture.recommender.snapshot(),
    );
    expect(fresh.tracks).toEqual(relaid.tracks);
  });

  it('places tracks beyond the fitted sample beside their own cluster', async () => {
    const tracks = clusteredTracks({ clusters: 4, perCluster: 60, spread: 0.5, seed: 9 });
    const xy = await projectVectors(
      tracks.map((t) => t.vector),
      { fitSample: 80 },
    );
    expect(xy).toHaveLength(2 * tracks.length);
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
