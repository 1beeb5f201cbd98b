/**
 * The item-item half of the hybrid taste: which tracks are played in the same sessions, as
 * sparse RP3beta rows (item-neighbours.ts), fitted on the same training set as NeuMF
 * (event-dataset.ts) and saved beside it, in the model's version folder, as `co-play.bin`.
 *
 * The users of the fit are the listening sessions. The profile's long-term user is left out of
 * the fit: it holds every track the person ever played, so it makes every pair co-occur (items²
 * work for no information), and it is instead the query of a session with no events yet: its
 * row (plays, loves at the strongest positive, skips and bans at the strongest negative) is
 * saved with the rows. The model costs what the listening costs: at most {@link NEIGHBOURS}
 * neighbours per heard track, never items².
 *
 * The measure and the fusion weight are those eval-cf's hybrid recipe chose on lastfm-2k, the
 * listening data of the two benchmarks (docs/taste.md): RP3beta α 0.8, β 0.5, weight 2.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventDataset } from './event-dataset';
import type { Interactions } from './interactions';
import { ItemNeighbours, type NeighbourMeasure } from './item-neighbours';

/** The item-item measure of the app's hybrid. */
export const CO_PLAY_MEASURE: NeighbourMeasure = { kind: 'rp3beta', alpha: 0.8, beta: 0.5 };
/** Neighbours kept per track: what a session's query can reach, and what the file costs. */
export const NEIGHBOURS = 100;
/** The file in a model's version folder. */
export const CO_PLAY_FILE = 'co-play.bin';

const MAGIC = 0x31504344; // "DCP1", little-endian
const HEADER_INTS = 4; // magic, items, neighbour entries, profile entries

/** The fitted rows over the model's items (the same index as NeuMF's), and the profile's row. */
export type CoPlayModel = Readonly<{
  neighbours: ItemNeighbours;
  /** The profile user's tracks and signed weights, scaled so the heaviest is ±1. */
  profile: Readonly<{ items: Int32Array; weights: Float32Array }>;
}>;

/** Fits the model on a training set whose first user is the profile's (event-dataset.ts). */
export function fitCoPlay(data: EventDataset): CoPlayModel {
  const { train } = data;
  const sessionsOnly: Interactions = {
    nUsers: train.nUsers - 1,
    nItems: train.nItems,
    offsets: train.offsets.slice(1).map((o) => o - (train.offsets[1] ?? 0)),
    items: train.items.subarray(train.offsets[1] ?? 0),
  };
  const neighbours = ItemNeighbours.fit(sessionsOnly, {
    measure: CO_PLAY_MEASURE,
    neighbours: NEIGHBOURS,
    counts: true,
  });
  return { neighbours, profile: profileRow(data) };
}

function profileRow(data: EventDataset): CoPlayModel['profile'] {
  const weights = new Map<number, number>();
  const end = data.train.offsets[1] ?? 0;
  for (let k = 0; k < end; k++) {
    weights.set(data.train.items[k] ?? 0, data.positiveWeights[k] ?? 0);
  }
  data.skips.users.forEach((u, k) => {
    if (u === 0) weights.set(data.skips.items[k] ?? 0, -(data.skips.weights?.[k] ?? 1));
  });
  let heaviest = 0;
  for (const w of weights.values()) heaviest = Math.max(heaviest, Math.abs(w));
  const items = Int32Array.from(weights.keys());
  return {
    items,
    weights: Float32Array.from(items, (i) => (weights.get(i) ?? 0) / (heaviest || 1)),
  };
}

/** Writes the model into a version folder (a temporary name, then a rename). */
export async function saveCoPlay(dir: string, model: CoPlayModel): Promise<void> {
  const { neighbours: nb, profile } = model;
  const counts = nb.counts ?? new Int32Array(nb.ids.length);
  const header = Int32Array.of(MAGIC, nb.nItems, nb.ids.length, profile.items.length);
  const parts = [header, nb.offsets, nb.ids, nb.weights, counts, profile.items, profile.weights];
  const bytes = Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  const temp = join(dir, `.tmp-${CO_PLAY_FILE}`);
  await writeFile(temp, bytes);
  await rename(temp, join(dir, CO_PLAY_FILE));
}

/**
 * Reads the model of a version folder with `nItems` tracks; null when the folder has none (a
 * model saved before the hybrid). A file that does not fit is an error naming it.
 */
export async function loadCoPlay(dir: string, nItems: number): Promise<CoPlayModel | null> {
  const file = join(dir, CO_PLAY_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return parse(bytes, nItems);
  } catch (error) {
    throw new Error(`invalid ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parse(bytes: Buffer, nItems: number): CoPlayModel {
  // A copy, so that the typed arrays are aligned whatever the Buffer's offset in its pool.
  const buffer = new Uint8Array(bytes).buffer;
  if (buffer.byteLength < HEADER_INTS * 4 || buffer.byteLength % 4 !== 0) {
    throw new Error('truncated');
  }
  const [magic, items, entries, profileEntries] = new Int32Array(buffer, 0, HEADER_INTS);
  if (magic !== MAGIC) throw new Error('not a co-play file');
  if (items !== nItems) throw new Error(`it has ${items} tracks, the model ${nItems}`);
  const e = entries ?? -1;
  const p = profileEntries ?? -1;
  const expected = HEADER_INTS + (nItems + 1) + 3 * e + 2 * p;
  if (e < 0 || p < 0 || buffer.byteLength !== expected * 4) throw new Error('wrong length');
  let at = HEADER_INTS * 4;
  const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, n: number): T => {
    const out = make(buffer, at, n);
    at += n * 4;
    return out;
  };
  const ints = (b: ArrayBuffer, o: number, n: number) => new Int32Array(b, o, n);
  const floats = (b: ArrayBuffer, o: number, n: number) => new Float32Array(b, o, n);
  const offsets = take(ints, nItems + 1);
  const ids = take(ints, e);
  const weights = take(floats, e);
  const counts = take(ints, e);
  const profile = { items: take(ints, p), weights: take(floats, p) };
  for (const i of profile.items)
    if (i < 0 || i >= nItems) throw new Error(`track ${i} out of range`);
  return { neighbours: ItemNeighbours.of(nItems, offsets, ids, weights, counts), profile };
}
