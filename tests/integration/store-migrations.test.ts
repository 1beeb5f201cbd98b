import { connect, type Connection } from '@lancedb/lancedb';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryStore, StoreError } from '../../src/main/engine/store/library-store';
import { openMetaTable, readMeta, writeMeta } from '../../src/main/engine/store/meta';
import { tracksTable } from '../../src/main/engine/store/rows';
import { TRACKS_SCHEMA_V1 } from '../../src/main/engine/store/schema';
import {
  MIGRATIONS,
  migrate,
  SCHEMA_VERSION,
  SCHEMA_VERSION_KEY,
  type Migration,
} from '../../src/main/engine/store/migrations';
import { tempDir } from '../helpers/synth';
import { analysedTrack, seededRandom, unitVector } from './store-fixtures';

/** A plausible next layout step: a nullable rating column on tracks. */
const addRating: Migration = {
  version: SCHEMA_VERSION + 1,
  description: 'add a rating column',
  up: async (db) => {
    const tracks = await db.openTable('tracks');
    const columns = (await tracks.schema()).fields.map((f) => f.name);
    if (!columns.includes('rating')) {
      await tracks.addColumns([{ name: 'rating', valueSql: 'CAST(NULL AS INT)' }]);
    }
    tracks.close();
  },
};

async function schemaVersion(db: Connection): Promise<string | null> {
  const meta = await openMetaTable(db);
  const value = await readMeta(meta, SCHEMA_VERSION_KEY);
  meta.close();
  return value;
}

describe('store migrations', () => {
  let root: string;
  let dbDir: string;

  beforeEach(async () => {
    root = await tempDir('deepcut-store-migrate-');
    dbDir = join(root, 'library');
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('takes a fresh folder from version 0 to the current version', async () => {
    const db = await connect(dbDir);
    expect(await migrate(db)).toEqual({ from: 0, to: SCHEMA_VERSION, applied: [1, 2] });
    expect(await schemaVersion(db)).toBe(String(SCHEMA_VERSION));
    expect((await db.tableNames()).sort()).toEqual(['embeddings', 'meta', 'tracks']);
    expect(await migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] });
    db.close();
  });

  it('runs a pending migration on an older store and keeps its data', async () => {
    const track = analysedTrack('/music/a.flac', unitVector(seededRandom(3)));
    const store = await LibraryStore.open(root);
    await store.writeTracks([track]);
    await store.close();

    const db = await connect(dbDir);
    const result = await migrate(db, [...MIGRATIONS, addRating]);
    expect(result).toEqual({
      from: SCHEMA_VERSION,
      to: addRating.version,
      applied: [addRating.version],
    });
    const tracks = await db.openTable('tracks');
    expect((await tracks.schema()).fields.map((f) => f.name)).toContain('rating');
    const rows = await tracks.query().select(['id', 'rating']).toArray();
    expect(rows.map((r: { id: unknown; rating: unknown }) => [r.id, r.rating])).toEqual([
      [track.id, null],
    ]);
    tracks.close();
    expect(await schemaVersion(db)).toBe(String(addRating.version));
    expect((await migrate(db, [...MIGRATIONS, addRating])).applied).toEqual([]);
    db.close();
  });

  it('adds the version-2 columns to a version-1 store, whose rows read as analysis version 1', async () => {
    const db = await connect(dbDir);
    expect((await migrate(db, MIGRATIONS.slice(0, 1))).applied).toEqual([1]);
    const v1 = await db.openTable('tracks');
    const track = analysedTrack('/music/old.flac', null, { status: 'failed', error: 'x' });
    const full = tracksTable([track]);
    // A row as version 1 wrote it: its columns only.
    await v1.add(full.select(TRACKS_SCHEMA_V1.fields.map((f) => f.name)));
    v1.close();
    expect((await migrate(db)).applied).toEqual([2]);
    db.close();

    const store = await LibraryStore.open(root);
    const read = await store.getTrack(track.id);
    expect(read).toMatchObject({
      path: '/music/old.flac',
      analysisVersion: 1,
      artwork: null,
      loudness: null,
      replayGain: null,
      inferred: [],
    });
    expect((await store.knownFiles()).get('/music/old.flac')?.analysisVersion).toBe(1);
    // Rows of the new layout go into the migrated table.
    await store.writeTracks([analysedTrack('/music/new.flac', null, { inferred: ['album'] })]);
    expect((await store.findByPath('/music/new.flac'))?.inferred).toEqual(['album']);
    await store.close();
  });

  it('re-runs a migration that failed before its version was recorded', async () => {
    await (await LibraryStore.open(root)).close();
    let attempts = 0;
    const flaky: Migration = {
      ...addRating,
      up: async (db) => {
        attempts++;
        if (attempts === 1) throw new Error('killed mid-migration');
        await addRating.up(db);
      },
    };
    const db = await connect(dbDir);
    await expect(migrate(db, [...MIGRATIONS, flaky])).rejects.toThrow('killed mid-migration');
    expect(await schemaVersion(db)).toBe(String(SCHEMA_VERSION));
    expect((await migrate(db, [...MIGRATIONS, flaky])).applied).toEqual([flaky.version]);
    expect(attempts).toBe(2);
    db.close();
  });

  it('refuses a store written by a newer version, naming both versions', async () => {
    await (await LibraryStore.open(root)).close();
    const db = await connect(dbDir);
    await migrate(db, [...MIGRATIONS, addRating]);
    db.close();

    const opening = LibraryStore.open(root);
    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(
      `newer version of Deepcut (schema version ${addRating.version}; this version reads up to ${SCHEMA_VERSION})`,
    );
  });

  it('refuses an unreadable schema version', async () => {
    const db = await connect(dbDir);
    const meta = await openMetaTable(db);
    await writeMeta(meta, [[SCHEMA_VERSION_KEY, 'banana']]);
    meta.close();
    await expect(migrate(db)).rejects.toThrow('unreadable schema version: banana');
    db.close();
  });

  it('rejects a migration list out of order', async () => {
    const db = await connect(dbDir);
    await expect(migrate(db, [addRating, ...MIGRATIONS])).rejects.toThrow('ascending');
    expect(await db.tableNames()).toEqual([]);
    db.close();
  });
});
