/**
 * The taste model learns in the background while the app records listening: the engine host's
 * learning scheduler over a real engine (LanceDB library, the durable event log, NeuMF in TF.js).
 * Timings are the scheduler's injectable ones, so no test waits minutes.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/shared/events';
import { currentModelVersion, libraryModelDir } from '../../src/main/engine/cf/library-model';
import { Engine } from '../../src/main/engine/engine';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import type { LearningSchedule } from '../../src/main/engine-host/learning-scheduler';
import type { Pushed } from '../unit/api-fixtures';
import { recordingHost, type RecordingHost } from '../helpers/recording-host';
import { tempDir } from '../helpers/synth';
import { clusteredTracks, listen, writeAll, type FixtureTrack } from './recommend-fixtures';

/** Five events start a run; the quiet time is long enough never to matter unless shortened. */
const SCHEDULE = { eventsPerRun: 5, idleMs: 600_000, epochs: 2 } as const;
/** Enough epochs that a cancel at the first report always lands mid-run. */
const LONG = { ...SCHEDULE, epochs: 200 } as const;
/** Waiting is a hang detector, not a speed check: the machine is shared. */
const WAIT = { timeout: 120_000, interval: 20 } as const;

let root: string;
let data: string;
let engine: Engine;
let tracks: FixtureTrack[];
let clock = Date.parse('2026-11-20T08:00:00.000Z');

function open(
  schedule: LearningSchedule,
  onPush?: (pushed: Pushed, h: RecordingHost) => void,
): RecordingHost {
  return recordingHost(engine, { learning: schedule }, onPush);
}

/** Records one playback through the API, a few minutes after the last. */
async function play(
  h: RecordingHost,
  track: FixtureTrack,
  options: Readonly<{ profile?: string; kind?: 'play' | 'stop' }> = {},
): Promise<void> {
  clock += 210_000;
  const stopped = options.kind === 'stop';
  await h.call('events:record', {
    track: track.id,
    startedAt: new Date(clock).toISOString(),
    msPlayed: stopped ? 3_000 : 200_000,
    end: stopped ? 'stopped' : 'finished',
    source: { kind: 'library' },
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  });
}

/** A listening history with a plain structure: each session keeps to one cluster of tracks. */
function history(sessions: number): EventDraft[] {
  const events: EventDraft[] = [];
  for (let s = 0; s < sessions; s++) {
    const cluster = s % 4;
    const start = Date.parse('2026-11-01T08:00:00.000Z') + s * 7_200_000;
    for (let k = 0; k < 8; k++) {
      const skip = k === 7;
      const track = tracks[((skip ? cluster + 1 : cluster) % 4) * 10 + ((s + 3 * k) % 10)];
      if (!track) throw new Error('fixture out of range');
      events.push(listen(track, new Date(start + k * 210_000), skip ? 'skip' : 'play', `h${s}`));
    }
  }
  return events;
}

const track = (n: number): FixtureTrack => tracks[n] as FixtureTrack;

beforeAll(async () => {
  root = await tempDir();
  data = join(root, 'data');
  tracks = clusteredTracks({ clusters: 4, perCluster: 10, seed: 5 });
  const store = await LibraryStore.open(data);
  await writeAll(store, tracks);
  await store.close();
  engine = await Engine.open({ dataDir: data, workers: 1 });
  await engine.eventLog().appendMany(history(12));
  await engine.eventLog('other').appendMany(history(6));
});

afterAll(async () => {
  await engine.close();
  await rm(root, { recursive: true, force: true });
});

