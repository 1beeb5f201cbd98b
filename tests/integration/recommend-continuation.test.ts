import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIST_GAP } from '../../src/main/engine/recommend/playlist-rules';
import type { PlaylistEntry } from '../../src/main/engine/recommend/types';
import { normalised } from '../../src/main/engine/recommend/vector-math';
import { analysedTrack, seededRandom, unitVector } from './store-fixtures';
import { tempDir } from '../helpers/synth';
import {
  clusteredTracks,
  jitter,
  listen,
  openRecommender,
  type FixtureTrack,
  type RecommenderFixture,
} from './recommend-fixtures';

const NOW = new Date('2026-11-27T20:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

/**
 * Two clusters of sound, P (0) and Q (1), with a seed half way between them, and three more
 * clusters elsewhere; four artists per cluster, so the artist limits bite.
 */
function between(): { tracks: FixtureTrack[]; seed: FixtureTrack } {
  const random = seededRandom(5);
  const [p, q] = [unitVector(random), unitVector(random)];
  const tracks: FixtureTrack[] = [];
  const add = (vector: Float32Array, cluster: number, i: number): FixtureTrack => {
    const record = analysedTrack(`/music/c${cluster}/t${i}.flac`, vector, {
      title: `Song ${cluster}-${i}`,
      artist: `Artist ${cluster}-${i % 4}`,
      album: `Album ${cluster}`,
      durationSec: 200,
    });
    const track = { ...record, cluster, vector };
    tracks.push(track);
    return track;
  };
  const seed = add(normalised(p.map((x, d) => x + (q[d] ?? 0))), 9, 0);
  for (let i = 0; i < 20; i++) add(jitter(p, 0.45, random), 0, i);
  for (let i = 0; i < 20; i++) add(jitter(q, 0.45, random), 1, i);
  for (const t of clusteredTracks({ clusters: 3, perCluster: 20, seed: 8 })) {
    tracks.push({ ...t, cluster: t.cluster + 2 });
  }
  return { tracks, seed };
}

describe('continuing a queue (endless radio, mix, path)', () => {
  let dir: string;
  let fx: RecommenderFixture;
  const { tracks, seed } = between();
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const clusterOf = (e: { id: string }) => byId.get(e.id)?.cluster;
  const radioOrigin = { kind: 'radio' as const, seeds: [{ kind: 'track' as const, ref: seed.id }] };

  beforeEach(async () => {
    dir = await tempDir('deepcut-continue-');
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never repeats a track of the session and keeps the artist limits across the join', async () => {
    fx = await openRecommender(dir, tracks);
    let queue: PlaylistEntry[] = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 10,
      now: NOW,
    });
    // Extended again and again until the library has nothing left that the rules admit.
    for (let round = 0; round < 20; round++) {
      const next = await fx.recommender.continueQueue({
        origin: radioOrigin,
        queued: queue.map((e) => e.id),
        count: 10,
        now: NOW,
      });
      if (next.length === 0) break;
      queue = [...queue, ...next];
    }
    const ids = queue.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(seed.id);
    // Every track of the library but the seed, given a long enough session.
    expect(ids.length).toBeGreaterThan(tracks.length - 10);
    const artists = queue.map((e) => e.artist);
    artists.forEach((a, i) => {
      expect(artists.slice(Math.max(0, i - ARTIST_GAP + 1), i)).not.toContain(a);
    });
    // The first continuation still follows the seed: P and Q, not the clusters elsewhere.
    expect(queue.slice(10, 20).every((e) => (clusterOf(e) ?? 9) <= 1)).toBe(true);
  });

  it('follows what the session played through and turns from what it skipped', async () => {
    fx = await openRecommender(dir, tracks);
    const radio = await fx.recommender.radio({
      seeds: [{ kind: 'track', ref: seed.id }],
      count: 10,
      now: minutesAgo(40),
    });
    const fromP = radio.filter((e) => clusterOf(e) === 0).length;
    expect(fromP).toBeGreaterThan(1);
    expect(fromP).toBeLessThan(9);
    // The listener finishes what sounds like P and skips what sounds like Q.
    const events = radio
      .slice(0, 8)
      .map((e, i) => listen(e, minutesAgo(35 - 3 * i), clusterOf(e) === 0 ? 'play' : 'skip'));
    await fx.log().appendMany(events);
    const next = await fx.recommender.continueQueue({
      origin: radioOrigin,
      queued: radio.map((e) => e.id),
      count: 10,
      now: NOW,
    });
    expect(next).toHaveLength(10);
    expect(next.filter((e) => clusterOf(e) === 0).length).toBeGreaterThanOrEqual(8);
    const played = new Set(events.filter((e) => e.end === 'finished').map((e) => e.track));
    const pulled = next.filter((e) => e.reasons.some((r) => r.kind === 'session'));
    expect(pulled.length).toBeGreaterThan(0);
    for (const e of pulled) {
      const part = e.reasons.find((r) => r.kind === 'session') as { to: string };
      expect(played.has(part.to)).toBe(true);
      expect(e.why).toContain(`sounds like ${byId.get(part.to)?.title}, played this session`);
    }
  });

  it('goes on from the end of a path as a radio', async () => {
    fx = await openRecommender(dir, tracks);
    const [from, to] = [tracks.find((t) => t.cluster === 0), tracks.find((t) => t.cluster === 3)];
    if (!from || !to) throw new Error('fixture');
    const path = await fx.recommender.path({ from: from.id, to: to.id, count: 5, now: NOW });
    const next = await fx.recommender.continueQueue({
      origin: { kind: 'path', from: from.id, to: to.id },
      queued: path.map((e) => e.id),
      count: 8,
      now: NOW,
    });
    expect(next).toHaveLength(8);
    expect(next.every((e) => clusterOf(e) === 3)).toBe(true);
    expect(next.every((e) => (e.reasons[0] as { to?: string }).to === to.id)).toBe(true);
  });

  it('plays a mix’s own tracks, then goes on as a radio from its heart', async () => {
    fx = await openRecommender(dir, tracks);
    const mixes = await fx.recommender.mixes({ count: 5, now: NOW });
    const mix = mixes.find((m) => m.size >= 15);
    if (!mix) throw new Error('no mix of 15');
    const { mixOf } = await fx.recommender.mixMembership({ now: NOW });
    const queued = mix.entries.map((e) => e.id);
    const own = await fx.recommender.continueQueue({
      origin: { kind: 'mix', name: mix.name },
      queued,
      count: 5,
      now: NOW,
    });
    expect(own).toHaveLength(5);
    expect(own.every((e) => mixOf[e.id] === mix.id)).toBe(true);
    expect(own.every((e) => !queued.includes(e.id))).toBe(true);
    const members = Object.entries(mixOf)
      .filter(([, m]) => m === mix.id)
      .map(([id]) => id);
    const beyond = await fx.recommender.continueQueue({
      origin: { kind: 'mix', name: mix.name },
      queued: members,
      count: 5,
      now: NOW,
    });
    expect(beyond).toHaveLength(5);
    expect(beyond.every((e) => mixOf[e.id] !== mix.id)).toBe(true);
    // A mix that is gone (its name no longer among the mixes) goes on from the queue's end.
    const gone = await fx.recommender.continueQueue({
      origin: { kind: 'mix', name: 'No such mix' },
      queued,
      count: 3,
      now: NOW,
    });
    expect(gone).toHaveLength(3);
  });

  it('passes over queued tracks that left the library, and refuses a bad request', async () => {
    fx = await openRecommender(dir, tracks);
    const next = await fx.recommender.continueQueue({
      origin: radioOrigin,
      queued: ['0123456789abcdef'],
      count: 3,
      now: NOW,
    });
    expect(next).toHaveLength(3);
    await expect(
      fx.recommender.continueQueue({ origin: radioOrigin, queued: [], count: 0, now: NOW }),
    ).rejects.toThrow('positive whole number');
    await expect(
      fx.recommender.continueQueue({
        origin: { kind: 'radio', seeds: [] },
        queued: [],
        now: NOW,
      }),
    ).rejects.toThrow('at least one seed');
  });
});
