/**
 * Damage done to a LanceDB table on disk, as a failing disk or a careless hand would: bytes
 * flipped in a data file, a data file or the newest manifest deleted. The layout is LanceDB
 * 0.30's (store/store-check.ts): `<table>.lance/data/*.lance`, `_versions/<u64::MAX − v>.manifest`.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A table's folder in a data folder's library database. */
export const tableDir = (dataDir: string, table: string): string =>
  join(dataDir, 'library', `${table}.lance`);

async function filesIn(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));
}

/** The table's data files, by name. */
export const dataFiles = (dataDir: string, table: string): Promise<string[]> =>
  filesIn(join(tableDir(dataDir, table), 'data'), '.lance');

/** Inverts `length` bytes of a file from `at` (negative: from the end). */
export async function flipBytes(file: string, at: number, length = 16): Promise<void> {
  const bytes = await readFile(file);
  const from = at < 0 ? bytes.length + at : at;
  for (let i = from; i < Math.min(bytes.length, from + length); i++)
    bytes[i] = (bytes[i] ?? 0) ^ 0xff;
  await writeFile(file, bytes);
}

/** Deletes the manifest of the table's newest version (the smallest name counts down the most). */
export async function deleteNewestManifest(dataDir: string, table: string): Promise<void> {
  const [newest] = await filesIn(join(tableDir(dataDir, table), '_versions'), '.manifest');
  if (newest === undefined) throw new Error(`${table} has no manifest`);
  await rm(newest);
}

/** Deletes every manifest of the table. */
export async function deleteManifests(dataDir: string, table: string): Promise<void> {
  for (const file of await filesIn(join(tableDir(dataDir, table), '_versions'), '.manifest')) {
    await rm(file);
  }
}
