import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalAudioCommand } from '../../src/main/cli/commands/eval-audio';
import { trainAudioCommand } from '../../src/main/cli/commands/train-audio';
import { MelCache } from '../../src/main/engine/audio/mel-cache';
import { AudioEmbedder } from '../../src/main/engine/embed/embedder';
import { seededModel } from '../../src/main/engine/embed/init';
import { libraryModelDir } from '../../src/main/engine/embed/weights';
import { Engine } from '../../src/main/engine/engine';
import type { JobProgress } from '../../src/main/engine/jobs/job-progress';
import { trainingCheckpointDir } from '../../src/main/engine/train/library-training';
import { reembedFromCache } from '../../src/main/engine/train/reembed';
import { trackIdFor } from '../../src/main/engine/store/track-id';
import { writeLibrary, type LibraryFile } from '../helpers/library';
import { tempDir } from '../helpers/synth';

const FILES: LibraryFile[] = [110, 220, 330, 440].flatMap((freq, i): LibraryFile[] => [
  { name: `tone-${freq}`, format: 'ogg', signal: { kind: 'sine', freq } },
  { name: `noise-${i}`, format: 'ogg', signal: { kind: 'noise', seed: i + 1 } },
]);

function bufferedIo() {
  let out = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    io: { stdout: sink((s) => (out += s)), stderr: sink(() => undefined) },
    json: (): unknown => JSON.parse(out),
  };
}

