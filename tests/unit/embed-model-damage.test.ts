/**
 * A damaged audio model file (the library's fine-tuned one, or the shipped one) is found when it
 * loads, reported in one line, and another model is used, so scans and radios keep working.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { disposeModel, type AudioModel } from '../../src/main/engine/embed/cnn';
import { DEFAULT_CNN_CONFIG } from '../../src/main/engine/embed/cnn-config';
import { seededModel } from '../../src/main/engine/embed/init';
import {
  activeModelStamp,
  AUDIO_MODEL_SUBDIR,
  libraryModelDir,
  loadAudioModel,
  loadLibraryAudioModel,
  modelVersion,
  saveWeights,
} from '../../src/main/engine/embed/weights';
import { flipBytes } from '../helpers/store-damage';

let root: string;
let resources: string;
let data: string;
let shippedVersion: string;
let ownVersion: string;
let seededVersion: string;
const reports: string[] = [];
const report = (message: string): void => void reports.push(message);

async function versionOf(loading: Promise<AudioModel>): Promise<string> {
  const model = await loading;
  try {
    return modelVersion(model);
  } finally {
    disposeModel(model);
  }
}

beforeAll(async () => {
  await initBackend('cpu');
  const seeded = seededModel();
  seededVersion = modelVersion(seeded);
  disposeModel(seeded);
});
beforeEach(async () => {
  reports.length = 0;
  root = await mkdtemp(join(tmpdir(), 'deepcut-model-damage-'));
  resources = join(root, 'resources');
  data = join(root, 'data');
  // Two models that differ from the seeded one and from each other.
  const shipped = seededModel(DEFAULT_CNN_CONFIG, 7);
  const own = seededModel(DEFAULT_CNN_CONFIG, 8);
  try {
    await saveWeights(join(resources, AUDIO_MODEL_SUBDIR), shipped);
    await saveWeights(libraryModelDir(data), own);
    shippedVersion = modelVersion(shipped);
    ownVersion = modelVersion(own);
  } finally {
    disposeModel(shipped);
    disposeModel(own);
  }
});
afterEach(() => rm(root, { recursive: true, force: true }));

const ownWeights = (): string => join(libraryModelDir(data), 'weights.bin');
const ownManifest = (): string => join(libraryModelDir(data), 'model.json');
const shippedWeights = (): string => join(resources, AUDIO_MODEL_SUBDIR, 'weights.bin');

describe("a damaged library's audio model", () => {
  it('loads when healthy, with no report', async () => {
    expect(await versionOf(loadLibraryAudioModel(data, resources, report))).toBe(ownVersion);
    expect(reports).toEqual([]);
  });

  it.each([
    ['flipped bytes in weights.bin', () => flipBytes(ownWeights(), 4_000), /hash to/],
    ['a truncated weights.bin', () => truncate(ownWeights(), 1_000), /truncated/],
    ['a deleted weights.bin', () => rm(ownWeights()), /cannot read .*weights\.bin/],
    ['a model.json cut short', () => truncate(ownManifest(), 100), /corrupt model\.json/],
    ['a model.json of another shape', () => writeFile(ownManifest(), '{"format":1}'), /invalid/],
  ])('is found with %s: reported, moved aside, the shipped model used', async (_, damage, why) => {
    await damage();
    // The stamp jobs compare before each run already names the model that will be used.
    const stamp = await activeModelStamp(data, resources);
    expect(await versionOf(loadLibraryAudioModel(data, resources, report))).toBe(shippedVersion);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/library's fine-tuned audio model is damaged/);
    expect(reports[0]).toMatch(why);
    expect(reports[0]).toMatch(/moved to .*audio-cnn\.damaged-.*Using the shipped model/);
    const models = await readdir(join(data, 'models'));
    expect(models.filter((m) => m.startsWith('audio-cnn.damaged-'))).toHaveLength(1);
    expect(existsSync(libraryModelDir(data))).toBe(false);
    // Once moved aside, it is not reported again, and the stamp is the shipped model's.
    expect(await versionOf(loadLibraryAudioModel(data, resources, report))).toBe(shippedVersion);
    expect(reports).toHaveLength(1);
    expect((await activeModelStamp(data, resources))?.version).toBe(shippedVersion);
    if (stamp !== null && stamp.version !== shippedVersion) expect(stamp.version).toBe(ownVersion);
  });
});

describe('a damaged shipped audio model', () => {
  it('is reported, and the seeded model used until Deepcut is reinstalled', async () => {
    await flipBytes(shippedWeights(), 8_000);
    expect(await versionOf(loadAudioModel(resources, report))).toBe(seededVersion);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/shipped audio model is damaged \(weights in .* hash to/);
    expect(reports[0]).toMatch(/reinstalled/);
  });

  it('leaves a healthy library model in use', async () => {
    await rm(shippedWeights());
    expect(await versionOf(loadLibraryAudioModel(data, resources, report))).toBe(ownVersion);
    expect(reports).toEqual([]);
  });
});
