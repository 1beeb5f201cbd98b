/**
 * Damage to the library database, found before the store is used: a table whose newest version
 * is gone (its manifest deleted: LanceDB would silently open the version before), a data file
 * missing or unreadable, bytes that no longer decode, and values no writer of ours would leave
 * (an id that is not the hash of its path, a vector that is not of unit length). LanceDB keeps no
 * checksums, so a flipped byte is caught by what it breaks: the file's structure (a read fails)
 * or a value the check knows the shape of. Used on every open (the quick check, which leaves the
 * thumbnails unread: they are most of the tracks table's bytes) and by `deepcut repair` (all
 * columns, and a search through the vector index).
 *
 * Layout relied on (lance 7, as LanceDB 0.30 writes it): a table is `<name>.lance/` with one
 * `_versions/<u64::MAX − version>.manifest` per version and `_versions/latest_version_hint.json`
 * (`{"version": N}`), written after the manifest it names.
 */
import type { Connection, Table } from '@lancedb/lancedb';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table as ArrowTable } from './arrow';
import { numberColumn, stringColumn } from './columns';
import { EMBED_DIM, TABLES, TRACKS_SCHEMA } from './schema';
import { StoreError } from './store-error';
import { trackIdFor } from './track-id';

/** One problem found, in words. */
export type TableDamage = Readonly<{ table: string; problem: string }>;

/** The store cannot be used as it is; `deepcut repair` rebuilds it. */
export class StoreDamagedError extends StoreError {
  constructor(
    readonly databaseDir: string,
    readonly damage: readonly TableDamage[],
  ) {
    super(
      `the library database in ${databaseDir} is damaged (${damage
        .map((d) => `${d.table}: ${d.problem}`)
        .join('; ')}). Your listening history, playlists and models are kept apart and are ` +
        'safe. Run `deepcut repair` to rebuild the library from your music files and the mel ' +
        'cache (analysed tracks are not decoded again).',
    );
  }
}

/** How far {@link checkStore} looks. */
export type CheckDepth = 'quick' | 'full';

const TRACK_ID = /^[0-9a-f]{16}$/;
const STATUSES = new Set(['analysed', 'failed']);
/** Stored vectors are unit length; float32 rounding leaves them within this of 1. */
const NORM_TOLERANCE = 1e-3;
/** A version's manifest name: the version counted down from u64::MAX (fixed width, 20 digits). */
const U64_MAX = 18_446_744_073_709_551_615n;

/** A read's failure in words: LanceDB's first line, without its source locations. */
function problemOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const missing = /Not found: (\S+\.lance)/.exec(text)?.[1];
  if (missing !== undefined) return `a data file is missing: /${missing.replace(/^\//, '')}`;
  const line = (text.split('\n')[0] ?? text).replace(/, \/[^\s,]+\.rs:\d+:\d+/g, '');
  return `its data cannot be read (${line.slice(0, 200)})`;
}

/** The versions whose manifests are on disk, and the version LanceDB last said is newest. */
async function versionsOnDisk(
  tableDir: string,
): Promise<{ hinted: number | null; newest: number | null }> {
  const versions = join(tableDir, '_versions');
  // The hint first: a writer adds the manifest before the hint, so a hint read before the
  // listing never names a version the listing cannot see.
  const hinted = await readFile(join(versions, 'latest_version_hint.json'), 'utf8').then(
    (text) => {
      const value: unknown = JSON.parse(text);
      const version = (value as { version?: unknown } | null)?.version;
      return typeof version === 'number' && Number.isInteger(version) ? version : null;
    },
    () => null,
  );
  const names = await readdir(versions).catch(() => [] as string[]);
  let newest: number | null = null;
  for (const name of names) {
    const match = /^(\d+)\.manifest$/.exec(name);
    if (!match?.[1]) continue;
    const digits = match[1];
    // Older layouts name manifests by the version itself; this one counts down from u64::MAX.
    const version = digits.length === 20 ? Number(U64_MAX - BigInt(digits)) : Number(digits);
    newest = newest === null ? version : Math.max(newest, version);
  }
  return { hinted, newest };
}

/** The tables' folders in the database folder, by table name. */
async function tableDirs(databaseDir: string): Promise<Map<string, string>> {
  const entries = await readdir(databaseDir).catch(() => [] as string[]);
  return new Map(
    entries
      .filter((name) => name.endsWith('.lance'))
      .map((name) => [name.slice(0, -'.lance'.length), join(databaseDir, name)]),
  );
}

/** Every chunk's float32 values of a FixedSizeList<Float32> column, row-major. */
function vectorChunks(table: ArrowTable, name: string): Float32Array[] {
  return (table.getChild(name)?.data ?? []).map((data) => {
    const child = data.children[0];
    const values: unknown = child?.values;
    if (child === undefined || !(values instanceof Float32Array)) {
      throw new Error(`column ${name} is not float32 vectors`);
    }
    return values.subarray(child.offset, child.offset + data.length * EMBED_DIM);
  });
}