describe('audio training and evaluation (real ffmpeg, Meyda, TF.js, LanceDB)', () => {
  let root: string;
  let corpus: string;
  let data: string;
  let resources: string;

  beforeAll(async () => {
    root = await tempDir();
    corpus = join(root, 'corpus');
    data = join(root, 'data');
    // No shipped weights: the seeded ones, whatever the repository holds.
    resources = join(root, 'resources');
    await mkdir(resources);
    process.env.DEEPCUT_RESOURCES = resources;
    const paths = await writeLibrary(corpus, FILES);
    const rows = [...paths].map(
      ([name, path]) => `${relative(corpus, path)}\t${name.split('-')[0]}`,
    );
    await writeFile(join(corpus, 'labels.tsv'), `path\tsoundtrack\n${rows.join('\n')}\n`);
  });

  afterAll(async () => {
    delete process.env.DEEPCUT_RESOURCES;
    await rm(root, { recursive: true, force: true });
  });

  it('eval-audio scans the corpus, caches its spectrograms and scores model and baselines', async () => {
    const { io, json } = bufferedIo();
    expect(await evalAudioCommand(['--corpus', corpus, '--data', data, '--json'], io)).toBe(0);
    const report = json() as Record<string, unknown>;
    expect(report).toMatchObject({ tracks: FILES.length, labels: 2 });
    for (const key of ['model', 'mfcc', 'logmel', 'chance']) {
      const scores = report[key] as Record<string, number>;
      expect(Object.keys(scores).sort()).toEqual(['map', 'p10', 'p5']);
      for (const v of Object.values(scores)) expect(v).toBeGreaterThanOrEqual(0);
      expect(scores.map).toBeLessThanOrEqual(1);
    }
    // Tones and noise are told apart by the simplest feature.
    expect((report.logmel as { map: number }).map).toBe(1);
    const cache = new MelCache(data);
    for (const f of FILES) {
      expect(await cache.has(trackIdFor(join(corpus, `${f.name}.ogg`)))).toBe(true);
    }
  });

  it('train-audio fine-tunes on the library, saves a new model and re-embeds every track', async () => {
    const engine = await Engine.open({ dataDir: data, resourcesDir: resources });
    try {
      const before = [...(await engine.store.modelVersions()).keys()];
      const { io, json } = bufferedIo();
      const signal = new AbortController().signal;
      expect(await trainAudioCommand(engine, ['--epochs', '2', '--json'], io, signal)).toBe(0);
      const summary = json() as Record<string, unknown>;
      expect(summary).toMatchObject({
        tracks: FILES.length,
        epochs: 2,
        resumedFrom: 0,
        previousVersion: before[0],
        reembedded: FILES.length,
        uncached: 0,
      });
      expect(summary.modelVersion).not.toBe(before[0]);
      expect(existsSync(join(libraryModelDir(data), 'model.json'))).toBe(true);
      expect(existsSync(join(trainingCheckpointDir(data), 'checkpoint.json'))).toBe(false);
      expect([...(await engine.store.modelVersions())]).toEqual([
        [summary.modelVersion, FILES.length],
      ]);
      const embedder = await AudioEmbedder.create({ dataDir: data, resourcesDir: resources });
      expect(embedder.version).toBe(summary.modelVersion);
      embedder.dispose();
      for (const k of (await engine.store.knownFiles()).values()) {
        expect(k.modelVersion).toBe(summary.modelVersion);
      }
    } finally {
      await engine.close();
    }
  });

  it('Engine.trainAudio on a new library lowers the loss, switches model and leaks no tensor', async () => {
    const engine = await Engine.open({ dataDir: join(root, 'data-new'), resourcesDir: resources });
    try {
      await engine.scan([corpus]);
      const before = await engine.audioEmbedder();
      const tensors = tf.memory().numTensors;
      const seen: JobProgress[] = [];
      const summary = await engine.trainAudio({ epochs: 6, onProgress: (p) => seen.push(p) });
      expect(summary).toMatchObject({
        tracks: FILES.length,
        epochs: 6,
        resumedFrom: 0,
        previousVersion: before.version,
        reembedded: FILES.length,
        uncached: 0,
      });
      expect(summary.losses).toHaveLength(6);
      expect(summary.losses.at(-1)).toBeLessThan(summary.losses[0] ?? 0);
      // The engine let go of the old model and switched to the new one.
      const after = await engine.audioEmbedder();
      expect(after).not.toBe(before);
      expect(() => before.embed([])).toThrow(/dispose/);
      expect(after.version).toBe(summary.modelVersion);
      expect(tf.memory().numTensors).toBe(tensors);
      expect([...(await engine.store.modelVersions())]).toEqual([
        [summary.modelVersion, FILES.length],
      ]);
      const jobs = new Set(seen.map((p) => (p.job === 'train' ? `train:${p.phase}` : p.job)));
      expect([...jobs]).toEqual(['train:train', 're-embed']);
      const last = seen.filter((p) => p.job === 'train').at(-1);
      expect(last).toMatchObject({ epoch: 6, epochs: 6 });
      expect(last?.done).toBe(last?.total);
    } finally {
      await engine.close();
    }
  });

  it('re-embeds from the cache on a model change; an uncached track is left for the scan', async () => {
    const engine = await Engine.open({ dataDir: data, resourcesDir: resources });
    const embedder = await AudioEmbedder.create({ model: seededModel(undefined, 99) });
    try {
      const cache = new MelCache(data);
      const gone = trackIdFor(join(corpus, `${FILES[0]?.name}.ogg`));
      await cache.delete(gone);
      const summary = await reembedFromCache(engine.store, embedder, cache);
      expect(summary).toEqual({ reembedded: FILES.length - 1, uncached: 1 });
      const known = [...(await engine.store.knownFiles()).values()];
      for (const k of known) {
        if (k.id === gone) expect(k.modelVersion).not.toBe(embedder.version);
        else expect(k.modelVersion).toBe(embedder.version);
      }
      const hits = await engine.store.similar(trackIdFor(join(corpus, 'noise-0.ogg')), 10);
      // Searches compare vectors of one model only.
      expect(hits.map((h) => h.track.id)).not.toContain(gone);
      expect(hits).toHaveLength(FILES.length - 2);
      expect(await reembedFromCache(engine.store, embedder, cache)).toEqual({
        reembedded: 0,
        uncached: 1,
      });
    } finally {
      embedder.dispose();
      await engine.close();
    }
  });
});
