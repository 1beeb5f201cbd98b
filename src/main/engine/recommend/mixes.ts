/**
 * Mixes: 4–8 clusters of what the person plays (of the whole library while there is too little
 * history), each a playlist of the tracks nearest its centre, named after the artists or genre
 * that dominate it.
 */
import { bestKMeans, nearestCentroid } from './kmeans';
import type { SnapshotTrack } from './library-snapshot';
import { assemble } from './playlist-rules';
import type { Sources } from './radio';
import { scoreCandidates, type Scored } from './scoring';
import { normaliseArtist } from './song-identity';
import type { PlaylistLength } from './types';
import { dot } from './vector-math';

export const MIN_MIXES = 4;
export const MAX_MIXES = 8;
/** Played tracks needed before mixes follow the history rather than the whole library. */
export const MIN_PLAYED_FOR_HISTORY = 32;
/** Points the clustering is fitted on; the rest are assigned to the nearest centre. */
const FIT_SAMPLE = 2000;

/** One mix before it is turned into entries. */
export type MixPlaylist = Readonly<{ name: string; size: number; tracks: Scored[] }>;

/** Genre tags that say nothing. */
const EMPTY_GENRES = new Set(['', '(none)', 'none', 'other', 'unknown', 'misc']);

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

export async function mixes(sources: Sources, length: PlaylistLength): Promise<MixPlaylist[]> {
  const points = mixSource(sources);
  if (points.length === 0) return [];
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
  const members: SnapshotTrack[][] = centroids.map(() => []);
  for (const p of points) members[nearestCentroid(p.vector, centroids)]?.push(p);
  const wanted = length.count ?? Math.ceil((length.durationSec ?? 0) / 180) + 1;
  const names = new Map<string, number>();
  const result: MixPlaylist[] = [];
  for (const [c, centre] of centroids.entries()) {
    const group = members[c] ?? [];
    if (group.length === 0) continue;
    let name = mixName(group) ?? `Mix ${result.length + 1}`;
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen > 0) name = `${name} (${seen + 1})`;
    const hubs = [...group]
      .sort((a, b) => dot(b.vector, centre) - dot(a.vector, centre))
      .slice(0, 3);
    const ids = new Set(group.map((g) => g.track.id));
    for (const hit of await sources.nearest(centre, 3 * wanted)) ids.add(hit.id);
    const candidates = [...ids].flatMap((id) => sources.snapshot.get(id) ?? []);
    const ranked = scoreCandidates(sources.scoring, candidates, (t) => ({
      similarity: dot(t.vector, centre),
      soundsLike: hubs.find((h) => h.track.id !== t.track.id)?.track.title ?? null,
      lead: `in the ${name} mix`,
    }));
    result.push({ name, size: group.length, tracks: assemble(ranked, length) });
  }
  return result;
}

/**
 * "Soundtrack · Wansti & Maxstack": the dominant genre (half the tagged tracks and a third of
 * all) and the one or two artists with the most tracks (at least two each); null when the tags
 * say nothing.
 */
export function mixName(group: readonly SnapshotTrack[]): string | null {
  const genres = tally(
    group.map((t) => t.track.genre?.trim() ?? null),
    (g) => (EMPTY_GENRES.has(g.toLowerCase()) ? null : g.toLowerCase()),
  );
  const tagged = [...genres.values()].reduce((sum, g) => sum + g.count, 0);
  const [topGenre] = [...genres.values()].sort((a, b) => b.count - a.count);
  const genre =
    topGenre && topGenre.count * 2 >= tagged && topGenre.count * 3 >= group.length
      ? topGenre.label
      : null;
  const artists = [
    ...tally(
      group.map((t) => t.track.artist),
      normaliseArtist,
    ).values(),
  ]
    .filter((a) => a.count >= 2)
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .slice(0, 2)
    .map((a) => a.label);
  const parts = [genre, artists.length > 0 ? artists.join(' & ') : null].filter(
    (p): p is string => p !== null,
  );
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Counts of values by a normalised key, each shown as its first spelling. */
function tally(
  values: readonly (string | null)[],
  key: (value: string) => string | null,
): Map<string, { label: string; count: number }> {
  const counts = new Map<string, { label: string; count: number }>();
  for (const value of values) {
    const k = value === null ? null : key(value);
    if (k === null || value === null) continue;
    const entry = counts.get(k) ?? { label: value, count: 0 };
    entry.count++;
    counts.set(k, entry);
  }
  return counts;
}
