import { connect, type Connection, type Table } from '@lancedb/lancedb';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFoldersCopy } from './folders-copy';
import { openMetaTable, readMeta, writeMeta } from './meta';
import { migrate } from './migrations';
import {
  analysedTracksOf,
  failuresOf,
  knownFilesOf,
  modelVersionsOf,
  orphanVectorIds,
  thumbnailOf,
  tracksByIds,
  trackWhere,
  vectorOf,
  vectorsOf,
} from './queries';
import { embeddingsTable, readerOf, tracksTable, type EmbeddingRow } from './rows';
import { EMBED_DIM, TABLES } from './schema';
import { sqlList, sqlNumber, sqlString } from './sql';
import { StoreError } from './store-error';
import { storageFault } from './storage-fault';
import { checkStore, StoreDamagedError } from './store-check';
import { trackIdFor } from './track-id';
import { TrackListing, type ListingQuery } from './track-listing';
import type { PlaybackInfo } from '../../../shared/api-contract-media';
import type { TrackPage, TrackRow } from '../../../shared/api-types';
import { stringColumn } from './columns';
import type {
  KnownFile,
  MelThumbnail,
  SimilarTrack,
  StoreCounts,
  StoredTrack,
  TrackRecord,
} from './types';
import {
  DEFAULT_ANN_THRESHOLD,
  ensureAnnIndex,
  searchModeOf,
  tuneQuery,
  type SearchMode,
} from './vector-index';

export { StoreError } from './store-error';
export { StoreDamagedError } from './store-check';
export { EMBED_DIM } from './schema';
export type { SearchMode } from './vector-index';

/** Options for {@link LibraryStore.open}. */
export type LibraryStoreOptions = Readonly<{
  /** Vectors needed before an ANN index is built; below it searches are exact. */
  annThreshold?: number;
  /**
   * Whether to look for damage before opening (store-check.ts; default true). Only repair
   * opens a store without it, and only a new one.
   */
  check?: boolean;
}>;

const FOLDERS_KEY = 'folders';

/** Paths asked of the store in one query by {@link LibraryStore.findByPaths}. */
const PATH_BATCH = 1_000;