describe('learning from listening in the background (real engine)', () => {
  it('trains the taste model once five new events arrived, not before', async () => {
    const h = open(SCHEDULE);
    try {
      expect(await engine.tasteSource().taste([])).toBeNull();
      for (let n = 0; n < 4; n++) await play(h, track(n));
      expect(await h.call('learning:get-state', {})).toEqual({ running: [] });
      await play(h, track(4));
      // The fifth event starts the run before its reply returns.
      expect((await h.call('learning:get-state', {})).running.map((r) => r.job)).toEqual(['cf']);
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(1);
      const [end] = h.payloads('learning:finished');
      if (end?.outcome.status !== 'trained') throw new Error(JSON.stringify(end));
      expect(end.job).toBe('cf');
      expect(h.payloads('learning:progress').at(-1)).toMatchObject({
        job: 'cf',
        step: 'train',
        done: 2,
        total: 2,
      });
      expect(
        h.payloads('learning:progress').every((p) => p.job === 'cf' && p.done <= p.total),
      ).toBe(true);
      expect(existsSync(libraryModelDir(data, 'default'))).toBe(true);
      expect(await currentModelVersion(data, 'default')).toBe(end.outcome.modelVersion);
      const taste = await engine.tasteSource().taste([]);
      expect(taste?.version).toBe(end.outcome.modelVersion);
      expect(await h.call('learning:get-state', {})).toEqual({ running: [] });
    } finally {
      await h.host.close();
    }
  });

  it('trains after a quiet spell with fewer events, warm from the last model', async () => {
    const before = await currentModelVersion(data, 'default');
    const h = open({ ...SCHEDULE, idleMs: 300 });
    try {
      await play(h, track(11));
      await play(h, track(12));
      expect(h.payloads('learning:finished')).toEqual([]);
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(1);
      const outcome = h.payloads('learning:finished')[0]?.outcome;
      expect(outcome?.status).toBe('trained');
      const after = await currentModelVersion(data, 'default');
      expect(after).not.toBe(before);
      expect(outcome).toEqual({ status: 'trained', modelVersion: after });
    } finally {
      await h.host.close();
    }
  });

  it('runs one training at a time, whatever the profile', async () => {
    const h = open(SCHEDULE);
    try {
      for (let n = 0; n < 5; n++) await play(h, track(20 + n));
      for (let n = 0; n < 5; n++) await play(h, track(30 + n), { profile: 'other' });
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(2);
      expect(h.payloads('learning:finished').map((f) => f.outcome.status)).toEqual([
        'trained',
        'trained',
      ]);
      // Each run reports from 0; the second starts only after the first ended.
      const order = h.pushed.flatMap((p) =>
        p.event === 'learning:finished'
          ? ['end']
          : p.event === 'learning:progress' && p.payload.done === 0
            ? ['start']
            : [],
      );
      expect(order).toEqual(['start', 'end', 'start', 'end']);
      expect(await engine.tasteSource('other').taste([])).not.toBeNull();
    } finally {
      await h.host.close();
    }
  });

  it('cancels on request, keeping the model in use and leaking no tensors', async () => {
    const before = await currentModelVersion(data, 'default');
    const tensors = tf.memory().numTensors;
    const h = open(LONG, (p, self) => {
      if (p.event === 'learning:progress') void self.call('learning:cancel', { job: 'cf' });
    });
    try {
      for (let n = 0; n < 5; n++) await play(h, track(5 + n));
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(1);
      expect(h.payloads('learning:finished')[0]).toEqual({
        job: 'cf',
        outcome: { status: 'cancelled' },
      });
      expect(await currentModelVersion(data, 'default')).toBe(before);
      expect((await engine.tasteSource().taste([]))?.version).toBe(before);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(await h.call('learning:get-state', {})).toEqual({ running: [] });
      expect(await h.call('learning:cancel', {})).toEqual({ cancelled: false });
    } finally {
      await h.host.close();
    }
  });

  it('says nothing went wrong when the events carry nothing to learn from', async () => {
    const h = open(SCHEDULE);
    try {
      for (let n = 0; n < 5; n++) await play(h, track(n), { profile: 'quiet', kind: 'stop' });
      await expect.poll(() => h.payloads('learning:finished').length, WAIT).toBe(1);
      expect(h.payloads('learning:finished')).toEqual([
        { job: 'cf', outcome: { status: 'unchanged' } },
      ]);
      expect(await currentModelVersion(data, 'quiet')).toBeNull();
    } finally {
      await h.host.close();
    }
  });

  it('resetting learning stops the run under way, so nothing learned comes back', async () => {
    let reset: Promise<unknown> | null = null;
    const h = open(LONG, (p, self) => {
      if (p.event === 'learning:progress' && reset === null) {
        reset = self.call('learning:reset-learning', { keepEvents: true });
      }
    });
    try {
      for (let n = 0; n < 5; n++) await play(h, track(15 + n));
      await expect.poll(() => reset !== null, WAIT).toBe(true);
      expect(await reset).toMatchObject({ profile: 'default', modelsRemoved: true });
      expect(h.payloads('learning:finished')).toEqual([
        { job: 'cf', outcome: { status: 'cancelled' } },
      ]);
      expect(await currentModelVersion(data, 'default')).toBeNull();
      expect(await engine.tasteSource().taste([])).toBeNull();
    } finally {
      await h.host.close();
    }
  });

  it('close() stops the run under way and drops what was waiting', async () => {
    let closing: Promise<void> | null = null;
    const h = open({ ...LONG, idleMs: 200 }, (p, self) => {
      if (p.event === 'learning:progress' && closing === null) closing = self.host.close();
    });
    await play(h, track(35), { profile: 'other' });
    for (let n = 0; n < 5; n++) await play(h, track(25 + n));
    await expect.poll(() => closing !== null, WAIT).toBe(true);
    await closing;
    expect(h.payloads('learning:finished')).toEqual([
      { job: 'cf', outcome: { status: 'cancelled' } },
    ]);
    // Whichever profile's run started first, the other one (due by count or by its quiet time)
    // was dropped with it and never starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.payloads('learning:finished')).toHaveLength(1);
    expect(await currentModelVersion(data, 'default')).toBeNull();
  });
});
