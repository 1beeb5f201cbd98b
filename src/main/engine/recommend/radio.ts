/**
 * Radio: candidates are the LanceDB neighbours of the seeds plus NeuMF's best tracks for the
 * session; each is scored by the blend (scoring.ts) and the playlist is assembled under the
 * rules (playlist-rules.ts).
 */
import { assemble } from './playlist-rules';
import type { LibrarySnapshot, SnapshotTrack } from './library-snapshot';
import { scoreCandidates, type Scored, type ScoringContext } from './scoring';
import type { PlaylistLength } from './types';
import { dot, spreadSample } from './vector-math';

/** Nearest vectors to a query, best first, by cosine (LanceDB and its index). */
export type NeighbourSearch = (
  vector: Float32Array,
  n: number,
) => Promise<readonly Readonly<{ id: string; score: number }>[]>;

/** What every playlist builder needs. */
export type Sources = Readonly<{
  snapshot: LibrarySnapshot;
  nearest: NeighbourSearch;
  scoring: ScoringContext;
}>;

/** What a radio is built around. */
export type RadioPlan = Readonly<{
  /** Tracks whose sound the radio follows (the seed tracks, an album's, an artist's). */
  references: readonly SnapshotTrack[];
  /** Tracks not to echo back. */
  seeds: readonly SnapshotTrack[];
  /** Artists the radio was seeded with: free of the artist limits. */
  seedArtists: readonly string[];
}>;

/** Seeds whose neighbours are searched; more would cost a search each for little. */
export const MAX_REFERENCES = 6;

/** The radio's tracks under the rules, best first. */
export async function radio(
  sources: Sources,
  plan: RadioPlan,
  length: PlaylistLength,
): Promise<Scored[]> {
  const { snapshot, nearest, scoring } = sources;
  const references = spreadSample(
    plan.references.map((r) => r.vector),
    MAX_REFERENCES,
  ).flatMap((i) => plan.references[i] ?? []);
  const wanted = length.count ?? Math.ceil((length.durationSec ?? 0) / 180) + 1;
  // Enough candidates that the rules and penalties leave a full playlist; an adventurous radio
  // looks further out.
  const pool = Math.min(1000, Math.max(100, Math.ceil(4 * wanted * (1 + scoring.adventurous))));
  const perReference = Math.ceil(pool / Math.sqrt(Math.max(1, references.length)));
  const seedIds = new Set(plan.seeds.map((s) => s.track.id));
  const ids = new Set<string>();
  const searches = await Promise.all(references.map((r) => nearest(r.vector, perReference)));
  for (const hits of searches) for (const hit of hits) ids.add(hit.id);
  if (scoring.taste && scoring.mode !== 'audio') {
    for (const hit of scoring.taste.top(2 * wanted, seedIds)) ids.add(hit.id);
  }
  const candidates: SnapshotTrack[] = [];
  for (const id of ids) {
    const track = snapshot.get(id);
    if (track && !seedIds.has(id)) candidates.push(track);
  }
  const ranked = scoreCandidates(scoring, candidates, (c) => nearestReference(c, references));
  return assemble(ranked, { ...length, seeds: plan.seeds, seedArtists: plan.seedArtists });
}

/** The reference a candidate sounds most like. */
export function nearestReference(
  candidate: SnapshotTrack,
  references: readonly SnapshotTrack[],
): { similarity: number; soundsLike: string | null } {
  let similarity = -Infinity;
  let soundsLike: string | null = null;
  for (const ref of references) {
    const s = dot(candidate.vector, ref.vector);
    if (s > similarity) [similarity, soundsLike] = [s, ref.track.title];
  }
  return { similarity: Number.isFinite(similarity) ? similarity : 0, soundsLike };
}
