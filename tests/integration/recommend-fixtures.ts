/**
 * Libraries for the recommender's tests: tracks in clusters of sound (each cluster a direction
 * in embedding space, its tracks scattered around it) with tags per cluster, written to a real
 * LanceDB store.
 */
import type { EventDraft } from '../../src/shared/events';
import type { TasteSource } from '../../src/main/engine/cf/session-taste';
import { EventLog } from '../../src/main/engine/events/event-log';
import { Recommender } from '../../src/main/engine/recommend/recommender';
import { slerp } from '../../src/main/engine/recommend/vector-math';
import { EMBED_DIM } from '../../src/main/engine/store/schema';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import type { TrackRecord } from '../../src/main/engine/store/types';
import { analysedTrack, seededRandom, unitVector } from './store-fixtures';

export type ClusterSpec = Readonly<{
  clusters: number;
  perCluster: number;
  /** Spread of a track around its cluster's direction (0: all identical). */
  spread?: number;
  seed?: number;
  /** Tags of track `i` of cluster `c`; default artist "Artist c-i", album "Album c". */
  tags?: (c: number, i: number) => Partial<TrackRecord>;
}>;

export type FixtureTrack = TrackRecord & Readonly<{ cluster: number; vector: Float32Array }>;

/** `v` plus `scale` times a random direction, normalised. */
export function jitter(v: Float32Array, scale: number, random: () => number): Float32Array {
  const noise = unitVector(random);
  const out = new Float32Array(EMBED_DIM);
  let norm = 0;
  for (let d = 0; d < EMBED_DIM; d++) {
    out[d] = (v[d] ?? 0) + scale * (noise[d] ?? 0);
    norm += (out[d] ?? 0) ** 2;
  }
  return out.map((x) => x / Math.sqrt(norm));
}

/** The tracks of a clustered library (not yet written). */
export function clusteredTracks(spec: ClusterSpec): FixtureTrack[] {
  const random = seededRandom(spec.seed ?? 11);
  const tracks: FixtureTrack[] = [];
  for (let c = 0; c < spec.clusters; c++) {
    const centre = unitVector(random);
    for (let i = 0; i < spec.perCluster; i++) {
      const vector = jitter(centre, spec.spread ?? 0.6, random);
      const record = analysedTrack(`/music/cluster ${c}/track ${i}.flac`, vector, {
        title: `Song ${c}-${i}`,
        artist: `Artist ${c}-${i}`,
        album: `Album ${c}`,
        durationSec: 200,
        ...spec.tags?.(c, i),
      });
      tracks.push({ ...record, cluster: c, vector });
    }
  }
  return tracks;
}

/** Writes tracks to the store in batches. */
export async function writeAll(store: LibraryStore, tracks: readonly TrackRecord[]): Promise<void> {
  for (let i = 0; i < tracks.length; i += 500) await store.writeTracks(tracks.slice(i, i + 500));
}

/** A recommender over a fresh store holding `tracks`, with its own event logs. */
export type RecommenderFixture = Readonly<{
  dir: string;
  store: LibraryStore;
  recommender: Recommender;
  log: (profile?: string) => EventLog;
  close: () => Promise<void>;
}>;

export async function openRecommender(
  dir: string,
  tracks: readonly TrackRecord[],
  taste: TasteSource | null = null,
): Promise<RecommenderFixture> {
  const store = await LibraryStore.open(dir);
  await writeAll(store, tracks);
  const logs = new Map<string, EventLog>();
  const log = (profile = 'default'): EventLog => {
    let found = logs.get(profile);
    if (!found) {
      found = new EventLog({ dataDir: dir, profile });
      logs.set(profile, found);
    }
    return found;
  };
  const recommender = new Recommender({
    store,
    eventLog: log,
    tasteSource: () => taste,
    resolveTrack: async (ref) => {
      const track = (await store.getTrack(ref)) ?? (await store.findByPath(ref));
      if (!track) throw new Error(`unknown track: ${ref}`);
      return track.id;
    },
  });
  const close = async (): Promise<void> => {
    for (const l of logs.values()) await l.close();
    await store.close();
  };
  return { dir, store, recommender, log, close };
}

/** A listening event of `track` at `at`: a play through, or a skip after 5 s. */
export function listen(
  track: Readonly<{ id: string }>,
  at: Date,
  kind: 'play' | 'skip',
  session = 'session-1',
): EventDraft {
  return {
    track: track.id,
    session,
    startedAt: at.toISOString(),
    msPlayed: kind === 'play' ? 200_000 : 5_000,
    durationMs: 200_000,
    end: kind === 'play' ? 'finished' : 'next',
    source: { kind: 'radio' },
  };
}

/**
 * A library with tracks spread along the arc between two random directions (plus as many
 * scattered anywhere), and the two tracks at its ends.
 */
export function slerpTracks(
  n: number,
  seed = 31,
): { tracks: FixtureTrack[]; from: FixtureTrack; to: FixtureTrack } {
  const random = seededRandom(seed);
  const a = unitVector(random);
  const b = unitVector(random);
  const tracks: FixtureTrack[] = [];
  const add = (vector: Float32Array, name: string, cluster: number): FixtureTrack => {
    const record = analysedTrack(`/music/arc/${name}.flac`, vector, {
      title: name,
      artist: name,
      durationSec: 200,
    });
    const t = { ...record, cluster, vector };
    tracks.push(t);
    return t;
  };
  const from = add(a, 'from', 0);
  const to = add(b, 'to', 0);
  for (let i = 0; i < n; i++) add(jitter(slerp(a, b, random()), 0.15, random), `arc ${i}`, 0);
  for (let i = 0; i < n; i++) add(unitVector(random), `elsewhere ${i}`, 1);
  return { tracks, from, to };
}
