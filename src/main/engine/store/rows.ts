import {
  Float32,
  makeData,
  RecordBatch,
  Struct,
  Table as ArrowTable,
  vectorFromArray,
  type Data,
  type Schema,
} from './arrow';
import {
  EMBED_DIM,
  EMBEDDINGS_SCHEMA,
  MAX_THUMBNAIL_BYTES,
  META_SCHEMA,
  TRACKS_SCHEMA,
  vectorType,
} from './schema';
import { StoreError } from './store-error';
import type {
  AnalysisStatus,
  InferredTag,
  MeasuredLoudness,
  MelThumbnail,
  ReplayGainTags,
  StoredTrack,
  TrackRecord,
} from './types';

/** A vector that is about to be written, with the model that made it. */
export type EmbeddingRow = Readonly<{ id: string; modelVersion: string; vector: Float32Array }>;

/** Reads one column of a query result; a missing column reads as all nulls. */
export type RowReader = (column: string, row: number) => unknown;

/** Builds an Arrow table whose columns follow `schema`, from plain values per column. */
function tableOf(
  schema: Schema,
  columns: Readonly<Record<string, readonly unknown[]>>,
  length: number,
  extra: Readonly<Record<string, Data>> = {},
): ArrowTable {
  const children = schema.fields.map((field) => {
    const prebuilt = extra[field.name];
    if (prebuilt) return prebuilt;
    const values = columns[field.name];
    if (!values) throw new Error(`no values for column ${field.name}`);
    const chunks = vectorFromArray(values, field.type).data;
    // One batch needs one chunk per column (the builder makes one at any size tried, 200k
    // strings or 32 MB of binary); an empty vector has none, so make an empty one.
    if (chunks.length > 1)
      throw new Error(`column ${field.name} came out in ${chunks.length} chunks`);
    return chunks[0] ?? makeData({ type: field.type, length: 0 });
  });
  const struct = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new ArrowTable(schema, [new RecordBatch(schema, struct)]);
}

function checkThumbnail(id: string, thumb: MelThumbnail): void {
  if (thumb.data.length !== thumb.bands * thumb.frames) {
    throw new StoreError(
      `thumbnail of ${id} has ${thumb.data.length} bytes, expected ${thumb.bands}x${thumb.frames}`,
    );
  }
  if (thumb.data.length > MAX_THUMBNAIL_BYTES) {
    throw new StoreError(
      `thumbnail of ${id} is ${thumb.data.length} bytes, the limit is ${MAX_THUMBNAIL_BYTES}`,
    );
  }
}

/** The tracks-table rows for a batch of records (vectors go elsewhere). */
export function tracksTable(records: readonly TrackRecord[]): ArrowTable {
  for (const r of records) if (r.thumbnail) checkThumbnail(r.id, r.thumbnail);
  const col = <T>(pick: (r: TrackRecord) => T): T[] => records.map(pick);
  return tableOf(
    TRACKS_SCHEMA,
    {
      id: col((r) => r.id),
      path: col((r) => r.path),
      size: col((r) => r.size),
      mtime_ms: col((r) => r.mtimeMs),
      title: col((r) => r.title),
      artist: col((r) => r.artist),
      album: col((r) => r.album),
      album_artist: col((r) => r.albumArtist),
      track_no: col((r) => r.trackNo),
      disc_no: col((r) => r.discNo),
      year: col((r) => r.year),
      genre: col((r) => r.genre),
      duration_sec: col((r) => r.durationSec),
      has_artwork: col((r) => r.hasArtwork),
      status: col((r) => r.status),
      error: col((r) => r.error),
      // A track row names a model only when a vector was written with it.
      model_version: col((r) => (r.vector ? r.modelVersion : null)),
      analysed_at: col((r) => r.analysedAt),
      thumb_bands: col((r) => r.thumbnail?.bands ?? null),
      thumb_frames: col((r) => r.thumbnail?.frames ?? null),
      thumbnail: col((r) => r.thumbnail?.data ?? null),
      analysis_version: col((r) => r.analysisVersion),
      artwork: col((r) => r.artwork),
      artwork_error: col((r) => r.artworkError),
      loudness_lufs: col((r) => r.loudness?.integratedLufs ?? null),
      peak: col((r) => r.loudness?.peak ?? null),
      rg_track_gain_db: col((r) => r.replayGain?.trackGainDb ?? null),
      rg_track_peak: col((r) => r.replayGain?.trackPeak ?? null),
      rg_album_gain_db: col((r) => r.replayGain?.albumGainDb ?? null),
      rg_album_peak: col((r) => r.replayGain?.albumPeak ?? null),
      inferred: col((r) => (r.inferred.length > 0 ? r.inferred.join(',') : null)),
    },
    records.length,
  );
}

