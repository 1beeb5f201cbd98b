import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dot } from '../../src/main/engine/recommend/vector-math';
import { tempDir } from '../helpers/synth';
import { TableTasteSource } from '../helpers/taste-table';
import {
  clusteredTracks,
  jitter,
  listen,
  openRecommender,
  type FixtureTrack,
  type RecommenderFixture,
} from './recommend-fixtures';
import { seededRandom } from './store-fixtures';

const NOW = new Date('2026-11-27T20:00:00Z');

/**
 * A seed and tracks around it in three tight groups ("subclusters"), all about as close to the
 * seed, so a radio mixes them and a skip of one group's track should sink that group.
 */
function library(): { tracks: FixtureTrack[]; seed: FixtureTrack; group: Map<string, number> } {
  const base = clusteredTracks({ clusters: 1, perCluster: 1, seed: 40 });
  const seed = base[0] as FixtureTrack;
  const random = seededRandom(41);
  const group = new Map<string, number>();
  const tracks: FixtureTrack[] = [seed];
  for (let g = 0; g < 3; g++) {
    const centre = jitter(seed.vector, 0.5, random);
    const members = clusteredTracks({ clusters: 1, perCluster: 8, seed: 50 + g }).map((t, i) => {
      const vector = jitter(centre, 0.12, random);
      const path = `/music/group ${g}/track ${i}.flac`;
      return {
        ...t,
        id: `${g}${i}`.padStart(16, 'a'),
        path,
        title: `G${g} ${i}`,
        artist: `G${g}A${i}`,
        vector,
      };
    });
    for (const m of members) group.set(m.id, g);
    tracks.push(...members);
  }
  return { tracks, seed, group };
}

describe('re-ranking after a skip', () => {
  let dir: string;
  let fx: RecommenderFixture;

  beforeEach(async () => {
    dir = await tempDir('deepcut-rerank-');
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('moves the skipped track’s close neighbours down or out, without any collaborative model', async () => {
    const { tracks, seed, group } = library();
    fx = await openRecommender(dir, tracks);
    const seeds = [{ kind: 'track' as const, ref: seed.id }];
    const queue = await fx.recommender.radio({ seeds, count: 20, now: NOW });
    expect(queue).toHaveLength(20);
    const skipped = queue[0];
    if (!skipped) throw new Error('empty queue');
    const skippedGroup = group.get(skipped.id);
    const rest = queue.slice(1);
    const meanRank = (list: readonly { id: string }[]) => {
      const ranks = list.flatMap((e, i) => (group.get(e.id) === skippedGroup ? [i] : []));
      return ranks.reduce((a, b) => a + b, 0) / ranks.length;
    };
    const { entries, dropped } = await fx.recommender.rerankAfterSkip({
      queue: rest.map((e) => e.id),
      skipped: skipped.id,
      seeds,
      now: NOW,
    });
    // The four tracks the radio had left out come in, and four of the skipped group make way.
    expect(entries).toHaveLength(rest.length);
    expect(dropped).toHaveLength(4);
    expect(dropped.every((id) => group.get(id) === skippedGroup)).toBe(true);
    const fresh = entries.filter((e) => !rest.some((r) => r.id === e.id));
    expect(fresh.every((e) => group.get(e.id) !== skippedGroup && e.id !== seed.id)).toBe(true);
    expect(meanRank(entries)).toBeGreaterThan(meanRank(rest) + 3);
    // The closest neighbour of the skipped track is no longer next.
    const vectors = new Map(tracks.map((t) => [t.id, t.vector]));
    const skippedVector = vectors.get(skipped.id) as Float32Array;
    const closest = [...rest].sort(
      (a, b) =>
        dot(vectors.get(b.id) as Float32Array, skippedVector) -
        dot(vectors.get(a.id) as Float32Array, skippedVector),
    )[0];
    const movedTo = entries.findIndex((e) => e.id === closest?.id);
    if (movedTo >= 0) {
      expect(movedTo).toBeGreaterThan(rest.findIndex((e) => e.id === closest?.id));
      expect(entries[movedTo]?.why).toContain(`moved down: close to ${skipped.title}`);
    } else expect(dropped).toContain(closest?.id);
  });

  it('keeps the queue’s order as the audio side when it has no seeds', async () => {
    const { tracks, group } = library();
    fx = await openRecommender(dir, tracks);
    const inGroup = (g: number) => tracks.filter((t) => group.get(t.id) === g);
    const [skipped, ...twins] = inGroup(2).slice(0, 3) as FixtureTrack[];
    const others = inGroup(0);
    const { entries } = await fx.recommender.rerankAfterSkip({
      queue: [...twins, ...others].map((t) => t.path),
      skipped: skipped?.path ?? '',
      now: NOW,
    });
    const ids = entries.map((e) => e.id);
    expect(ids.filter((id) => group.get(id) === 0)).toEqual(others.map((t) => t.id));
    for (const twin of twins) expect(ids.indexOf(twin.id)).toBeGreaterThanOrEqual(ids.length - 3);
  });

  it('folds the skip into the session’s taste, one event at a time', async () => {
    const { tracks, seed, group } = library();
    const labels = new Map(tracks.slice(1).map((t) => [t.id, `group ${group.get(t.id)}`]));
    const source = new TableTasteSource({ labels, liked: ['group 0', 'group 1', 'group 2'] });
    fx = await openRecommender(dir, tracks, source);
    const start = new Date(NOW.getTime() - 20 * 60_000);
    await fx.log().appendMany([listen(seed, start, 'play')]);
    const seeds = [{ kind: 'track' as const, ref: seed.id }];
    const queue = await fx.recommender.radio({ seeds, count: 20, now: NOW });
    const callsAfterRadio = source.calls;
    const [first, second, ...rest] = queue;
    if (!first || !second) throw new Error('short queue');
    const once = await fx.recommender.rerankAfterSkip({
      queue: [second, ...rest].map((e) => e.id),
      skipped: first.id,
      seeds,
      now: NOW,
    });
    // One refit at most for the radio's session; the skip itself is a fold-in (withEvent).
    expect(source.calls).toBe(callsAfterRadio);
    const skippedLabel = group.get(first.id);
    for (const e of once.entries) {
      expect(e.cf).toBe(group.get(e.id) === skippedLabel ? 0.1 : 0.9);
    }
    const tail = once.entries.slice(-5).filter((e) => group.get(e.id) === skippedLabel);
    expect(tail.length).toBeGreaterThanOrEqual(3);
  });
});
