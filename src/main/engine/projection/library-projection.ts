/**
 * The library's discover map: every analysed track of the current model at a point in the unit
 * square. The cached map is used as it is when the library sounds the same; when a few tracks
 * came, changed or went since, the others keep their places and the new ones are placed among
 * their most similar tracks (place.ts), so the map a person has learnt does not reshuffle after
 * each scan; after a new model, or once a quarter of the map was placed that way, it is laid
 * out again (project.ts). Two requests for the same map share one computation.
 */
import type { MapPoint } from '../../../shared/api-contract-ui';
import type { LibrarySnapshot } from '../recommend/library-snapshot';
import { packRows } from './neighbour-graph';
import { placeAmong } from './place';
import { PROJECTION_ALGORITHM, projectVectors } from './project';
import {
  fingerprintOf,
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
  /** Whether it came from the cache as it was, rather than being made or extended for this request. */
  cached: boolean;
  tracks: ProjectedTrack[];
}>;

/** Share of the layout's tracks that may be placed among the others before it is made again. */
export const REFIT_SHARE = 0.25;

type Point = Readonly<{ id: string; vector: Float32Array; fingerprint: number }>;

/** How the cached map stands against the library now. */
type Difference = Readonly<{ kept: number[]; added: Point[] }>;

/** The cached tracks still there unchanged (their indices in the cache), and the rest. */
function compare(cache: CachedProjection, points: readonly Point[]): Difference {
  const at = new Map(cache.ids.map((id, i) => [id, i]));
  const kept: number[] = [];
  const added: Point[] = [];
  for (const point of points) {
    const i = at.get(point.id);
    if (i !== undefined && cache.fingerprints[i] === point.fingerprint) kept.push(i);
    else added.push(point);
  }
  return { kept, added };
}

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
    // Sorted by id so that the same library gives the same map, whatever order it was read in.
    const points: Point[] = entries
      .map((e) => ({ id: e.track.id, vector: e.vector, fingerprint: fingerprintOf(e.vector) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const key = `${modelVersion}:${points.length}:${fingerprintOf(
      Uint32Array.from(points, (p) => p.fingerprint),
    )}`;
    const cache = await readProjection(this.dataDir);
    let projection: CachedProjection;
    let cached = false;
    if (cache?.modelVersion === modelVersion && cache.algorithm === PROJECTION_ALGORITHM) {
      const difference = compare(cache, points);
      if (difference.added.length === 0 && difference.kept.length === cache.ids.length) {
        [projection, cached] = [cache, true];
      } else {
        projection = await this.once(key, () =>
          this.extend(cache, difference, modelVersion, points),
        );
      }
    } else {
      projection = await this.once(key, () => this.layOut(modelVersion, points));
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

  /** One computation per map at a time: a second request for it waits for the first. */
  private once(key: string, make: () => Promise<CachedProjection>): Promise<CachedProjection> {
    if (this.inFlight?.key === key) return this.inFlight.made;
    const made = make().then(async (projection) => {
      await writeProjection(this.dataDir, projection);
      return projection;
    });
    this.inFlight = { key, made };
    const clear = (): void => {
      if (this.inFlight?.made === made) this.inFlight = null;
    };
    made.then(clear, clear);
    return made;
  }

  private async layOut(modelVersion: string, points: readonly Point[]): Promise<CachedProjection> {
    const xy = roundPositions(await projectVectors(points.map((p) => p.vector)));
    return {
      modelVersion,
      algorithm: PROJECTION_ALGORITHM,
      laidOut: points.length,
      placedSince: 0,
      ids: points.map((p) => p.id),
      fingerprints: Uint32Array.from(points, (p) => p.fingerprint),
      xy,
    };
  }

  /** The cached map without the tracks gone, with the new ones placed among the rest. */
  private async extend(
    cache: CachedProjection,
    { kept, added }: Difference,
    modelVersion: string,
    points: readonly Point[],
  ): Promise<CachedProjection> {
    const placedSince = cache.placedSince + added.length;
    if (kept.length < 3 || placedSince > REFIT_SHARE * cache.laidOut) {
      return this.layOut(modelVersion, points);
    }
    const vectors = new Map(points.map((p) => [p.id, p.vector]));
    const anchors = {
      rows: packRows(kept.map((i) => vectors.get(cache.ids[i] ?? '') as Float32Array)),
      xy: Float32Array.from(kept.flatMap((i) => [cache.xy[2 * i] ?? 0, cache.xy[2 * i + 1] ?? 0])),
    };
    const placed = roundPositions(await placeAmong(anchors, packRows(added.map((p) => p.vector))));
    return {
      modelVersion,
      algorithm: PROJECTION_ALGORITHM,
      laidOut: cache.laidOut,
      placedSince,
      ids: [...kept.map((i) => cache.ids[i] ?? ''), ...added.map((p) => p.id)],
      fingerprints: Uint32Array.from([
        ...kept.map((i) => cache.fingerprints[i] ?? 0),
        ...added.map((p) => p.fingerprint),
      ]),
      xy: Float32Array.from([...anchors.xy, ...placed]),
    };
  }
}
