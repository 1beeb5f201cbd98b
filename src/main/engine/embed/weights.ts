/**
 * The CNN on disk: `model.json` (format, config, weight manifest, version) beside `weights.bin`
 * (every parameter as float32 little-endian, in manifest order).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AudioModel } from './cnn';
import { createModel, disposeModel } from './cnn';
import type { CnnConfig } from './cnn-config';
import { paramSpecs, validateConfig } from './cnn-config';
import { seededModel } from './init';

/** Where shipped weights live inside the resources folder. */
export const AUDIO_MODEL_SUBDIR = join('models', 'audio-cnn');
const MANIFEST = 'model.json';
const WEIGHTS = 'weights.bin';

const manifestSchema = z.object({
  format: z.literal('deepcut-cnn'),
  formatVersion: z.literal(1),
  config: z.unknown(),
  weights: z.array(
    z.object({
      name: z.string(),
      shape: z.array(z.number().int().nonnegative()),
      dtype: z.literal('float32'),
      /** Byte offset into weights.bin. */
      offset: z.number().int().nonnegative(),
      /** Length in bytes. */
      length: z.number().int().nonnegative(),
    }),
  ),
  version: z.string(),
  createdAt: z.string(),
  notes: z.string().optional(),
});

/** The parsed contents of model.json. */
export type ModelManifest = z.infer<typeof manifestSchema>;

// Fixed key order, so the hash does not depend on how a config object was built. The pooling is
// left out when it is the one weights had before the field existed, so their versions still hold.
function configJson(c: CnnConfig): string {
  return JSON.stringify({
    patchFrames: c.patchFrames,
    melBands: c.melBands,
    kernel: c.kernel,
    channels: c.channels,
    ...(c.pooling === 'mean-max' ? {} : { pooling: c.pooling }),
    hidden: c.hidden,
    embedDim: c.embedDim,
  });
}

/** Every parameter as float32 little-endian bytes, in {@link paramSpecs} order. */
function weightBytes(model: AudioModel): Buffer {
  const arrays = paramSpecs(model.config).map((spec) => {
    const v = model.params[spec.name];
    if (v === undefined) throw new Error(`CNN parameter ${spec.name} is missing`);
    return v.dataSync() as Float32Array;
  });
  const bytes = Buffer.alloc(arrays.reduce((n, a) => n + a.length * 4, 0));
  let offset = 0;
  for (const a of arrays) {
    for (const value of a) offset = bytes.writeFloatLE(value, offset);
  }
  return bytes;
}

function versionOf(config: CnnConfig, bytes: Buffer): string {
  const hash = createHash('sha256').update(configJson(config)).update(bytes).digest('hex');
  return `cnn1-${hash.slice(0, 12)}`;
}

/** "cnn1-" + the first 12 hex digits of sha256(config JSON + weight bytes). */
export function modelVersion(model: AudioModel): string {
  return versionOf(model.config, weightBytes(model));
}

