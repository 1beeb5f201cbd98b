/**
 * A copy of the library's music folders beside the database, in `<data>/folders.json`: the one
 * setting a repair cannot rebuild from the music files, kept where damage to the database's
 * settings table cannot reach it. Written atomically (temporary file, fsync, rename).
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'folders.json';

/** Saves the folders; the database stays the source of truth, this is only a copy. */
export async function writeFoldersCopy(dataDir: string, folders: readonly string[]): Promise<void> {
  const file = join(dataDir, FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(`${JSON.stringify({ folders })}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** The folders last saved, or null when there is no readable copy. */
export async function readFoldersCopy(dataDir: string): Promise<string[] | null> {
  try {
    const value: unknown = JSON.parse(await readFile(join(dataDir, FILE), 'utf8'));
    const folders = (value as { folders?: unknown } | null)?.folders;
    return Array.isArray(folders)
      ? folders.filter((f): f is string => typeof f === 'string')
      : null;
  } catch {
    return null;
  }
}
