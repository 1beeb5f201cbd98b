/**
 * A profile's collaborative model on disk, `<data>/profiles/<profile>/cf/`:
 *
 * - `<version>/`: model.json and params.bin (model-io.ts: the parameters, the user ids, and the
 *   track ids in row order, i.e. the track-id ↔ index map) beside training.json (per-track
 *   evidence, the fingerprint of the events learnt from, and how the run went);
 * - `current.json`: `{"version"}`, the model in use.
 *
 * A new model is written under a temporary name, renamed to its version, and only then does
 * current.json (itself written to a temporary file and renamed) point at it; older versions go
 * last. A crash or a cancel at any point leaves the previous model whole and current.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { eventLogPath } from '../events/event-log';
import type { NcfModel } from './model-io';
import { loadNcfModel, saveNcfModel } from './model-io';

const CURRENT = 'current.json';
const TRAINING = 'training.json';
const TEMP_PREFIX = '.tmp-';

/** How a saved model was trained, and what it knows per track. */
export type TrainingRecord = Readonly<{
  profile: string;
  /** Fingerprint of the events learnt from (event-dataset.ts). */
  fingerprint: string;
  events: number;
  sessions: number;
  /** Per track id: its plays, partials and skips in the training events. */
  evidence: Readonly<Record<string, number>>;
  /** Epochs of the run that produced this model. */
  epochs: number;
  /** Mean log loss of that run's last epoch. */
  loss: number;
  /** Whether that run started from the previous model. */
  warmStart: boolean;
  backend: string;
  seconds: number;
}>;

const trainingSchema = z.object({
  profile: z.string(),
  fingerprint: z.string(),
  events: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
  evidence: z.record(z.string(), z.number().int().nonnegative()),
  epochs: z.number().int().nonnegative(),
  loss: z.number(),
  warmStart: z.boolean(),
  backend: z.string(),
  seconds: z.number().nonnegative(),
});

const currentSchema = z.object({ version: z.string().regex(/^ncf1-[0-9a-f]{12}$/) });

/** A stored model with its version and training record. */
export type LibraryModel = NcfModel & Readonly<{ version: string; training: TrainingRecord }>;

/** The folder of a profile's collaborative models. */
export function libraryModelDir(dataDir: string, profile: string): string {
  // The profile name is validated where the event log's path is made.
  return join(eventLogPath(dataDir, profile), '..', 'cf');
}

/** The version in use for a profile, or null before any model was saved. */
export async function currentModelVersion(
  dataDir: string,
  profile: string,
): Promise<string | null> {
  const file = join(libraryModelDir(dataDir, profile), CURRENT);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = currentSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`invalid ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.version;
}

/** The model in use for a profile, or null before any model was saved. */
export async function loadLibraryModel(
  dataDir: string,
  profile: string,
): Promise<LibraryModel | null> {
  // A training run may replace the model between reading current.json and its folder: then
  // the folder is gone and current.json names the new one.
  for (let attempt = 0; ; attempt++) {
    const version = await currentModelVersion(dataDir, profile);
    if (version === null) return null;
    const dir = join(libraryModelDir(dataDir, profile), version);
    try {
      const model = await loadNcfModel(dir);
      const training = trainingSchema.parse(
        JSON.parse(await readFile(join(dir, TRAINING), 'utf8')),
      );
      return { ...model, training };
    } catch (error) {
      const gone = await stat(dir).then(
        () => false,
        () => true,
      );
      if (!gone || attempt > 0) throw error;
    }
  }
}

/**
 * Saves `model` as the profile's model in use and removes older versions. Returns its version.
 * `extra` writes what is saved beside the model (the co-play rows) into its folder before the
 * folder takes the version's name, so a reader never sees the model without it.
 */
export async function saveLibraryModel(
  dataDir: string,
  model: NcfModel,
  training: TrainingRecord,
  extra?: (dir: string) => Promise<void>,
): Promise<string> {
  const root = libraryModelDir(dataDir, training.profile);
  await mkdir(root, { recursive: true });
  const temp = join(root, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  let version: string;
  try {
    version = await saveNcfModel(temp, model);
    await writeFile(join(temp, TRAINING), `${JSON.stringify(training)}\n`);
    await extra?.(temp);
    const final = join(root, version);
    // The same version is the same content: keep the copy already there, with what is beside.
    if (await exists(final)) {
      await rm(temp, { recursive: true, force: true });
      await extra?.(final);
    } else await rename(temp, final);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const currentTemp = join(root, `${TEMP_PREFIX}${CURRENT}`);
  await writeFile(currentTemp, `${JSON.stringify({ version })}\n`);
  await rename(currentTemp, join(root, CURRENT));
  for (const entry of await readdir(root)) {
    if (entry === CURRENT || entry === version) continue;
    // Older versions, and temporary folders of killed runs: training holds the data lock, so no
    // other run is writing one now.
    if (entry.startsWith(TEMP_PREFIX) || currentSchema.shape.version.safeParse(entry).success) {
      await rm(join(root, entry), { recursive: true, force: true });
    }
  }
  return version;
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
