/**
 * Training checkpoints: everything needed to resume a run where it stopped (model, projection
 * head, optimiser state, epochs done), in `checkpoint.json` beside `checkpoint.bin`.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const JSON_FILE = 'checkpoint.json';
const BIN_FILE = 'checkpoint.bin';

const manifestSchema = z.object({
  format: z.literal('deepcut-train-checkpoint'),
  /** Identifies the run: a checkpoint of another run (other settings or data) is not resumed. */
  run: z.string(),
  epoch: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  losses: z.array(z.number()),
  arrays: z.array(z.object({ name: z.string(), length: z.number().int().nonnegative() })),
});

/** A run's state after a whole number of epochs. */
export type Checkpoint = Readonly<{
  run: string;
  /** Epochs done. */
  epoch: number;
  /** Optimiser steps done. */
  step: number;
  /** Mean loss of each epoch done. */
  losses: readonly number[];
  /** Every array of state by name, in a fixed order. */
  arrays: ReadonlyMap<string, Float32Array>;
}>;

/** Writes a checkpoint into `dir`, replacing the previous one only once it is complete. */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = [...checkpoint.arrays];
  const bytes = Buffer.alloc(entries.reduce((n, [, a]) => n + a.length * 4, 0));
  let offset = 0;
  for (const [, array] of entries) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(bytes, offset);
    offset += array.byteLength;
  }
  const manifest: z.infer<typeof manifestSchema> = {
    format: 'deepcut-train-checkpoint',
    run: checkpoint.run,
    epoch: checkpoint.epoch,
    step: checkpoint.step,
    losses: [...checkpoint.losses],
    arrays: entries.map(([name, a]) => ({ name, length: a.length })),
  };
  // The manifest names the bin's length, so a manifest renamed in before its bin is caught.
  await writeFile(join(dir, `${BIN_FILE}.tmp`), bytes);
  await writeFile(join(dir, `${JSON_FILE}.tmp`), JSON.stringify(manifest));
  await rename(join(dir, `${BIN_FILE}.tmp`), join(dir, BIN_FILE));
  await rename(join(dir, `${JSON_FILE}.tmp`), join(dir, JSON_FILE));
}

/**
 * The checkpoint in `dir` if there is a complete one of run `run`; null when there is none, it
 * belongs to another run, or it is damaged (the run then starts over).
 */
export async function loadCheckpoint(dir: string, run: string): Promise<Checkpoint | null> {
  try {
    const manifest = manifestSchema.parse(
      JSON.parse(await readFile(join(dir, JSON_FILE), 'utf8')) as unknown,
    );
    if (manifest.run !== run) return null;
    const bytes = await readFile(join(dir, BIN_FILE));
    const total = manifest.arrays.reduce((n, a) => n + a.length * 4, 0);
    if (bytes.length !== total) return null;
    const arrays = new Map<string, Float32Array>();
    let offset = 0;
    for (const { name, length } of manifest.arrays) {
      const array = new Float32Array(length);
      Buffer.from(array.buffer).set(bytes.subarray(offset, offset + length * 4));
      arrays.set(name, array);
      offset += length * 4;
    }
    return { run, epoch: manifest.epoch, step: manifest.step, losses: manifest.losses, arrays };
  } catch {
    return null;
  }
}

/** Deletes the checkpoint in `dir`, if any. */
export async function removeCheckpoint(dir: string): Promise<void> {
  await rm(join(dir, JSON_FILE), { force: true });
  await rm(join(dir, BIN_FILE), { force: true });
}
