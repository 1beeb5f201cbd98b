/**
 * What a damaged library database still says about its tracks: every row of the newest version
 * of the tracks table that reads, else of the versions before it, newest first. A repair keeps
 * what a new scan could only learn by decoding again (measured loudness) or by asking again
 * (artwork, failures), for the files that have not changed since.
 */
import { connect, type Table } from '@lancedb/lancedb';
import { readerOf, storedTrackAt } from '../store/rows';
import { TABLES, TRACK_COLUMNS } from '../store/schema';
import type { StoredTrack } from '../store/types';

async function rowsOf(table: Table): Promise<StoredTrack[]> {
  const rows = await table
    .query()
    .select([...TRACK_COLUMNS])
    .toArrow();
  const read = readerOf(rows);
  return Array.from({ length: rows.numRows }, (_, i) => storedTrackAt(read, i));
}

/** The rows of the damaged database in `databaseDir`, by path; empty when none reads. */
export async function salvageTracks(databaseDir: string): Promise<Map<string, StoredTrack>> {
  const byPath = new Map<string, StoredTrack>();
  try {
    const db = await connect(databaseDir);
    try {
      const table = await db.openTable(TABLES.tracks);
      try {
        const versions = (await table.listVersions()).map((v) => v.version).sort((a, b) => b - a);
        for (const version of versions) {
          try {
            await table.checkout(version);
            for (const row of await rowsOf(table)) byPath.set(row.path, row);
            return byPath;
          } catch {
            // This version's files are damaged too: try the one before.
          }
        }
      } finally {
        table.close();
      }
    } finally {
      db.close();
    }
  } catch {
    // No table to read at all: everything comes from the files.
  }
  return byPath;
}
