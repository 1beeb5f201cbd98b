/**
 * Scans started from the app fine-tune the audio model in the background once enough tracks are
 * new, reported as learning: the engine host over a real engine (ffmpeg, Meyda, TF.js, LanceDB)
 * and a synthesized library, with the auto-training rule lowered so ten tracks qualify.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import { seededModel } from '../../src/main/engine/embed/init';
import { libraryModelDir, modelVersion } from '../../src/main/engine/embed/weights';
import { Engine } from '../../src/main/engine/engine';
import type { Pushed } from '../unit/api-fixtures';
import { writeLibrary, type LibraryFile } from '../helpers/library';
import { recordingHost, type RecordingHost } from '../helpers/recording-host';
import { tempDir } from '../helpers/synth';

const FILES: LibraryFile[] = [150, 300, 600, 1200, 2400].flatMap((freq, i): LibraryFile[] => [
  { name: `tone-${freq}`, format: 'ogg', signal: { kind: 'sine', freq } },
  { name: `clicks-${i}`, format: 'ogg', signal: { kind: 'clicks', bpm: 80 + 20 * i } },
]);

/** Small thresholds and runs, so a ten-track library trains after its scan. */
const AUTO = { minNewTracks: 6, minTracks: 8, epochs: 3 } as const;
/** Waiting is a hang detector, not a speed check: the machine is shared. */
const WAIT = { timeout: 240_000, interval: 50 } as const;

let root: string;
let music: string;
let extra: string;
let data: string;
let seeded: string;
let engine: Engine;

function open(onPush?: (pushed: Pushed, h: RecordingHost) => void): RecordingHost {
  return recordingHost(engine, { autoTrain: AUTO }, onPush);
}

beforeAll(async () => {
  root = await tempDir();
  music = join(root, 'music');
  data = join(root, 'data');
  await writeLibrary(music, FILES);
  extra = join(root, 'extra');
  await writeLibrary(extra, [{ name: 'noise', format: 'ogg', signal: { kind: 'noise' } }]);
  // No shipped weights: the seeded ones, whatever the repository holds.
  const resources = join(root, 'resources');
  await mkdir(resources);
  await initBackend();
  const model = seededModel();
  seeded = modelVersion(model);
  disposeModel(model);
  engine = await Engine.open({ dataDir: data, resourcesDir: resources, workers: 1 });
});

afterAll(async () => {
  await engine.close();
  await rm(root, { recursive: true, force: true });
});

describe('fine-tuning the audio model after an app scan (real engine)', () => {
  it('starts after a scan with enough new tracks; close() stops it', async () => {
    let closing: Promise<void> | null = null;
    const h = open((p, self) => {
      if (p.event === 'learning:progress' && closing === null) closing = self.host.close();
    });
    await h.call('scan:start', { folders: [music] });
    await expect.poll(() => h.payloads('scan:finished').length, WAIT).toBe(1);
    await expect.poll(() => closing !== null, WAIT).toBe(true);
    await closing;
    expect(h.payloads('learning:finished')).toEqual([
      { job: 'audio', outcome: { status: 'cancelled' } },
    ]);
    expect(engine.audioTraining).toBeNull();
    expect((await engine.status()).modelVersion).toBe(seeded);
    expect(existsSync(join(data, 'deepcut.lock'))).toBe(false);
  });

  it('stops before a folder leaves the library, which the reply waits for', async () => {
    let removing: Promise<readonly string[]> | null = null;
    const h = open((p, self) => {
      if (p.event === 'learning:progress' && removing === null) {
        removing = self.call('library:remove-folder', { path: extra });
      }
    });
    try {
      await h.call('scan:start', { folders: [music, extra] });
      await expect.poll(() => removing !== null, WAIT).toBe(true);
      expect(await removing).toEqual([music]);
      expect(h.payloads('learning:finished')).toEqual([
        { job: 'audio', outcome: { status: 'cancelled' } },
      ]);
      expect(engine.audioTraining).toBeNull();
      expect((await engine.store.counts()).total).toBe(FILES.length);
    } finally {
      await h.host.close();
    }
  });

  it('cancels on request, keeping the model in use', async () => {
    let atScanEnd: Promise<unknown> | null = null;
    const h = open((p, self) => {
      // Asked as the scan ends: the run is registered, and reports only from the next turn on.
      if (p.event === 'scan:finished') atScanEnd = self.call('learning:get-state', {});
      if (p.event === 'learning:progress') void self.call('learning:cancel', { job: 'audio' });
    });
    try {
      await h.call('scan:start', {});
      await expect.poll(() => h.payloads('scan:finished').length, WAIT).toBe(1);
      expect(await atScanEnd).toEqual({ running: [{ job: 'audio', progress: null }] });
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(1);
      expect(h.payloads('learning:finished')).toEqual([
        { job: 'audio', outcome: { status: 'cancelled' } },
      ]);
      expect(await h.call('learning:get-state', {})).toEqual({ running: [] });
      expect(engine.audioTraining).toBeNull();
      expect((await engine.status()).modelVersion).toBe(seeded);
      expect(existsSync(join(libraryModelDir(data), 'model.json'))).toBe(false);
    } finally {
      await h.host.close();
    }
  });

  it('a scan asked for while it runs stops it; the next run trains and switches the library', async () => {
    let rescanned = false;
    const h = open((p, self) => {
      if (p.event === 'learning:progress' && !rescanned) {
        rescanned = true;
        void self.call('scan:start', {});
      }
    });
    try {
      const { scanId } = await h.call('scan:start', {});
      await expect.poll(() => h.payloads('scan:finished').length, WAIT).toBe(2);
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(2);
      const [stopped, done] = h.payloads('learning:finished');
      expect(stopped).toEqual({ job: 'audio', outcome: { status: 'cancelled' } });
      if (done?.outcome.status !== 'trained') throw new Error(JSON.stringify(done));
      const version = done.outcome.modelVersion;
      expect(version).not.toBe(seeded);
      expect((await engine.status()).modelVersion).toBe(version);
      expect([...(await engine.store.modelVersions())]).toEqual([[version, FILES.length]]);
      expect(await h.call('learning:get-state', {})).toEqual({ running: [] });
      expect((await h.call('scan:get-state', {})).running).toBeNull();

      // Scan progress is the scans' own; training reports as learning, in its order of steps.
      const scans = h.pushed.flatMap((p) => (p.event === 'scan:progress' ? [p.payload] : []));
      expect(scans.every((p) => p.progress.job === 'scan' || p.progress.job === 're-embed')).toBe(
        true,
      );
      expect(scans.some((p) => p.scanId === scanId)).toBe(true);
      const steps = h.pushed.flatMap((p) =>
        p.event === 'learning:progress' ? [`${p.payload.job} ${p.payload.step}`] : [],
      );
      expect(steps).toContain('audio train');
      expect(steps.at(-1)).toBe('audio re-embed');
      expect(h.pushed.at(-1)).toEqual({ event: 'library:changed', payload: { reason: 'model' } });
    } finally {
      await h.host.close();
    }
  });
});