/** The embeddings-table rows; vectors are copied into one contiguous Float32 buffer. */
export function embeddingsTable(rows: readonly EmbeddingRow[]): ArrowTable {
  const flat = new Float32Array(rows.length * EMBED_DIM);
  rows.forEach((row, i) => {
    if (row.vector.length !== EMBED_DIM) {
      throw new StoreError(
        `vector of ${row.id} has ${row.vector.length} dimensions, expected ${EMBED_DIM}`,
      );
    }
    flat.set(row.vector, i * EMBED_DIM);
  });
  const child = makeData({ type: new Float32(), length: flat.length, data: flat });
  const vectors = makeData({ type: vectorType(), length: rows.length, nullCount: 0, child });
  return tableOf(
    EMBEDDINGS_SCHEMA,
    { id: rows.map((r) => r.id), model_version: rows.map((r) => r.modelVersion) },
    rows.length,
    { vector: vectors },
  );
}

/** Meta-table rows from key/value pairs. */
export function metaTable(entries: readonly (readonly [string, string])[]): ArrowTable {
  return tableOf(
    META_SCHEMA,
    { key: entries.map(([key]) => key), value: entries.map(([, value]) => value) },
    entries.length,
  );
}

/** Column-wise access to a query result, so wide results never become per-row objects. */
export function readerOf(table: ArrowTable): RowReader {
  const cache = new Map<string, ((row: number) => unknown) | null>();
  return (column, row) => {
    let get = cache.get(column);
    if (get === undefined) {
      const child = table.getChild(column);
      get = child ? (i: number) => child.get(i) : null;
      cache.set(column, get);
    }
    return get ? get(row) : null;
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** A StoredTrack from row `i` of a tracks query that selected TRACK_COLUMNS. */
export function storedTrackAt(read: RowReader, i: number): StoredTrack {
  const status: AnalysisStatus = read('status', i) === 'failed' ? 'failed' : 'analysed';
  return {
    id: str(read('id', i)) ?? '',
    path: str(read('path', i)) ?? '',
    size: num(read('size', i)) ?? 0,
    mtimeMs: num(read('mtime_ms', i)) ?? 0,
    title: str(read('title', i)) ?? '',
    artist: str(read('artist', i)),
    album: str(read('album', i)),
    albumArtist: str(read('album_artist', i)),
    trackNo: num(read('track_no', i)),
    discNo: num(read('disc_no', i)),
    year: num(read('year', i)),
    genre: str(read('genre', i)),
    durationSec: num(read('duration_sec', i)),
    hasArtwork: read('has_artwork', i) === true,
    status,
    error: str(read('error', i)),
    modelVersion: str(read('model_version', i)),
    analysedAt: num(read('analysed_at', i)) ?? 0,
    analysisVersion: num(read('analysis_version', i)) ?? 1,
    artwork: str(read('artwork', i)),
    artworkError: str(read('artwork_error', i)),
    loudness: measuredLoudness(num(read('loudness_lufs', i)), num(read('peak', i))),
    replayGain: replayGainOf(
      num(read('rg_track_gain_db', i)),
      num(read('rg_track_peak', i)),
      num(read('rg_album_gain_db', i)),
      num(read('rg_album_peak', i)),
    ),
    inferred: inferredTags(str(read('inferred', i))),
  };
}

/** A measured loudness from its two columns, or null when either is missing. */
export function measuredLoudness(
  integratedLufs: number | null,
  peak: number | null,
): MeasuredLoudness | null {
  return integratedLufs === null || peak === null ? null : { integratedLufs, peak };
}

/** ReplayGain tags from their four columns, or null when all are missing. */
export function replayGainOf(
  trackGainDb: number | null,
  trackPeak: number | null,
  albumGainDb: number | null,
  albumPeak: number | null,
): ReplayGainTags | null {
  if (trackGainDb === null && trackPeak === null && albumGainDb === null && albumPeak === null) {
    return null;
  }
  return { trackGainDb, trackPeak, albumGainDb, albumPeak };
}

const INFERRED_TAGS: ReadonlySet<string> = new Set<InferredTag>([
  'title',
  'artist',
  'album',
  'trackNo',
]);

/** The inferred-tags column as a list; names this version does not know are dropped. */
export function inferredTags(column: string | null): InferredTag[] {
  if (column === null) return [];
  return column.split(',').filter((name): name is InferredTag => INFERRED_TAGS.has(name));
}

/** A MelThumbnail from row `i`, or null when the row has none. */
export function thumbnailAt(read: RowReader, i: number): MelThumbnail | null {
  const data = read('thumbnail', i);
  const bands = num(read('thumb_bands', i));
  const frames = num(read('thumb_frames', i));
  if (!(data instanceof Uint8Array) || bands === null || frames === null) return null;
  // Copy out of the Arrow buffer so the caller's bytes outlive the query result.
  return { bands, frames, data: Uint8Array.from(data) };
}

/** The vector in row `i` as a fresh Float32Array. */
export function vectorAt(read: RowReader, i: number): Float32Array | null {
  const value = read('vector', i);
  // Duck-typed: LanceDB loads apache-arrow's CommonJS build and this module the ESM one, so
  // their Vector classes differ and instanceof fails.
  if (typeof value !== 'object' || value === null || !('toArray' in value)) return null;
  if (typeof value.toArray !== 'function') return null;
  const array: unknown = value.toArray();
  return array instanceof Float32Array ? Float32Array.from(array) : null;
}
