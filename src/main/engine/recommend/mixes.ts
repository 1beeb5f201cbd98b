/**
 * Mixes: 4–8 groups of the person's music that belong together. The groups are clusters of what
 * the person plays (of the whole library while there is too little history); a track not played
 * joins the group it lies within (see mixGroups), so each track has one mix at most (the
 * discover map's "colour by mix") and a mix holds only its own tracks, never padding from
 * elsewhere. A mix is named from what it holds (mix-names.ts) and played as its tracks nearest
 * its centre first, blended with the taste, under the rules.
 */
import { bestKMeans, nearestCentroid } from './kmeans';
import type { SnapshotTrack } from './library-snapshot';
import { mixLabel, PAIR_EACH } from './mix-names';
import { assemble } from './playlist-rules';
import { scoreCandidates, type Scored } from './scoring';
import { normaliseArtist } from './song-identity';
import type { Sources } from './sources';
import type { PlaylistLength } from './types';
import { dot } from './vector-math';

export const MIN_MIXES = 4;
export const MAX_MIXES = 8;
/** Played tracks needed before mixes follow the history rather than the whole library. */
export const MIN_PLAYED_FOR_HISTORY = 32;
/** Points the clustering is fitted on; the rest are assigned to the nearest centre. */
const FIT_SAMPLE = 2000;

/** One mix before it is turned into entries. */
export type MixPlaylist = Readonly<{ id: number; name: string; size: number; tracks: Scored[] }>;

/** The library's groups: each mix's name and centre, and the mix of every track that has one. */
export type MixGroups = Readonly<{
  mixes: readonly Readonly<{ id: number; name: string; centre: Float32Array }>[];
  /** Track id → the id of its mix. */
  mixOf: ReadonlyMap<string, number>;
  /** The tracks of each mix, by mix id. */
  members: ReadonlyMap<number, readonly SnapshotTrack[]>;
}>;

/** The tracks mixes are made of, by id: the ones played (and not mostly skipped), else all. */
export function mixSource(sources: Sources): SnapshotTrack[] {
  const { snapshot, scoring } = sources;
  const played: SnapshotTrack[] = [];
  for (const [id, h] of scoring.history.tracks) {
    const track = snapshot.get(id);
    if (track && h.plays + h.partials > 0 && h.weight > 0) played.push(track);
  }
  const source = played.length >= MIN_PLAYED_FOR_HISTORY ? played : [...snapshot.all()];
  // In id order: the snapshot follows LanceDB's scan order, which may differ between reads, and
  // the clustering's sample and seeds depend on the order, so the same library must give the
  // same mixes.
  return source.sort((a, b) => (a.track.id < b.track.id ? -1 : a.track.id > b.track.id ? 1 : 0));
}

/** Clusters the mix source and gives each track in a group's reach that group's mix. */
export function mixGroups(sources: Sources): MixGroups {
  const points = mixSource(sources);
  if (points.length === 0) return { mixes: [], mixOf: new Map(), members: new Map() };
  const step = Math.max(1, points.length / FIT_SAMPLE);
  const fit = Array.from(
    { length: Math.min(points.length, FIT_SAMPLE) },
    (_, i) => points[Math.floor(i * step)] as SnapshotTrack,
  );
  const { centroids } = bestKMeans(
    fit.map((p) => p.vector),
    Math.min(MIN_MIXES, fit.length),
    MAX_MIXES,
  );
  const groups: SnapshotTrack[][] = centroids.map(() => []);
  const inSource = new Set(points.map((p) => p.track.id));
  for (const p of points) groups[nearestCentroid(p.vector, centroids)]?.push(p);
  // The rest of the library joins a group of what was played when it lies within it: at least
  // as close to its centre as nine in ten of its played tracks. Others belong to no mix.
  const reach = groups.map((group, c) => {
    const centre = centroids[c] as Float32Array;
    const sims = group.map((t) => dot(t.vector, centre)).sort((a, b) => a - b);
    return sims[Math.floor(0.1 * (sims.length - 1))] ?? Infinity;
  });
  for (const t of sources.snapshot.all()) {
    if (inSource.has(t.track.id)) continue;
    const c = nearestCentroid(t.vector, centroids);
    const centre = centroids[c];
    if (centre && dot(t.vector, centre) >= (reach[c] ?? Infinity)) groups[c]?.push(t);
  }
  const names = new Map<string, number>();
  const mixes: { id: number; name: string; centre: Float32Array }[] = [];
  const mixOf = new Map<string, number>();
  const members = new Map<number, SnapshotTrack[]>();
  groups.forEach((group, c) => {
    const centre = centroids[c];
    if (group.length === 0 || !centre) return;
    const id = mixes.length;
    let name = mixLabel(group)?.name ?? `Mix ${id + 1}`;
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen > 0) name = `${name} (${seen + 1})`;
    mixes.push({ id, name, centre });
    members.set(id, group);
    for (const t of group) mixOf.set(t.track.id, id);
  });
  return { mixes, mixOf, members };
}

/**
 * The members a mix's playlist is chosen from: those nearest its centre, a few times as many as
 * it plays (a mix of a 100,000-track library holds tens of thousands, and its far members would
 * never be reached).
 */
function nearestMembers(
  group: readonly SnapshotTrack[],
  centre: Float32Array,
  length: PlaylistLength,
): SnapshotTrack[] {
  const wanted = length.count ?? Math.ceil((length.durationSec ?? 0) / 180) + 1;
  const keep = Math.max(100, 4 * wanted);
  if (group.length <= keep) return [...group];
  return group
    .map((t) => ({ t, s: dot(t.vector, centre) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, keep)
    .map((x) => x.t);
}

/** Each mix as a playlist of its own tracks, nearest its centre first, under the rules. */
export function mixes(sources: Sources, groups: MixGroups, length: PlaylistLength): MixPlaylist[] {
  return groups.mixes.map((mix) => {
    const group = groups.members.get(mix.id) ?? [];
    return { ...mix, size: group.length, tracks: mixPlaylist(sources, mix, group, length) };
  });
}

/**
 * One mix's playlist from its tracks `group`; after `before` (an endless mix's queue so far)
 * when given, whose tracks are not placed again.
 */
export function mixPlaylist(
  sources: Sources,
  mix: Readonly<{ name: string; centre: Float32Array }>,
  group: readonly SnapshotTrack[],
  length: PlaylistLength,
  before: readonly SnapshotTrack[] = [],
): Scored[] {
  const heard = new Set(before.map((t) => t.track.id));
  const { feedback } = sources.scoring;
  const allowed = nearestMembers(
    group.filter((t) => !heard.has(t.track.id) && !feedback.excluded(t.track)),
    mix.centre,
    length,
  );
  const ranked = scoreCandidates(sources.scoring, allowed, (t) => ({
    similarity: dot(t.vector, mix.centre),
    sound: [{ kind: 'mix', to: mix.name }],
  }));
  return assemble(ranked, { ...length, before, seedArtists: leadingArtists(group) });
}

/**
 * The artists who make a mix what it is (each at least a fifth of it): free of the artist
 * limits, as a radio's seed artists are, or a mix of one album would stop after three tracks.
 */
function leadingArtists(group: readonly SnapshotTrack[]): string[] {
  const counts = new Map<string, { artist: string; count: number }>();
  for (const { track } of group) {
    const key = normaliseArtist(track.artist);
    if (key === null || track.artist === null) continue;
    const entry = counts.get(key) ?? { artist: track.artist, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .filter((a) => a.count >= PAIR_EACH * group.length)
    .map((a) => a.artist);
}