async function checkTracks(table: Table, depth: CheckDepth, found: TableDamage[]): Promise<void> {
  // Every column is read, so that a damaged page anywhere fails here rather than in a listing;
  // the thumbnails (most of the table's bytes) only by the full check.
  const columns = TRACKS_SCHEMA.fields
    .map((field) => field.name)
    .filter((name) => depth === 'full' || name !== 'thumbnail');
  const rows = await table.query().select(columns).toArrow();
  const ids = stringColumn(rows, 'id');
  const paths = stringColumn(rows, 'path');
  const statuses = stringColumn(rows, 'status');
  const sizes = numberColumn(rows, 'size');
  let bad = 0;
  let example = '';
  ids.forEach((id, i) => {
    const path = paths[i] ?? '';
    const wrong =
      id === null ||
      !TRACK_ID.test(id) ||
      trackIdFor(path) !== id ||
      !STATUSES.has(statuses[i] ?? '') ||
      !Number.isFinite(sizes[i]);
    if (!wrong) return;
    bad++;
    example ||= `row ${i}`;
  });
  if (bad > 0)
    found.push({
      table: TABLES.tracks,
      problem: `${bad} rows hold values no scan writes (first: ${example})`,
    });
  if (depth === 'full') {
    const thumbs = rows.getChild('thumbnail');
    const bands = numberColumn(rows, 'thumb_bands');
    const frames = numberColumn(rows, 'thumb_frames');
    let wrongThumbs = 0;
    for (let i = 0; i < rows.numRows; i++) {
      const bytes = thumbs?.get(i) as Uint8Array | null | undefined;
      if (bytes == null) continue;
      if (bytes.length !== (bands[i] ?? 0) * (frames[i] ?? 0)) wrongThumbs++;
    }
    if (wrongThumbs > 0) {
      found.push({
        table: TABLES.tracks,
        problem: `${wrongThumbs} thumbnails have the wrong size`,
      });
    }
  }
}

async function checkEmbeddings(
  table: Table,
  depth: CheckDepth,
  found: TableDamage[],
): Promise<void> {
  const rows = await table.query().select(['id', 'model_version', 'vector']).toArrow();
  const ids = stringColumn(rows, 'id');
  let badIds = 0;
  for (const id of ids) if (id === null || !TRACK_ID.test(id)) badIds++;
  let badVectors = 0;
  for (const values of vectorChunks(rows, 'vector')) {
    for (let at = 0; at < values.length; at += EMBED_DIM) {
      let norm = 0;
      for (let d = 0; d < EMBED_DIM; d++) norm += (values[at + d] as number) ** 2;
      // NaN fails the comparison too.
      if (!(Math.abs(Math.sqrt(norm) - 1) <= NORM_TOLERANCE)) badVectors++;
    }
  }
  if (badIds > 0)
    found.push({ table: TABLES.embeddings, problem: `${badIds} ids are not track ids` });
  if (badVectors > 0) {
    found.push({
      table: TABLES.embeddings,
      problem: `${badVectors} vectors are not of unit length`,
    });
  }
  if (depth === 'full' && (await table.listIndices()).length > 0 && rows.numRows > 0) {
    // The index has files of its own; a search through it reads them.
    const probe = vectorChunks(rows, 'vector')[0]?.slice(0, EMBED_DIM);
    if (probe !== undefined)
      await table.vectorSearch(probe).distanceType('cosine').limit(10).toArray();
  }
}

async function checkMeta(table: Table, hasTracks: boolean, found: TableDamage[]): Promise<void> {
  const rows = await table.query().select(['key', 'value']).toArrow();
  const keys = stringColumn(rows, 'key');
  if (hasTracks && !keys.includes('schemaVersion')) {
    found.push({ table: TABLES.meta, problem: 'the schema version is missing' });
  }
}

/**
 * What is wrong with the database in `databaseDir` (the store's `library/` folder), or nothing.
 * A folder without tables (a new library) is not damaged; one missing a table it needs is.
 */
export async function checkStore(
  db: Connection,
  databaseDir: string,
  depth: CheckDepth = 'quick',
): Promise<TableDamage[]> {
  const dirs = await tableDirs(databaseDir);
  const found: TableDamage[] = [];
  const ours = [TABLES.tracks, TABLES.embeddings, TABLES.meta];
  if (!ours.some((name) => dirs.has(name))) return found;
  for (const name of ours) {
    const dir = dirs.get(name);
    if (dir === undefined) {
      // A store killed while it was first created has meta before its other tables.
      if (name !== TABLES.meta && dirs.size === 1 && dirs.has(TABLES.meta)) continue;
      found.push({ table: name, problem: 'the table is missing' });
      continue;
    }
    const { hinted, newest } = await versionsOnDisk(dir);
    if (newest === null) {
      found.push({
        table: name,
        problem: 'no version of the table is left (its manifests are gone)',
      });
      continue;
    }
    if (hinted !== null && hinted > newest) {
      found.push({
        table: name,
        problem: `its newest version (${hinted}) is gone; ${newest} is the last left`,
      });
    }
  }
  // Tables whose versions are gone are not read: LanceDB would read an older one.
  const unreadable = new Set(found.map((d) => d.table));
  const hasRows = async (name: string): Promise<boolean> => {
    if (!dirs.has(name)) return false;
    const table = await db.openTable(name);
    try {
      return (await table.countRows()) > 0;
    } finally {
      table.close();
    }
  };
  const checks: [string, (table: Table) => Promise<void>][] = [
    [TABLES.tracks, (t) => checkTracks(t, depth, found)],
    [TABLES.embeddings, (t) => checkEmbeddings(t, depth, found)],
    [TABLES.meta, async (t) => checkMeta(t, await hasRows(TABLES.tracks).catch(() => true), found)],
  ];
  for (const [name, check] of checks) {
    if (!dirs.has(name) || unreadable.has(name)) continue;
    let table: Table | null = null;
    try {
      table = await db.openTable(name);
      await check(table);
    } catch (error) {
      found.push({ table: name, problem: problemOf(error) });
    } finally {
      table?.close();
    }
  }
  return found;
}
