import type { Table } from '@lancedb/lancedb';
import { nullableNumberColumn, numberColumn, stringColumn } from './columns';
import { readerOf, storedTrackAt, thumbnailAt, vectorAt } from './rows';
import { TRACK_COLUMNS } from './schema';
import { sqlList, sqlString } from './sql';
import type { KnownFile, MelThumbnail, StoredTrack } from './types';

/** Read-only queries over the store's tables; LibraryStore decides when to run them. */

/**
 * Every file in the store by path, from identity columns only. A track whose vector is missing,
 * or made by a model other than the one its row names, gets `modelVersion: null` so the scan
 * analyses it again.
 */
export async function knownFilesOf(
  tracks: Table,
  embeddings: Table,
): Promise<Map<string, KnownFile>> {
  const [rows, vectors] = await Promise.all([
    tracks
      .query()
      .select(['id', 'path', 'size', 'mtime_ms', 'status', 'model_version', 'analysis_version'])
      .toArrow(),
    embeddings.query().select(['id', 'model_version']).toArrow(),
  ]);
  const vectorIds = stringColumn(vectors, 'id');
  const vectorModels = stringColumn(vectors, 'model_version');
  const vectorModel = new Map<string | null, string | null>();
  vectorIds.forEach((id, i) => vectorModel.set(id, vectorModels[i] ?? null));

  const ids = stringColumn(rows, 'id');
  const paths = stringColumn(rows, 'path');
  const sizes = numberColumn(rows, 'size');
  const mtimes = numberColumn(rows, 'mtime_ms');
  const statuses = stringColumn(rows, 'status');
  const models = stringColumn(rows, 'model_version');
  const analysisVersions = nullableNumberColumn(rows, 'analysis_version');
  const known = new Map<string, KnownFile>();
  ids.forEach((id, i) => {
    const model = models[i] ?? null;
    known.set(paths[i] ?? '', {
      id: id ?? '',
      size: sizes[i] ?? 0,
      mtimeMs: mtimes[i] ?? 0,
      status: statuses[i] === 'failed' ? 'failed' : 'analysed',
      modelVersion: model !== null && vectorModel.get(id) === model ? model : null,
      // Rows from before the column existed were made by analysis version 1.
      analysisVersion: analysisVersions[i] ?? 1,
    });
  });
  return known;
}

/** The first track matching an SQL filter. */
export async function trackWhere(tracks: Table, filter: string): Promise<StoredTrack | null> {
  const rows = await tracks
    .query()
    .where(filter)
    .select([...TRACK_COLUMNS])
    .limit(1)
    .toArrow();
  return rows.numRows > 0 ? storedTrackAt(readerOf(rows), 0) : null;
}

/** Tracks by id; ids without a track are absent from the map. */
export async function tracksByIds(
  tracks: Table,
  ids: readonly string[],
): Promise<Map<string, StoredTrack>> {
  const byId = new Map<string, StoredTrack>();
  if (ids.length === 0) return byId;
  const rows = await tracks
    .query()
    .where(`id IN ${sqlList(ids)}`)
    .select([...TRACK_COLUMNS])
    .toArrow();
  const read = readerOf(rows);
  for (let i = 0; i < rows.numRows; i++) {
    const track = storedTrackAt(read, i);
    byId.set(track.id, track);
  }
  return byId;
}

/** Failed files with their reasons. */
export async function failuresOf(tracks: Table): Promise<{ path: string; reason: string }[]> {
  const rows = await tracks
    .query()
    .where(`status = ${sqlString('failed')}`)
    .select(['path', 'error'])
    .toArrow();
  const read = readerOf(rows);
  return Array.from({ length: rows.numRows }, (_, i) => ({
    path: String(read('path', i)),
    reason: String(read('error', i) ?? 'unknown error'),
  }));
}

/** A track's mel thumbnail. */
export async function thumbnailOf(tracks: Table, id: string): Promise<MelThumbnail | null> {
  const rows = await tracks
    .query()
    .where(`id = ${sqlString(id)}`)
    .select(['thumbnail', 'thumb_bands', 'thumb_frames'])
    .limit(1)
    .toArrow();
  return rows.numRows > 0 ? thumbnailAt(readerOf(rows), 0) : null;
}

/** A track's vector and the model that made it. */
export async function vectorOf(
  embeddings: Table,
  id: string,
): Promise<{ vector: Float32Array; modelVersion: string } | null> {
  const rows = await embeddings
    .query()
    .where(`id = ${sqlString(id)}`)
    .select(['vector', 'model_version'])
    .limit(1)
    .toArrow();
  if (rows.numRows === 0) return null;
  const read = readerOf(rows);
  const vector = vectorAt(read, 0);
  const modelVersion = read('model_version', 0);
  return vector && typeof modelVersion === 'string' ? { vector, modelVersion } : null;
}

/** Every analysed track, without vector and thumbnail. */
export async function analysedTracksOf(tracks: Table): Promise<StoredTrack[]> {
  const rows = await tracks
    .query()
    .where(`status = ${sqlString('analysed')}`)
    .select([...TRACK_COLUMNS])
    .toArrow();
  const read = readerOf(rows);
  return Array.from({ length: rows.numRows }, (_, i) => storedTrackAt(read, i));
}

/** Every vector made by one model, by track id. */
export async function vectorsOf(
  embeddings: Table,
  modelVersion: string,
): Promise<Map<string, Float32Array>> {
  const rows = await embeddings
    .query()
    .where(`model_version = ${sqlString(modelVersion)}`)
    .select(['id', 'vector'])
    .toArrow();
  const read = readerOf(rows);
  const byId = new Map<string, Float32Array>();
  for (let i = 0; i < rows.numRows; i++) {
    const vector = vectorAt(read, i);
    if (vector) byId.set(String(read('id', i)), vector);
  }
  return byId;
}

/** Vectors per model version. */
export async function modelVersionsOf(embeddings: Table): Promise<Map<string, number>> {
  const rows = await embeddings.query().select(['model_version']).toArrow();
  const counts = new Map<string, number>();
  for (const model of stringColumn(rows, 'model_version')) {
    if (model !== null) counts.set(model, (counts.get(model) ?? 0) + 1);
  }
  return counts;
}

/** Ids of vectors whose track row is gone (left by a kill between two commits). */
export async function orphanVectorIds(tracks: Table, embeddings: Table): Promise<string[]> {
  const [trackIds, vectorIds] = await Promise.all([
    tracks.query().select(['id']).toArrow(),
    embeddings.query().select(['id']).toArrow(),
  ]);
  const live = new Set(stringColumn(trackIds, 'id'));
  return stringColumn(vectorIds, 'id').filter((id): id is string => id !== null && !live.has(id));
}
