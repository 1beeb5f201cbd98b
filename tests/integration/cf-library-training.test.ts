import { readdir, rm } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfProgress } from '../../src/main/engine/cf/cf-job';
import { trainProfileCf, WARM_EPOCHS } from '../../src/main/engine/cf/cf-job';
import { EventTasteSource } from '../../src/main/engine/cf/event-taste';
import {
  currentModelVersion,
  libraryModelDir,
  loadLibraryModel,
} from '../../src/main/engine/cf/library-model';
import { ncfModelVersion } from '../../src/main/engine/cf/model-io';
import { initBackend } from '../../src/main/engine/embed/backend';
import type { ListeningEvent } from '../../src/shared/events';
import { tempDir } from '../helpers/synth';
import type { History } from './cf-event-fixtures';
import { syntheticHistory } from './cf-event-fixtures';

const history = syntheticHistory({ groups: 4 });
// Later sessions in a fifth group of tracks the first model never saw.
const later = syntheticHistory({
  groups: 5,
  sessions: 60,
  start: '2026-11-20T08:00:00.000Z',
  sessionPrefix: 'later-',
  seed: 11,
});
const ofGroup = (g: number) => later.events.filter((e) => later.sessionGroup.get(e.session) === g);
const withNewGroup = [...history.events, ...ofGroup(4)];

/** Share of a fresh session's top 10 in group g, after playing three of g's tracks. */
async function precision(source: EventTasteSource, h: History, g: number): Promise<number> {
  const played = h.tracksOf(g).slice(0, 3);
  const taste = await source.taste(played.map((track) => ({ track, signal: 'play' })));
  if (taste === null) throw new Error('no model');
  const top = taste.top(10, new Set(played));
  return top.filter((t) => h.groupOf.get(t.id) === g).length / 10;
}

async function train(
  dataDir: string,
  events: readonly ListeningEvent[],
  extra: Partial<Parameters<typeof trainProfileCf>[0]> = {},
) {
  // A fixed clock: skips fade with age (signals.ts), so the wall clock would make runs differ.
  return trainProfileCf({ dataDir, profile: 'default', events, now: NOW, ...extra });
}

const NOW = new Date('2026-12-01T00:00:00.000Z');

let root: string;

beforeAll(async () => {
  await initBackend('wasm');
  root = await tempDir();
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('training NeuMF from a listening history', () => {
  it('lowers the loss and ranks the tracks played alongside a session’s plays first', async () => {
    const dataDir = `${root}/learn`;
    const before = tf.memory().numTensors;
    const progress: CfProgress[] = [];
    const summary = await train(dataDir, history.events, { onProgress: (p) => progress.push(p) });
    expect(tf.memory().numTensors).toBe(before);
    expect(summary).toMatchObject({ trained: true, warmStart: false, sessions: 40, tracks: 100 });
    expect(summary?.events).toBe(history.events.length);
    const losses = progress.flatMap((p) => (p.loss === null ? [] : [p.loss]));
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.75);
    expect(progress.at(-1)).toMatchObject({ done: summary?.epochs, total: summary?.epochs });
    const source = new EventTasteSource(dataDir, 'default');
    for (let g = 0; g < 4; g++)
      expect(await precision(source, history, g)).toBeGreaterThanOrEqual(0.9);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves a versioned model with its track map and evidence that loads back the same', async () => {
    const dataDir = `${root}/save`;
    const summary = await train(dataDir, history.events, { epochs: 2 });
    const model = await loadLibraryModel(dataDir, 'default');
    if (model === null || summary === null) throw new Error('no model');
    expect(model.version).toBe(summary.version);
    expect(ncfModelVersion(model)).toBe(summary.version);
    expect(await readdir(libraryModelDir(dataDir, 'default'))).toEqual(
      ['current.json', summary.version].sort(),
    );
    expect([...model.itemIds]).toEqual(
      [...history.groupOf.keys()].filter((t) => model.itemIds.includes(t)).sort(),
    );
    const counts: Record<string, number> = {};
    for (const e of history.events) counts[e.track] = (counts[e.track] ?? 0) + 1;
    expect(model.training.evidence).toEqual(counts);
    expect(model.userIds[0]).toBe('profile:default');
  });

  it('does nothing when no event is new, and null when no event says anything', async () => {
    const dataDir = `${root}/again`;
    const first = await train(dataDir, history.events, { epochs: 2 });
    const again = await train(dataDir, history.events);
    expect(again).toMatchObject({ trained: false, epochs: 0, version: first?.version });
    expect(await train(`${root}/empty`, [])).toBeNull();
  });

  it('warm-starts from the last model: it keeps what it knew and takes in new tracks', async () => {
    const dataDir = `${root}/warm`;
    await train(dataDir, history.events);
    // One epoch at a step too small to learn anything: what the model knows, it kept.
    const kept = await train(`${root}/warm`, withNewGroup, {
      epochs: 1,
      settings: { learningRate: 1e-7 },
    });
    expect(kept).toMatchObject({ trained: true, warmStart: true });
    const source = new EventTasteSource(dataDir, 'default');
    for (let g = 0; g < 4; g++)
      expect(await precision(source, history, g)).toBeGreaterThanOrEqual(0.9);
    // The same from scratch knows nothing.
    const cold = `${root}/cold`;
    await train(cold, withNewGroup, { epochs: 1, settings: { learningRate: 1e-7 } });
    const coldSource = new EventTasteSource(cold, 'default');
    const coldPrecision = await Promise.all(
      [0, 1, 2, 3].map((g) => precision(coldSource, history, g)),
    );
    expect(Math.min(...coldPrecision)).toBeLessThan(0.9);

    const warm = await train(dataDir, [...withNewGroup, ...ofGroup(0)]);
    expect(warm).toMatchObject({ trained: true, warmStart: true, epochs: WARM_EPOCHS });
    expect(await precision(source, later, 4)).toBeGreaterThanOrEqual(0.9);
    // And still the old groups, by a wide margin over chance (one track in five).
    for (let g = 0; g < 4; g++)
      expect(await precision(source, history, g)).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps the previous model when a run is cancelled', async () => {
    const dataDir = `${root}/cancel`;
    const first = await train(dataDir, history.events, { epochs: 2 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = train(dataDir, withNewGroup, {
      epochs: 50,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 1) controller.abort(new Error('cancelled by the test'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by the test');
    expect(tf.memory().numTensors).toBe(before);
    expect(await currentModelVersion(dataDir, 'default')).toBe(first?.version);
    expect((await loadLibraryModel(dataDir, 'default'))?.version).toBe(first?.version);
    expect(await readdir(libraryModelDir(dataDir, 'default'))).toHaveLength(2);
  });
});
