/**
 * The discover map's cache: one JSON file in `<data>/projections/`, keyed by a hash of the
 * algorithm, the model version and every (id, vector) pair, so the map is made again exactly
 * when the library's sound changes (tracks added or removed, a new model) and never otherwise.
 * Written atomically (temporary file, fsync, rename); an unreadable or foreign file is ignored
 * and replaced, never fatal.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Positions of the tracks of one projection, in the unit square. */
export type CachedProjection = Readonly<{
  key: string;
  modelVersion: string;
  algorithm: string;
  ids: readonly string[];
  /** `[x0, y0, x1, y1, …]` in the order of `ids`. */
  xy: Float32Array;
}>;

const FILE_PREFIX = 'map-';

const fileSchema = z.strictObject({
  format: z.literal('deepcut-projection'),
  version: z.literal(1),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  modelVersion: z.string(),
  algorithm: z.string(),
  ids: z.array(z.string()),
  xy: z.array(z.number().min(0).max(1)),
});

/** The folder projections are cached in. */
export function projectionDir(dataDir: string): string {
  return join(dataDir, 'projections');
}

/** The cache key of a set of vectors (ids sorted, so the order they were read in is irrelevant). */
export function projectionKey(
  algorithm: string,
  modelVersion: string,
  tracks: readonly Readonly<{ id: string; vector: Float32Array }>[],
): string {
  const hash = createHash('sha256').update(`${algorithm}\n${modelVersion}\n`);
  const sorted = [...tracks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id, vector } of sorted) {
    hash.update(id);
    hash.update(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  }
  return hash.digest('hex');
}

// Four decimals are a tenth of a pixel on a 1,000-pixel map and halve the file.
const roundPosition = (v: number): number => Math.round(v * 10_000) / 10_000;

/** Positions as the cache stores them, so a map made now equals the same map read back later. */
export function roundPositions(xy: Float32Array): Float32Array {
  return xy.map(roundPosition);
}

const fileOf = (dataDir: string, key: string): string =>
  join(projectionDir(dataDir), `${FILE_PREFIX}${key.slice(0, 24)}.json`);

/** The cached projection for `key`, or null when there is none (or it cannot be read). */
export async function readProjection(
  dataDir: string,
  key: string,
): Promise<CachedProjection | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(fileOf(dataDir, key), 'utf8'));
  } catch {
    return null;
  }
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success || parsed.data.key !== key) return null;
  const { ids, xy, modelVersion, algorithm } = parsed.data;
  if (xy.length !== 2 * ids.length) return null;
  return { key, modelVersion, algorithm, ids, xy: Float32Array.from(xy) };
}

/** Saves a projection and removes older ones (only the current library's map is worth keeping). */
export async function writeProjection(
  dataDir: string,
  projection: CachedProjection,
): Promise<void> {
  const dir = projectionDir(dataDir);
  await mkdir(dir, { recursive: true });
  const file = fileOf(dataDir, projection.key);
  const body = {
    format: 'deepcut-projection',
    version: 1,
    key: projection.key,
    modelVersion: projection.modelVersion,
    algorithm: projection.algorithm,
    ids: projection.ids,
    xy: Array.from(projection.xy, roundPosition),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify(body), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(FILE_PREFIX) && join(dir, entry) !== file) {
      await rm(join(dir, entry), { force: true });
    }
  }
}
