import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand } from '../../src/main/cli/commands/scan';
import { UsageError } from '../../src/main/cli/usage';
import { initBackend } from '../../src/main/engine/embed/backend';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import { seededModel } from '../../src/main/engine/embed/init';
import { libraryModelDir, modelVersion } from '../../src/main/engine/embed/weights';
import { Engine } from '../../src/main/engine/engine';
import type { JobProgress } from '../../src/main/engine/jobs/job-progress';
import { trainingCheckpointDir } from '../../src/main/engine/train/library-training';
import { writeLibrary, type LibraryFile } from '../helpers/library';
import { tempDir } from '../helpers/synth';

const FILES: LibraryFile[] = [150, 300, 600, 1200, 2400].flatMap((freq, i): LibraryFile[] => [
  { name: `tone-${freq}`, format: 'ogg', signal: { kind: 'sine', freq } },
  { name: `clicks-${i}`, format: 'ogg', signal: { kind: 'clicks', bpm: 80 + 20 * i } },
]);

/** Small thresholds and runs, so a ten-track library trains after its scan. */
const AUTO = { minNewTracks: 6, minTracks: 8, epochs: 3 } as const;

describe('training after a scan, in the background (real ffmpeg, TF.js, LanceDB)', () => {
  let root: string;
  let music: string;
  let resources: string;
  let seeded: string;

  beforeAll(async () => {
    root = await tempDir();
    music = join(root, 'music');
    await writeLibrary(music, FILES);
    // No shipped weights: the seeded ones, whatever the repository holds.
    resources = join(root, 'resources');
    await mkdir(resources);
    await initBackend();
    const model = seededModel();
    seeded = modelVersion(model);
    disposeModel(model);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function open(name: string): Promise<Engine> {
    return Engine.open({ dataDir: join(root, name), resourcesDir: resources, workers: 1 });
  }

  it('trains once enough tracks are new, reports each job, and switches the library over', async () => {
    const engine = await open('data-auto');
    try {
      const seen: JobProgress[] = [];
      const summary = await engine.scan([music], {
        train: 'auto',
        autoTrain: AUTO,
        onProgress: (p) => seen.push(p),
      });
      expect(summary.trainCheck).toMatchObject({ due: true, tracks: FILES.length, newTracks: 10 });
      expect(summary.training).not.toBeNull();
      expect(engine.audioTraining).toBe(summary.training);
      const outcome = await summary.training?.done;
      if (outcome?.status !== 'trained') throw new Error(`training ${JSON.stringify(outcome)}`);
      expect(outcome.summary).toMatchObject({
        epochs: 3,
        previousVersion: seeded,
        reembedded: FILES.length,
      });
      expect(engine.audioTraining).toBeNull();
      const version = outcome.summary.modelVersion;
      expect((await engine.status()).modelVersion).toBe(version);
      expect([...(await engine.store.modelVersions())]).toEqual([[version, FILES.length]]);
      const order = [...new Set(seen.map((p) => p.job))];
      expect(order).toEqual(['scan', 'train', 're-embed']);
      expect(existsSync(join(root, 'data-auto', 'deepcut.lock'))).toBe(false);

      // Nothing new since: the next scan does not train again.
      const again = await engine.scan([music], { train: 'auto', autoTrain: AUTO });
      expect(again.trainCheck).toMatchObject({ due: false, newTracks: 0 });
      expect(again.training).toBeNull();
    } finally {
      await engine.close();
    }
  });

  it('can be cancelled, keeping the previous model, and the next run resumes', async () => {
    const engine = await open('data-cancel');
    try {
      await engine.audioEmbedder();
      const tensors = tf.memory().numTensors;
      const data = join(root, 'data-cancel');
      const summary = await engine.scan([music], {
        train: 'auto',
        autoTrain: { ...AUTO, epochs: 5 },
        // Cancelled once training is under way (progress is throttled: not always in epoch 2).
        onProgress: (p) => {
          if (p.job === 'train' && p.phase === 'train' && p.epoch >= 2) {
            engine.audioTraining?.cancel();
          }
        },
      });
      expect(await summary.training?.done).toEqual({ status: 'cancelled' });
      expect(existsSync(join(libraryModelDir(data), 'model.json'))).toBe(false);
      const checkpoint = JSON.parse(
        await readFile(join(trainingCheckpointDir(data), 'checkpoint.json'), 'utf8'),
      ) as { epoch: number };
      expect(checkpoint.epoch).toBeGreaterThanOrEqual(1);
      expect((await engine.audioEmbedder()).version).toBe(seeded);
      expect([...(await engine.store.modelVersions())]).toEqual([[seeded, FILES.length]]);
      expect(tf.memory().numTensors).toBe(tensors);

      const resumed = await engine.trainAudio({ epochs: 5 });
      expect(resumed).toMatchObject({
        resumedFrom: checkpoint.epoch,
        epochs: 5,
        reembedded: FILES.length,
      });
      expect(resumed.modelVersion).not.toBe(seeded);
      expect(resumed.losses).toHaveLength(5);
      expect(tf.memory().numTensors).toBe(tensors);
    } finally {
      await engine.close();
    }
  });

  it('stops for a new scan and for close()', async () => {
    const engine = await open('data-stop');
    let closed = false;
    try {
      const first = await engine.scan([music], { train: 'auto', autoTrain: AUTO });
      // A scan asked for while training runs stops it rather than waiting for it.
      const second = await engine.scan([music]);
      expect(await first.training?.done).toEqual({ status: 'cancelled' });
      expect(second).toMatchObject({ analysed: 0, unchanged: FILES.length });
      const third = await engine.scan([music], { train: 'auto', autoTrain: AUTO });
      expect(third.training).not.toBeNull();
      await engine.close();
      closed = true;
      expect(await third.training?.done).toEqual({ status: 'cancelled' });
      expect(existsSync(join(root, 'data-stop', 'deepcut.lock'))).toBe(false);
    } finally {
      if (!closed) await engine.close();
    }
  });

  it('deepcut scan --train auto says why it did not train; a bad --train is a usage error', async () => {
    const engine = await open('data-cli');
    try {
      let out = '';
      const io = {
        stdout: new Writable({
          write(chunk: Buffer, _encoding, done) {
            out += chunk.toString();
            done();
          },
        }),
        stderr: new Writable({ write: (_chunk, _encoding, done) => done() }),
      };
      const signal = new AbortController().signal;
      expect(await scanCommand(engine, [music, '--train', 'auto'], io, signal)).toBe(0);
      expect(out).toMatch(
        /not retrained: 10 new of 10 analysed tracks \(it trains from 50 new and 100/,
      );
      await expect(
        scanCommand(engine, [music, '--train', 'sometimes'], io, signal),
      ).rejects.toThrow(UsageError);
    } finally {
      await engine.close();
    }
  });
});
