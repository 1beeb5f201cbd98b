/**
 * The sound a playlist follows: its references (seed tracks, or tracks played through in this
 * session) and their neighbours in the library, searched in LanceDB. A radio's candidates come
 * from here and nowhere else (seed first, taste second): the listener's taste reorders and
 * filters them, and may bring a known favourite from a little further out only when it too sounds
 * like a reference. Each reference also keeps the ranks of its closer neighbours, so a reason may
 * say "close to X" only of a track that is among X's {@link CLOSE_RANK} closest.
 */
import type { LibrarySnapshot, SnapshotTrack } from './library-snapshot';
import type { NeighbourSearch } from './sources';
import { dot, spreadSample } from './vector-math';

/**
 * A track's closer neighbours, the tracks a reason may say sound like it: its {@link CLOSE_RANK}
 * closest in the library that are at least {@link CLOSE_SHARE} as similar to it as its nearest
 * one. On the dev corpus (183 tracks) a track's nearest neighbour lies at a cosine of 0.52 – 0.93
 * and its 30th at about 0.55; the share keeps a small or lone corner of a library from calling
 * "close" what is merely next in line.
 */
export const CLOSE_RANK = 30;
export const CLOSE_SHARE = 0.7;
/** References whose neighbours are searched; more would cost a search each for little. */
export const MAX_REFERENCES = 6;

/** A track a playlist follows, with the ranks of its closer neighbours (1 = the closest). */
export type Reference = Readonly<{
  track: SnapshotTrack;
  ranks: ReadonlyMap<string, number>;
}>;

/** What a search around the references found. */
export type Neighbourhood = Readonly<{
  references: readonly Reference[];
  /** Every track found, in the order found (each reference's hits by rank), references aside. */
  found: readonly SnapshotTrack[];
  /**
   * Whether a found track is among the first `share` of its reference's hits (share 1: all):
   * the core of the neighbourhood, as opposed to its fringe.
   */
  within: (id: string, share: number) => boolean;
}>;

/** Tracks skipped over beyond the budget at most: a long session's queue must not grow searches without end. */
const MAX_SKIPPED = 1000;

/**
 * Searches the neighbours of each reference (spread over at most {@link MAX_REFERENCES} by
 * farthest-point sampling), in parallel: `budget / √references` each, not counting the tracks of
 * `skip` (seeds, tracks already queued), which are passed over.
 */
export async function searchAround(
  snapshot: LibrarySnapshot,
  nearest: NeighbourSearch,
  tracks: readonly SnapshotTrack[],
  budget: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<Neighbourhood> {
  const chosen = spreadSample(
    tracks.map((t) => t.vector),
    MAX_REFERENCES,
  ).flatMap((i) => tracks[i] ?? []);
  const perReference = Math.ceil(budget / Math.sqrt(Math.max(1, chosen.length)));
  const extra = Math.min(MAX_SKIPPED, skip.size);
  const searches = await Promise.all(
    chosen.map((r) => nearest(r.vector, Math.max(perReference + extra, CLOSE_RANK) + 1)),
  );
  const position = new Map<string, number>();
  const references: Reference[] = [];
  const found: SnapshotTrack[] = [];
  const own = new Set(chosen.map((r) => r.track.id));
  chosen.forEach((reference, r) => {
    const ranks = new Map<string, number>();
    let rank = 0;
    let taken = 0;
    let nearestScore = 0;
    for (const hit of searches[r] ?? []) {
      if (hit.id === reference.track.id) continue;
      rank++;
      if (rank === 1) nearestScore = hit.score;
      if (rank <= CLOSE_RANK && hit.score >= CLOSE_SHARE * nearestScore) ranks.set(hit.id, rank);
      if (own.has(hit.id) || skip.has(hit.id) || taken >= perReference) continue;
      taken++;
      const share = taken / perReference;
      const before = position.get(hit.id);
      if (before === undefined) {
        const track = snapshot.get(hit.id);
        if (!track) continue;
        found.push(track);
        position.set(hit.id, share);
      } else if (share < before) position.set(hit.id, share);
    }
    references.push({ track: reference, ranks });
  });
  return {
    references,
    found,
    within: (id, share) => (position.get(id) ?? Infinity) <= share,
  };
}

/** The reference a track sounds most like, and how much. */
export type Nearest = Readonly<{ reference: Reference | null; similarity: number }>;

/** The reference `track` is closest to (cosine), or none when there are none. */
export function nearestOf(track: SnapshotTrack, references: readonly Reference[]): Nearest {
  let best: Nearest = { reference: null, similarity: 0 };
  let similarity = -Infinity;
  for (const reference of references) {
    const s = dot(track.vector, reference.track.vector);
    if (s > similarity) {
      similarity = s;
      best = { reference, similarity: s };
    }
  }
  return best;
}
