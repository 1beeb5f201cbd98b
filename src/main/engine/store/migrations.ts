import type { Connection } from '@lancedb/lancedb';
import { openMetaTable, readMeta, writeMeta } from './meta';
import { EMBEDDINGS_SCHEMA, TABLES, TRACKS_FIELDS_V2, TRACKS_SCHEMA_V1 } from './schema';
import { StoreError } from './store-error';

/**
 * One step of the on-disk layout's history. `up` must be idempotent: a kill after it runs but
 * before the new version is recorded runs it again on the next open.
 */
export type Migration = Readonly<{
  version: number;
  description: string;
  up: (db: Connection) => Promise<void>;
}>;

/** Meta key holding the version of the last migration applied. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/**
 * Every migration, oldest first. Never edit a shipped entry: add a new one. Each works from the
 * frozen schema of its own version (schema.ts), never from the current one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create the tracks and embeddings tables',
    up: async (db) => {
      const options = { mode: 'create', existOk: true } as const;
      const tracks = await db.createEmptyTable(TABLES.tracks, TRACKS_SCHEMA_V1, options);
      const embeddings = await db.createEmptyTable(TABLES.embeddings, EMBEDDINGS_SCHEMA, options);
      tracks.close();
      embeddings.close();
    },
  },
  {
    version: 2,
    description: 'tracks: analysis version, artwork, loudness, ReplayGain tags, inferred tags',
    up: async (db) => {
      const tracks = await db.openTable(TABLES.tracks);
      try {
        const present = new Set((await tracks.schema()).fields.map((f) => f.name));
        // Idempotent: a kill after some columns were added leaves only the rest to add.
        const missing = TRACKS_FIELDS_V2.filter((field) => !present.has(field.name));
        if (missing.length > 0) await tracks.addColumns(missing);
      } finally {
        tracks.close();
      }
    },
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = latestVersion(MIGRATIONS);

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((latest, m) => Math.max(latest, m.version), 0);
}

/** What `migrate` found and left. */
export type MigrationResult = Readonly<{ from: number; to: number; applied: readonly number[] }>;

/**
 * Brings the database up to the newest version in `migrations`, recording the version after
 * each step. A store without a version is version 0 (a fresh folder). A store newer than this
 * code is refused rather than risk writing a layout the code does not understand.
 */
export async function migrate(
  db: Connection,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (!Number.isInteger(m.version) || (previous && previous.version >= m.version)) {
      throw new Error(`migrations must have ascending integer versions (at ${m.version})`);
    }
  });
  const known = latestVersion(migrations);
  const meta = await openMetaTable(db);
  try {
    const raw = await readMeta(meta, SCHEMA_VERSION_KEY);
    const from = raw === null ? 0 : Number(raw);
    if (!Number.isInteger(from) || from < 0) {
      throw new StoreError(`library has an unreadable schema version: ${raw ?? ''}`);
    }
    if (from > known) {
      throw new StoreError(
        `library was written by a newer version of Deepcut (schema version ${from}; ` +
          `this version reads up to ${known}); update Deepcut to open it`,
      );
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= from) continue;
      await m.up(db);
      await writeMeta(meta, [[SCHEMA_VERSION_KEY, String(m.version)]]);
      applied.push(m.version);
    }
    return { from, to: Math.max(from, known), applied };
  } finally {
    meta.close();
  }
}