/** Writes model.json and weights.bin into `dir` (created if needed); model.json goes last. */
export async function saveWeights(dir: string, model: AudioModel): Promise<void> {
  const bytes = weightBytes(model);
  let offset = 0;
  const weights = paramSpecs(model.config).map((spec) => {
    const length = spec.shape.reduce((a, b) => a * b, 1) * 4;
    const entry = {
      name: spec.name,
      shape: [...spec.shape],
      dtype: 'float32' as const,
      offset,
      length,
    };
    offset += length;
    return entry;
  });
  const manifest: ModelManifest = {
    format: 'deepcut-cnn',
    formatVersion: 1,
    config: JSON.parse(configJson(model.config)) as unknown,
    weights,
    version: versionOf(model.config, bytes),
    createdAt: model.createdAt,
    ...(model.notes === undefined ? {} : { notes: model.notes }),
  };
  await mkdir(dir, { recursive: true });
  // Temporary names then renames, so a crash never leaves a half-written file under the real name.
  await writeFile(join(dir, `${WEIGHTS}.tmp`), bytes);
  await writeFile(join(dir, `${MANIFEST}.tmp`), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(join(dir, `${WEIGHTS}.tmp`), join(dir, WEIGHTS));
  await rename(join(dir, `${MANIFEST}.tmp`), join(dir, MANIFEST));
}

async function readManifest(dir: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (error) {
    throw new Error(`cannot read the audio model's ${MANIFEST} in ${dir}: ${String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`corrupt ${MANIFEST} in ${dir}: ${String(error)}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`invalid ${MANIFEST} in ${dir}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Reads a model written by {@link saveWeights}. Throws a descriptive error when a file is missing
 * or corrupt, when the manifest does not match the config's parameters, or when the weights do
 * not hash to the recorded version.
 */
export async function loadWeights(dir: string): Promise<AudioModel> {
  const manifest = await readManifest(dir);
  const config = validateConfig(manifest.config);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, WEIGHTS));
  } catch (error) {
    throw new Error(`cannot read the audio model's ${WEIGHTS} in ${dir}: ${String(error)}`);
  }
  const entries = new Map(manifest.weights.map((w) => [w.name, w]));
  const values = new Map<string, Float32Array>();
  for (const spec of paramSpecs(config)) {
    const entry = entries.get(spec.name);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (
      entry === undefined ||
      entry.shape.join() !== spec.shape.join() ||
      entry.length !== size * 4
    ) {
      throw new Error(`${MANIFEST} in ${dir} does not describe parameter ${spec.name} as expected`);
    }
    if (entry.offset + entry.length > bytes.length) {
      throw new Error(`${WEIGHTS} in ${dir} is truncated (parameter ${spec.name})`);
    }
    const value = new Float32Array(size);
    for (let i = 0; i < size; i++) value[i] = bytes.readFloatLE(entry.offset + i * 4);
    values.set(spec.name, value);
  }
  if (entries.size !== values.size) {
    throw new Error(`${MANIFEST} in ${dir} lists parameters this CNN does not have`);
  }
  const model = createModel(config, values, {
    createdAt: manifest.createdAt,
    ...(manifest.notes === undefined ? {} : { notes: manifest.notes }),
  });
  const version = modelVersion(model);
  if (version !== manifest.version) {
    disposeModel(model);
    throw new Error(
      `weights in ${dir} hash to ${version}, not ${manifest.version} as ${MANIFEST} says`,
    );
  }
  return model;
}

/**
 * The repository's (or installed app's) `resources/` folder: `DEEPCUT_RESOURCES` if set, else
 * `resources` beside the nearest package.json above this module.
 */
export function defaultResourcesDir(): string {
  const fromEnv = process.env.DEEPCUT_RESOURCES;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the engine; set DEEPCUT_RESOURCES');
    dir = parent;
  }
  return join(dir, 'resources');
}

/** Told, in one line, that a model file was damaged and which model is used instead. */
export type ModelDamageReport = (message: string) => void;

/** The default report: a warning on stderr, which the CLI and the engine process both have. */
const warnOnStderr: ModelDamageReport = (message) => {
  process.stderr.write(`deepcut: warning: ${message}\n`);
};

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The audio model to embed with: the trained weights in
 * `<resourcesDir>/models/audio-cnn/` when they exist, else the seeded initial weights. Damaged
 * shipped weights are reported and the seeded ones used, as NeuMF trains from scratch when its
 * saved model is damaged: the app keeps working, and the report says to reinstall.
 */
export async function loadAudioModel(
  resourcesDir?: string,
  report: ModelDamageReport = warnOnStderr,
): Promise<AudioModel> {
  const dir = join(resourcesDir ?? defaultResourcesDir(), AUDIO_MODEL_SUBDIR);
  if (!existsSync(join(dir, MANIFEST))) return seededModel();
  try {
    return await loadWeights(dir);
  } catch (error) {
    report(
      `the shipped audio model is damaged (${reasonOf(error)}); using the untrained seeded model, so similar tracks are poor until Deepcut is reinstalled`,
    );
    return seededModel();
  }
}

/** Where a library's own trained weights live: `<dataDir>/models/audio-cnn/`. */
export function libraryModelDir(dataDir: string): string {
  return join(dataDir, AUDIO_MODEL_SUBDIR);
}

/**
 * The audio model for the library in `dataDir`: the weights trained on it when there are, else
 * the shipped ones (see {@link loadAudioModel}). Damaged library weights are moved aside
 * (`audio-cnn.damaged-<time>`, kept for a look) and reported; the shipped model is used, the
 * library is re-embedded with it from the mel cache on the next job, and train-audio can
 * fine-tune again.
 */
export async function loadLibraryAudioModel(
  dataDir: string,
  resourcesDir?: string,
  report: ModelDamageReport = warnOnStderr,
): Promise<AudioModel> {
  const own = libraryModelDir(dataDir);
  if (existsSync(join(own, MANIFEST))) {
    try {
      return await loadWeights(own);
    } catch (error) {
      const aside = `${own}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      const moved = await rename(own, aside).then(
        () => `moved to ${aside}`,
        () => 'left where it is',
      );
      report(
        `the library's fine-tuned audio model is damaged (${reasonOf(error)}); ${moved}. Using the shipped model instead: the library is re-embedded from the mel cache, and train-audio can fine-tune again`,
      );
    }
  }
  return loadAudioModel(resourcesDir, report);
}

/** What a saved model's manifest says about it, without loading its weights. */
export type ModelStamp = Readonly<{ version: string; createdAt: string }>;

/** The version and date of the model saved in `dir`, or null when there is none. */
export async function readModelStamp(dir: string): Promise<ModelStamp | null> {
  if (!existsSync(join(dir, MANIFEST))) return null;
  const { version, createdAt } = await readManifest(dir);
  return { version, createdAt };
}

/**
 * The stamp of the model {@link loadLibraryAudioModel} would load now (null: the seeded one),
 * cheap enough to check before every job whether another process saved a new model.
 */
export async function activeModelStamp(
  dataDir: string,
  resourcesDir?: string,
): Promise<ModelStamp | null> {
  // A manifest that cannot be read is a damaged model, which the loaders replace by the next one.
  const stampOf = (dir: string): Promise<ModelStamp | null> =>
    readModelStamp(dir).catch(() => null);
  return (
    (await stampOf(libraryModelDir(dataDir))) ??
    (await stampOf(join(resourcesDir ?? defaultResourcesDir(), AUDIO_MODEL_SUBDIR)))
  );
}
