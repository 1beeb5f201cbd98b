/**
 * The analysed library in memory for the recommender: every track's tags and vector of the
 * library's current model, by id and by path. Radio, paths, mixes and re-ranking read vectors
 * and tags for hundreds of candidates per request; one in-memory lookup each keeps a 100,000-track
 * library within the latency targets (a LanceDB `id IN (…)` lookup scans the whole table). The
 * nearest-neighbour searches themselves still go to LanceDB and its index.
 */
import type { LibraryStore } from '../store/library-store';
import type { StoredTrack } from '../store/types';

/** An analysed track with its vector. */
export type SnapshotTrack = Readonly<{ track: StoredTrack; vector: Float32Array }>;

export class LibrarySnapshot {
  private readonly byPath: ReadonlyMap<string, SnapshotTrack>;

  private constructor(
    /** The model whose vectors these are (the one most of the library has). */
    readonly modelVersion: string | null,
    private readonly byId: ReadonlyMap<string, SnapshotTrack>,
  ) {
    this.byPath = new Map([...byId.values()].map((t) => [t.track.path, t]));
  }

  /**
   * Reads the store. Vectors of other model versions (a re-embedding cut short) are left out:
   * vectors of two models are never compared.
   */
  static async load(store: LibraryStore): Promise<LibrarySnapshot> {
    const versions = await store.modelVersions();
    let model: string | null = null;
    let most = 0;
    for (const [version, count] of versions) {
      if (count > most) [model, most] = [version, count];
    }
    if (model === null) return new LibrarySnapshot(null, new Map());
    const [tracks, vectors] = await Promise.all([store.analysedTracks(), store.vectorsOf(model)]);
    const byId = new Map<string, SnapshotTrack>();
    for (const track of tracks) {
      const vector = vectors.get(track.id);
      if (vector && track.modelVersion === model) byId.set(track.id, { track, vector });
    }
    return new LibrarySnapshot(model, byId);
  }

  /** A snapshot of given tracks, for callers that already hold them. */
  static of(modelVersion: string, tracks: readonly SnapshotTrack[]): LibrarySnapshot {
    return new LibrarySnapshot(modelVersion, new Map(tracks.map((t) => [t.track.id, t])));
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): SnapshotTrack | undefined {
    return this.byId.get(id);
  }

  /** The track at an absolute path. */
  atPath(path: string): SnapshotTrack | undefined {
    return this.byPath.get(path);
  }

  all(): IterableIterator<SnapshotTrack> {
    return this.byId.values();
  }
}