/** The database folder inside the data folder. */
const DATABASE_DIR = 'library';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The library on disk: one row per file in `tracks`, one vector per analysed track in
 * `embeddings`, settings in `meta`, all LanceDB tables under `<dataDir>/library`.
 * Meant for one caller at a time (the engine's scan pipeline or the CLI).
 */
export class LibraryStore {
  private closed = false;
  private listing: TrackListing | null = null;
  /** Vectors per model at an embeddings-table version: searches and the snapshot both ask. */
  private modelCountsAt: { version: number; counts: ReadonlyMap<string, number> } | null = null;

  private constructor(
    /** The data folder the store lives in (absolute). */
    readonly dataDir: string,
    private readonly db: Connection,
    private readonly tracks: Table,
    private readonly embeddings: Table,
    private readonly meta: Table,
    private readonly annThreshold: number,
    private mode: SearchMode,
  ) {}

  /**
   * Opens the store in `dataDir`, creating the folder and tables as needed and running pending
   * migrations. Throws StoreError when the folder cannot be created or written, or when the
   * store was written by a newer version, and StoreDamagedError when a table is damaged.
   */
  static async open(dataDir: string, opts: LibraryStoreOptions = {}): Promise<LibraryStore> {
    const dir = resolve(dataDir);
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (error) {
      throw (
        storageFault(error, dir) ??
        new StoreError(`data folder is not writable: ${dir} (${messageOf(error)})`)
      );
    }
    const db = await connect(join(dir, DATABASE_DIR));
    try {
      if (opts.check !== false) {
        const damage = await checkStore(db, join(dir, DATABASE_DIR));
        if (damage.length > 0) throw new StoreDamagedError(join(dir, DATABASE_DIR), damage);
      }
      await migrate(db);
      const tracks = await db.openTable(TABLES.tracks);
      const embeddings = await db.openTable(TABLES.embeddings);
      const meta = await openMetaTable(db);
      const threshold = opts.annThreshold ?? DEFAULT_ANN_THRESHOLD;
      const mode = await searchModeOf(embeddings);
      return new LibraryStore(dir, db, tracks, embeddings, meta, threshold, mode);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Every file in the store by absolute path, reading only identity columns. A track whose
   * vector is missing or from another model than its row names gets `modelVersion: null`, so
   * the scan analyses it again (see writeTracks for how that state can arise).
   */
  async knownFiles(): Promise<Map<string, KnownFile>> {
    return knownFilesOf(this.tracks, this.embeddings);
  }

  /**
   * Upserts a batch of tracks by id: one commit to `embeddings`, then one to `tracks`.
   *
   * The order is what makes a kill between the two commits harmless. Vectors are written
   * first, so a track row never names a model whose vector is not there yet: if the process
   * dies in between, the track row is either absent (the file looks new) or still the old one
   * (old size/mtime or old model version, or marked analysed while its vector was just removed),
   * and knownFiles reports every such case as needing analysis. A vector left without a track
   * row is skipped by searches and deleted by compact().
   */
  async writeTracks(records: readonly TrackRecord[]): Promise<void> {
    // mergeInsert duplicates rows when the source repeats a key; the last record wins instead.
    const latest = [...new Map(records.map((r) => [r.id, r])).values()];
    if (latest.length === 0) return;
    const vectors: EmbeddingRow[] = [];
    const withoutVector: string[] = [];
    for (const r of latest) {
      if (!r.vector) {
        withoutVector.push(r.id);
      } else if (r.modelVersion === null) {
        throw new StoreError(`track ${r.id} has a vector but no model version`);
      } else {
        vectors.push({ id: r.id, modelVersion: r.modelVersion, vector: r.vector });
      }
    }
    const vectorRows = embeddingsTable(vectors);
    const trackRows = tracksTable(latest);

    let upsert = this.embeddings.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll();
    if (withoutVector.length > 0) {
      // Removing stale vectors rides in the same merge so the batch stays one commit.
      upsert = upsert.whenNotMatchedBySourceDelete({ where: `id IN ${sqlList(withoutVector)}` });
    }
    await upsert.execute(vectorRows);
    await this.tracks
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(trackRows);
  }

  /**
   * Replaces the vectors of tracks already in the store (a new model's, say) and points their
   * rows at the new model: vectors first, as in writeTracks, so a kill in between leaves rows
   * whose vector is from another model, which knownFiles reports as needing analysis.
   */
  async replaceVectors(rows: readonly EmbeddingRow[]): Promise<void> {
    const latest = [...new Map(rows.map((r) => [r.id, r])).values()];
    if (latest.length === 0) return;
    await this.embeddings
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(embeddingsTable(latest));
    const byModel = new Map<string, string[]>();
    for (const r of latest)
      byModel.set(r.modelVersion, [...(byModel.get(r.modelVersion) ?? []), r.id]);
    for (const [model, ids] of byModel) {
      await this.tracks.update({
        where: `id IN ${sqlList(ids)}`,
        values: { model_version: model },
      });
    }
  }

  /** Deletes tracks and their vectors; tracks first, so a kill leaves only orphan vectors. */
  async removeTracks(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const filter = `id IN ${sqlList(ids)}`;
    await this.tracks.delete(filter);
    await this.embeddings.delete(filter);
  }

  /** One track by id, without vector and thumbnail. */
  async getTrack(id: string): Promise<StoredTrack | null> {
    return trackWhere(this.tracks, `id = ${sqlString(id)}`);
  }

  /** One track by absolute path. */
  async findByPath(path: string): Promise<StoredTrack | null> {
    return trackWhere(this.tracks, `path = ${sqlString(path)}`);
  }

  /**
   * Tracks by absolute path, asked in batches (an M3U8 import may name tens of thousands of
   * files; one query each took minutes). Paths without a track are absent from the map.
   */
  async findByPaths(paths: readonly string[]): Promise<Map<string, StoredTrack>> {
    const byPath = new Map<string, StoredTrack>();
    const distinct = [...new Set(paths)];
    for (let at = 0; at < distinct.length; at += PATH_BATCH) {
      const batch = distinct.slice(at, at + PATH_BATCH).map(trackIdFor);
      for (const track of (await tracksByIds(this.tracks, batch)).values()) {
        byPath.set(track.path, track);
      }
    }
    return byPath;
  }

  /** A page of the library list, sorted and searched (answered from memory; track-listing.ts). */
  async listTracks(query: ListingQuery): Promise<TrackPage> {
    this.listing ??= new TrackListing(this.tracks);
    return this.listing.page(query);
  }

  /** Artwork, loudness and duration of tracks, in the order asked; unknown ids are left out. */
  async playback(ids: readonly string[]): Promise<PlaybackInfo[]> {
    const rows = await this.rows(ids);
    return ids.flatMap((id) => {
      const row = rows.get(id);
      if (row === undefined) return [];
      const { durationSec, artwork, loudness } = row;
      return [{ id, durationSec, artwork, loudness }];
    });
  }

  /** The artwork key of every track that has artwork (the thumbnails to keep). */
  async artworkKeys(): Promise<Set<string>> {
    const rows = await this.tracks
      .query()
      .where('artwork IS NOT NULL')
      .select(['artwork'])
      .toArrow();
    return new Set(stringColumn(rows, 'artwork').filter((key): key is string => key !== null));
  }

  /** The library rows of the tracks with these ids, by id; unknown ids are left out. */
  async rows(ids: readonly string[]): Promise<Map<string, TrackRow>> {
    this.listing ??= new TrackListing(this.tracks);
    return this.listing.rows(ids);
  }

  /** Tracks in the store, by analysis status. */
  async counts(): Promise<StoreCounts> {
    const [total, analysed, failed] = await Promise.all([
      this.tracks.countRows(),
      this.tracks.countRows(`status = ${sqlString('analysed')}`),
      this.tracks.countRows(`status = ${sqlString('failed')}`),
    ]);
    return { total, analysed, failed };
  }

  /** Analysed tracks, all of them or those analysed after `since` (ms since the epoch). */
  async analysedCount(since?: number): Promise<number> {
    let filter = `status = ${sqlString('analysed')}`;
    if (since !== undefined) filter += ` AND analysed_at > ${sqlNumber(since)}`;
    return this.tracks.countRows(filter);
  }

  /** Files whose analysis failed, with the reason. */
  async failures(): Promise<{ path: string; reason: string }[]> {
    return failuresOf(this.tracks);
  }

  /** The mel thumbnail of a track, or null. */
  async thumbnail(id: string): Promise<MelThumbnail | null> {
    return thumbnailOf(this.tracks, id);
  }

  /** The stored vector of a track and the model that made it, or null. */
  async vector(id: string): Promise<{ vector: Float32Array; modelVersion: string } | null> {
    return vectorOf(this.embeddings, id);
  }

  /** Every analysed track, without vector and thumbnail. */
  async analysedTracks(): Promise<StoredTrack[]> {
    return analysedTracksOf(this.tracks);
  }

  /** Every vector one model made, by track id. */
  async vectorsOf(modelVersion: string): Promise<Map<string, Float32Array>> {
    return vectorsOf(this.embeddings, modelVersion);
  }

  /** The `n` tracks nearest to a track, among vectors of its model version; the seed excluded. */
  async similar(id: string, n: number): Promise<SimilarTrack[]> {
    const seed = await this.vector(id);
    if (!seed) throw new StoreError(`track has no embedding: ${id}`);
    return this.nearest(seed.vector, seed.modelVersion, n, [id]);
  }

  /**
   * The `n` tracks nearest to `vector` by cosine among vectors of `modelVersion`, best first,
   * with score = cosine similarity.
   */
  async nearest(
    vector: Float32Array,
    modelVersion: string,
    n: number,
    excludeIds: readonly string[] = [],
  ): Promise<SimilarTrack[]> {
    const hits = await this.nearestIds(vector, modelVersion, n, excludeIds);
    const tracks = await tracksByIds(
      this.tracks,
      hits.map((hit) => hit.id),
    );
    const result: SimilarTrack[] = [];
    for (const { id, score } of hits) {
      const track = tracks.get(id);
      if (track) result.push({ track, score });
    }
    return result;
  }

  /**
   * Like {@link nearest} but ids only: no track rows are read, so a caller that holds the tags
   * already (the recommender's snapshot) skips that lookup. May name an orphan vector's id.
   */
  async nearestIds(
    vector: Float32Array,
    modelVersion: string,
    n: number,
    excludeIds: readonly string[] = [],
  ): Promise<{ id: string; score: number }[]> {
    if (vector.length !== EMBED_DIM) {
      throw new StoreError(`query vector has ${vector.length} dimensions, expected ${EMBED_DIM}`);
    }
    if (n <= 0) return [];
    const filter = `model_version = ${sqlString(modelVersion)}`;
    const excluded = excludeIds.length > 0 ? ` AND id NOT IN ${sqlList(excludeIds)}` : '';
    // The version filter is a scan of the whole column before the index is searched (4 of 11 ms
    // at 100,000 vectors); when every vector is of the model asked for it filters nothing, so
    // it is left out, as long as no write came between that check and the search's end.
    if (excludeIds.length === 0) {
      const version = await this.embeddings.version();
      if ((await this.soleModel()) === modelVersion) {
        const hits = await this.searchIds(vector, n, null);
        if ((await this.embeddings.version()) === version) return hits;
      }
    }
    return this.searchIds(vector, n, filter + excluded);
  }

  private async searchIds(
    vector: Float32Array,
    n: number,
    where: string | null,
  ): Promise<{ id: string; score: number }[]> {
    let search = this.embeddings.vectorSearch(vector).distanceType('cosine');
    if (where !== null) search = search.where(where);
    const hits = await tuneQuery(
      search.select(['id', '_distance']).limit(n),
      this.mode,
      n,
    ).toArrow();
    const read = readerOf(hits);
    return Array.from({ length: hits.numRows }, (_, i) => ({
      id: String(read('id', i)),
      score: 1 - Number(read('_distance', i)),
    }));
  }

  /**
   * A token that changes whenever this store writes tracks or vectors (or compacts): a key for
   * caches built from the tables.
   */
  async revision(): Promise<string> {
    const [tracks, embeddings] = await Promise.all([
      this.tracks.version(),
      this.embeddings.version(),
    ]);
    return `${tracks}.${embeddings}`;
  }

  /**
   * Builds or extends the ANN index when the embeddings table is large enough (see
   * vector-index.ts); call after a scan. Returns how searches are answered from now on.
   */
  async ensureVectorIndex(): Promise<SearchMode> {
    this.mode = await ensureAnnIndex(this.embeddings, this.annThreshold);
    return this.mode;
  }

  /**
   * Deletes orphan vectors, merges the small fragments that per-batch commits leave and prunes
   * old table versions; call after a scan. Pruning everything older than now is safe because
   * this process is the only writer.
   */
  async compact(): Promise<void> {
    const orphans = await orphanVectorIds(this.tracks, this.embeddings);
    if (orphans.length > 0) await this.embeddings.delete(`id IN ${sqlList(orphans)}`);
    const options = { cleanupOlderThan: new Date() };
    for (const table of [this.tracks, this.embeddings, this.meta]) await table.optimize(options);
  }

  /** The library's music folders. */
  async getFolders(): Promise<string[]> {
    const raw = await readMeta(this.meta, FOLDERS_KEY);
    if (raw === null) return [];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : [];
  }

  /** Replaces the library's music folders (and their copy for a repair: folders-copy.ts). */
  async setFolders(folders: readonly string[]): Promise<void> {
    await writeMeta(this.meta, [[FOLDERS_KEY, JSON.stringify(folders)]]);
    await writeFoldersCopy(this.dataDir, folders);
  }

  /** The model of every vector, or null when there are several or none. */
  private async soleModel(): Promise<string | null> {
    const models = [...(await this.modelVersions()).keys()];
    return models.length === 1 ? (models[0] ?? null) : null;
  }

  /**
   * How many vectors each model version has, so a model change can trigger re-embedding. Read
   * once per version of the embeddings table (a scan of its model column).
   */
  async modelVersions(): Promise<Map<string, number>> {
    const version = await this.embeddings.version();
    if (this.modelCountsAt?.version !== version) {
      this.modelCountsAt = { version, counts: await modelVersionsOf(this.embeddings) };
    }
    return new Map(this.modelCountsAt.counts);
  }

  /** Releases the tables; the store cannot be used afterwards. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const table of [this.tracks, this.embeddings, this.meta]) table.close();
    this.db.close();
  }
}
