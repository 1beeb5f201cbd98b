/**
 * The library's discover map: every analysed track of the current model at a point in the unit
 * square, from the cache when the library sounds the same as when it was last made, else made
 * now (project.ts) and cached. Two requests for the same map share one computation.
 */
import type { MapPoint } from '../../../shared/api-contract-ui';
import type { LibrarySnapshot } from '../recommend/library-snapshot';
import { PROJECTION_ALGORITHM, projectVectors } from './project';
import {
  projectionKey,
  readProjection,
  roundPositions,
  writeProjection,
  type CachedProjection,
} from './projection-cache';

/** One track on the map with the tags the map colours and labels by: the contract's point. */
export type ProjectedTrack = MapPoint;

/** The discover map of the library. */
export type LibraryProjection = Readonly<{
  /** The audio model whose embeddings were projected; null for an empty library. */
  modelVersion: string | null;
  algorithm: string;
  /** Whether it came from the cache rather than being made for this request. */
  cached: boolean;
  tracks: ProjectedTrack[];
}>;

/** Makes and caches the maps of one data folder. */
export class LibraryProjector {
  private inFlight: { key: string; made: Promise<CachedProjection> } | null = null;

  constructor(private readonly dataDir: string) {}

  /** The map of the snapshot's tracks. */
  async project(snapshot: LibrarySnapshot): Promise<LibraryProjection> {
    const { modelVersion } = snapshot;
    const entries = [...snapshot.all()];
    if (modelVersion === null || entries.length === 0) {
      return { modelVersion, algorithm: PROJECTION_ALGORITHM, cached: false, tracks: [] };
    }
    const points = entries.map((e) => ({ id: e.track.id, vector: e.vector }));
    const key = projectionKey(PROJECTION_ALGORITHM, modelVersion, points);
    let cached = true;
    let projection = await readProjection(this.dataDir, key);
    if (projection === null) {
      cached = false;
      projection = await this.make(key, modelVersion, points);
    }
    const at = new Map(projection.ids.map((id, i) => [id, i]));
    const tracks: ProjectedTrack[] = [];
    for (const { track } of entries) {
      const i = at.get(track.id);
      if (i === undefined) continue;
      tracks.push({
        id: track.id,
        x: projection.xy[2 * i] ?? 0,
        y: projection.xy[2 * i + 1] ?? 0,
        title: track.title,
        artist: track.artist,
        album: track.album,
        genre: track.genre,
      });
    }
    return { modelVersion, algorithm: PROJECTION_ALGORITHM, cached, tracks };
  }

  private make(
    key: string,
    modelVersion: string,
    points: readonly Readonly<{ id: string; vector: Float32Array }>[],
  ): Promise<CachedProjection> {
    if (this.inFlight?.key === key) return this.inFlight.made;
    // Sorted by id so that the same library gives the same sample, whatever order it was read in.
    const sorted = [...points].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const made = (async () => {
      const xy = roundPositions(await projectVectors(sorted.map((p) => p.vector)));
      const projection: CachedProjection = {
        key,
        modelVersion,
        algorithm: PROJECTION_ALGORITHM,
        ids: sorted.map((p) => p.id),
        xy,
      };
      await writeProjection(this.dataDir, projection);
      return projection;
    })();
    this.inFlight = { key, made };
    const clear = (): void => {
      if (this.inFlight?.made === made) this.inFlight = null;
    };
    made.then(clear, clear);
    return made;
  }
}
