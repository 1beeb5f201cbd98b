import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import type { AudioModel } from '../../src/main/engine/embed/cnn';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import { DEFAULT_CNN_CONFIG, paramSpecs } from '../../src/main/engine/embed/cnn-config';
import { seededModel } from '../../src/main/engine/embed/init';
import {
  AUDIO_MODEL_SUBDIR,
  defaultResourcesDir,
  loadAudioModel,
  loadWeights,
  modelVersion,
  saveWeights,
} from '../../src/main/engine/embed/weights';

function paramBytes(model: AudioModel): Map<string, Buffer> {
  return new Map(
    paramSpecs(model.config).map((spec) => [
      spec.name,
      Buffer.from((model.params[spec.name]?.dataSync() as Float32Array).buffer),
    ]),
  );
}

let dir: string;
const models: AudioModel[] = [];
function track(model: AudioModel): AudioModel {
  models.push(model);
  return model;
}

beforeAll(async () => {
  await initBackend('cpu');
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-embed-weights-'));
});
afterEach(async () => {
  for (const m of models.splice(0)) disposeModel(m);
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('saveWeights / loadWeights', () => {
  it('round-trips every weight bit for bit, with the same version and metadata', async () => {
    const model = track(seededModel(undefined, 123));
    await saveWeights(dir, model);
    const loaded = track(await loadWeights(dir));
    expect(loaded.config).toEqual(model.config);
    expect(loaded.createdAt).toBe(model.createdAt);
    expect(loaded.notes).toBe(model.notes);
    const [a, b] = [paramBytes(model), paramBytes(loaded)];
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes)).toBe(true);
    expect(modelVersion(loaded)).toBe(modelVersion(model));
    const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      format: string;
      version: string;
      weights: { offset: number; length: number }[];
    };
    expect(manifest.format).toBe('deepcut-cnn');
    expect(manifest.version).toBe(modelVersion(model));
    const last = manifest.weights.at(-1);
    expect((await readFile(join(dir, 'weights.bin'))).length).toBe(
      (last?.offset ?? 0) + (last?.length ?? 0),
    );
  });

  it('reads weights saved before the pooling field as mean-max pooling, version unchanged', async () => {
    const model = track(seededModel({ ...DEFAULT_CNN_CONFIG, pooling: 'mean-max' }, 3));
    await saveWeights(dir, model);
    const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      config: Record<string, unknown>;
      version: string;
    };
    // Written exactly as before the field existed, so older versions keep their hash.
    expect(Object.keys(manifest.config)).not.toContain('pooling');
    const loaded = track(await loadWeights(dir));
    expect(loaded.config.pooling).toBe('mean-max');
    expect(modelVersion(loaded)).toBe(manifest.version);
    expect(paramSpecs(loaded.config).find((s) => s.name === 'dense1/w')?.shape).toEqual([256, 256]);
    const withStd = track(seededModel(DEFAULT_CNN_CONFIG, 3));
    expect(paramSpecs(withStd.config).find((s) => s.name === 'dense1/w')?.shape).toEqual([
      384, 256,
    ]);
    expect(modelVersion(withStd)).not.toBe(manifest.version);
  });

  it('gives a different version when any weight changes', async () => {
    const model = track(seededModel());
    const before = modelVersion(model);
    const b = model.params['dense2/b'];
    if (b === undefined) throw new Error('no dense2/b');
    const nudged = tf.add(b, 1e-3);
    b.assign(nudged);
    nudged.dispose();
    expect(modelVersion(model)).not.toBe(before);
  });

  it('reports a missing model.json', async () => {
    await expect(loadWeights(dir)).rejects.toThrow(/cannot read the audio model's model\.json/);
  });

  it('reports a model.json that is not JSON or not a deepcut-cnn manifest', async () => {
    await writeFile(join(dir, 'model.json'), '{"format": "deepcut-cnn", ');
    await expect(loadWeights(dir)).rejects.toThrow(/corrupt model\.json/);
    await writeFile(join(dir, 'model.json'), JSON.stringify({ format: 'keras', weights: [] }));
    await expect(loadWeights(dir)).rejects.toThrow(/invalid model\.json/);
  });

  it('reports truncated or altered weights', async () => {
    await saveWeights(dir, track(seededModel()));
    const bytes = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), bytes.subarray(0, bytes.length - 4));
    await expect(loadWeights(dir)).rejects.toThrow(/truncated/);
    const altered = Buffer.from(bytes);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 0x01;
    await writeFile(join(dir, 'weights.bin'), altered);
    await expect(loadWeights(dir)).rejects.toThrow(/hash to cnn1-[0-9a-f]{12}, not/);
  });
});

describe('loadAudioModel', () => {
  it('uses the seeded weights while no model ships', async () => {
    const model = track(await loadAudioModel(dir));
    expect(modelVersion(model)).toBe(modelVersion(track(seededModel())));
  });

  it('loads shipped weights from <resources>/models/audio-cnn', async () => {
    const shipped = track(seededModel(undefined, 5));
    await saveWeights(join(dir, AUDIO_MODEL_SUBDIR), shipped);
    expect(modelVersion(track(await loadAudioModel(dir)))).toBe(modelVersion(shipped));
  });

  it('finds the repository resources folder, or DEEPCUT_RESOURCES', () => {
    const found = defaultResourcesDir();
    expect(basename(found)).toBe('resources');
    expect(existsSync(join(dirname(found), 'package.json'))).toBe(true);
    vi.stubEnv('DEEPCUT_RESOURCES', dir);
    expect(defaultResourcesDir()).toBe(dir);
  });
});
