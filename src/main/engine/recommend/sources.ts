/** What every playlist builder (radio, path, mixes, re-ranking, continuation) is given. */
import type { LibrarySnapshot, SnapshotTrack } from './library-snapshot';
import type { ScoringContext } from './scoring';

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
  /** The tracks heard in the session going on, in order (played through or not). */
  heard: readonly SnapshotTrack[];
}>;
