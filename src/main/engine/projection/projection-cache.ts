/**
 * The discover map's cache: one JSON file, `<data>/projections/map.json`, with every track's
 * position and a fingerprint of the vector it was placed by, so a later request can tell which
 * tracks are unchanged (kept where they are), which are new or changed (placed among the rest:
 * library-projection.ts) and which are gone. Written atomically (temporary file, fsync, rename);
 * an unreadable or foreign file is ignored and replaced, never fatal.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** A map as cached. */
export type CachedProjection = Readonly<{
  modelVersion: string;
  algorithm: string;
  /** Tracks the layout was last made for; the tracks placed since count against it. */
  laidOut: number;
  /** Tracks placed among the others since the layout was made. */
  placedSince: number;
  ids: readonly string[];
  /** {@link fingerprintOf} each track's vector, in the order of `ids`. */
  fingerprints: Uint32Array;
  /** `[x0, y0, x1, y1, …]` in the unit square, in the order of `ids`. */
  xy: Float32Array;
}>;

const FILE = 'map.json';

const fileSchema = z.strictObject({
  format: z.literal('deepcut-projection'),
  version: z.literal(2),
  modelVersion: z.string(),
  algorithm: z.string(),
  laidOut: z.number().int().nonnegative(),
  placedSince: z.number().int().nonnegative(),
  ids: z.array(z.string()),
  fingerprints: z.array(z.number().int().nonnegative()),
  xy: z.array(z.number().min(0).max(1)),
});

/** The folder projections are cached in. */
export function projectionDir(dataDir: string): string {
  return join(dataDir, 'projections');
}

/**
 * A 32-bit hash of a vector's bits (FNV-1a over its words): equal vectors share it, and a vector
 * that changed (its file analysed again) almost surely does not.
 */
export function fingerprintOf(vector: Float32Array | Uint32Array): number {
  const words = new Uint32Array(vector.buffer, vector.byteOffset, vector.length);
  let hash = 0x811c9dc5;
  for (const word of words) hash = Math.imul(hash ^ word, 0x01000193);
  return hash >>> 0;
}

// Four decimals are a tenth of a pixel on a 1,000-pixel map and halve the file.
const roundPosition = (v: number): number => Math.round(v * 10_000) / 10_000;

/** Positions as the cache stores them, so a map made now equals the same map read back later. */
export function roundPositions(xy: Float32Array): Float32Array {
  return xy.map(roundPosition);
}

/** The cached map, or null when there is none (or it cannot be read). */
export async function readProjection(dataDir: string): Promise<CachedProjection | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(projectionDir(dataDir), FILE), 'utf8'));
  } catch {
    return null;
  }
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) return null;
  const { ids, fingerprints, xy, ...rest } = parsed.data;
  if (xy.length !== 2 * ids.length || fingerprints.length !== ids.length) return null;
  return { ...rest, ids, fingerprints: Uint32Array.from(fingerprints), xy: Float32Array.from(xy) };
}

/** Saves the map and removes the maps of the older layout (one `map-<key>.json` per library). */
export async function writeProjection(
  dataDir: string,
  projection: CachedProjection,
): Promise<void> {
  const dir = projectionDir(dataDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, FILE);
  const body = {
    format: 'deepcut-projection',
    version: 2,
    modelVersion: projection.modelVersion,
    algorithm: projection.algorithm,
    laidOut: projection.laidOut,
    placedSince: projection.placedSince,
    ids: projection.ids,
    fingerprints: Array.from(projection.fingerprints),
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
    if (/^map-[0-9a-f]+\.json$/.test(entry)) await rm(join(dir, entry), { force: true });
  }
}
