import { Binary, Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from './arrow';

/** Length of every embedding vector the store holds; the embed stage produces vectors of this size. */
export const EMBED_DIM = 128;

/** Largest mel thumbnail the store accepts, in bytes. */
export const MAX_THUMBNAIL_BYTES = 16 * 1024;

/** LanceDB table names inside the library database. */
export const TABLES = Object.freeze({
  tracks: 'tracks',
  embeddings: 'embeddings',
  meta: 'meta',
});

/** Name of the vector column in the embeddings table. */
export const VECTOR_COLUMN = 'vector';

const utf8 = (name: string, nullable: boolean): Field => new Field(name, new Utf8(), nullable);
const int32 = (name: string): Field => new Field(name, new Int32(), true);
// Sizes and epoch milliseconds are Float64 rather than Int64 so they read back as plain numbers,
// not BigInt; both stay exact far beyond any real file size or date (2^53).
const float64 = (name: string, nullable: boolean): Field =>
  new Field(name, new Float64(), nullable);

/** The vector column type: a fixed-size list of EMBED_DIM float32s. */
export const vectorType = (): FixedSizeList<Float32> =>
  new FixedSizeList(EMBED_DIM, new Field('item', new Float32(), true));

/**
 * The tracks table as version 1 of the layout created it. Frozen: migration 1 creates exactly
 * this, and later columns are added by later migrations (migrations.ts).
 */
export const TRACKS_SCHEMA_V1 = new Schema([
  utf8('id', false),
  utf8('path', false),
  float64('size', false),
  float64('mtime_ms', false),
  utf8('title', false),
  utf8('artist', true),
  utf8('album', true),
  utf8('album_artist', true),
  int32('track_no'),
  int32('disc_no'),
  int32('year'),
  utf8('genre', true),
  float64('duration_sec', true),
  new Field('has_artwork', new Bool(), false),
  utf8('status', false),
  utf8('error', true),
  utf8('model_version', true),
  float64('analysed_at', false),
  int32('thumb_bands'),
  int32('thumb_frames'),
  new Field('thumbnail', new Binary(), true),
]);

/**
 * Columns migration 2 adds: artwork, loudness and tags inferred from the path. All nullable, so
 * rows written before read as "not known": `analysis_version` null is version 1, and the scan
 * analyses such tracks again.
 */
export const TRACKS_FIELDS_V2: readonly Field[] = [
  int32('analysis_version'),
  utf8('artwork', true),
  utf8('artwork_error', true),
  float64('loudness_lufs', true),
  float64('peak', true),
  float64('rg_track_gain_db', true),
  float64('rg_track_peak', true),
  float64('rg_album_gain_db', true),
  float64('rg_album_peak', true),
  // The inferred tags' names, comma-separated ("title,artist"); null when none was inferred.
  utf8('inferred', true),
];

/**
 * One row per file the library has seen, analysed or failed. Explicit so an empty table has the
 * right types and nullable tags stay nullable. Column order is the order rows.ts writes: version
 * 1's columns, then each later migration's, as LanceDB appends them.
 */
export const TRACKS_SCHEMA = new Schema([...TRACKS_SCHEMA_V1.fields, ...TRACKS_FIELDS_V2]);

/**
 * Vectors live in their own table so vector search scans only (id, model_version, vector) and
 * the ANN index is built over a table without the wide tag and thumbnail columns.
 */
export const EMBEDDINGS_SCHEMA = new Schema([
  utf8('id', false),
  utf8('model_version', false),
  new Field(VECTOR_COLUMN, vectorType(), false),
]);

/** Key/value settings: the schema version and the library's folders. */
export const META_SCHEMA = new Schema([utf8('key', false), utf8('value', false)]);

/** The columns of TRACKS_SCHEMA that make up a StoredTrack (no thumbnail). */
export const TRACK_COLUMNS: readonly string[] = TRACKS_SCHEMA.fields
  .map((field) => field.name)
  .filter((name) => !name.startsWith('thumb'));
