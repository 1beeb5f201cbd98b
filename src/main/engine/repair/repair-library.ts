/**
 * `deepcut repair`: a damaged library database (store/store-check.ts) is moved aside, never
 * deleted, and a new one is built from the music files: first every track the mel cache holds
 * (restore-from-cache.ts, no decoding), then an ordinary scan for the rest. The listening
 * history, playlists, models and the mel cache live outside the database and are not touched.
 */
import { connect } from '@lancedb/lancedb';
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { MelCache } from '../audio/mel-cache';
import { acquireDataLock } from '../data-lock';
import type { AudioEmbedder } from '../embed/embedder';
import type { AudioScanOptions, AudioScanSummary } from '../jobs/audio-jobs';
import type { LibraryStore } from '../store/library-store';
import { readMeta } from '../store/meta';
import { readFoldersCopy } from '../store/folders-copy';
import { TABLES } from '../store/schema';
import { checkStore, type TableDamage } from '../store/store-check';
import { StoreError } from '../store/store-error';
import { restoreFromCache, type RestoreSummary } from './restore-from-cache';
import { salvageTracks } from './salvage';

/** The database folder inside the data folder (as the store names it). */
const DATABASE_DIR = 'library';

/** What a repair needs of the engine it opens on the new store. */
export type RepairableEngine = Readonly<{
  store: LibraryStore;
  audioEmbedder: () => Promise<AudioEmbedder>;
  scan: (folders: readonly string[], options?: AudioScanOptions) => Promise<AudioScanSummary>;
  close: () => Promise<void>;
}>;

/** Progress of a repair: putting tracks back from the cache, then the scan's own. */
export type RepairProgress =
  | Readonly<{ job: 'restore'; done: number; total: number }>
  | Parameters<NonNullable<AudioScanOptions['onProgress']>>[0];

/** Options for {@link repairLibrary}. */
export type RepairOptions = Readonly<{
  dataDir: string;
  /** The music folders to rebuild from; default: those the library named. */
  folders?: readonly string[];
  /** Only look: report the damage, change nothing. */
  checkOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: RepairProgress) => void;
}>;

/** What a repair found and did. */
export type RepairSummary = Readonly<{
  /** The problems found; none means the library was healthy and nothing was done. */
  damage: readonly TableDamage[];
  /** Where the damaged database was moved, or null. */
  keptAt: string | null;
  folders: readonly string[];
  /** What was put back from the mel cache without decoding, or null. */
  restore: RestoreSummary | null;
  /** The scan that followed, or null. */
  scan: AudioScanSummary | null;
}>;

/** The damage the full check finds in the database folder, or none when there is none yet. */
async function inspect(databaseDir: string): Promise<TableDamage[]> {
  if (!existsSync(databaseDir)) return [];
  const db = await connect(databaseDir);
  try {
    return await checkStore(db, databaseDir, 'full');
  } finally {
    db.close();
  }
}

/** The folders the damaged store names, if its settings table still reads. */
async function foldersInStore(databaseDir: string): Promise<string[] | null> {
  try {
    const db = await connect(databaseDir);
    try {
      const meta = await db.openTable(TABLES.meta);
      try {
        const raw = await readMeta(meta, 'folders');
        const parsed: unknown = raw === null ? null : JSON.parse(raw);
        return Array.isArray(parsed)
          ? parsed.filter((f): f is string => typeof f === 'string')
          : null;
      } finally {
        meta.close();
      }
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** A name for the damaged copy that sorts by time and never collides with an earlier one. */
function keptName(databaseDir: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${databaseDir}.damaged-${stamp}`;
}

/**
 * Checks the library in `options.dataDir` and, when it is damaged, rebuilds it: `open` opens an
 * engine on the data folder once the damaged database has been moved aside.
 */
export async function repairLibrary(
  options: RepairOptions,
  open: (dataDir: string) => Promise<RepairableEngine>,
): Promise<RepairSummary> {
  const { dataDir } = options;
  const databaseDir = join(dataDir, DATABASE_DIR);
  const release = await acquireDataLock(dataDir);
  try {
    const damage = await inspect(databaseDir);
    const nothing = { damage, keptAt: null, folders: [], restore: null, scan: null };
    if (damage.length === 0 || options.checkOnly === true) return nothing;
    const folders =
      options.folders ?? (await foldersInStore(databaseDir)) ?? (await readFoldersCopy(dataDir));
    if (folders === null || folders.length === 0) {
      throw new StoreError(
        'the damaged library no longer says which music folders it held: name them, e.g. ' +
          '`deepcut repair ~/Music`',
      );
    }
    const keptAt = keptName(databaseDir);
    await rename(databaseDir, keptAt);
    const engine = await open(dataDir);
    try {
      await engine.store.setFolders(folders);
      const restore = await restoreFromCache(
        engine.store,
        await engine.audioEmbedder(),
        new MelCache(dataDir),
        {
          dataDir,
          folders,
          salvaged: await salvageTracks(keptAt),
          signal: options.signal,
          onProgress: (done, total) => options.onProgress?.({ job: 'restore', done, total }),
        },
      );
      const scan = await engine.scan(folders, {
        signal: options.signal,
        onProgress: options.onProgress,
      });
      return { damage, keptAt, folders, restore, scan };
    } finally {
      await engine.close();
    }
  } finally {
    await release();
  }
}
