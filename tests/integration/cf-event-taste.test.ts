import { rm } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainProfileCf } from '../../src/main/engine/cf/cf-job';
import { EventTasteSource } from '../../src/main/engine/cf/event-taste';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { initParams } from '../../src/main/engine/cf/neumf';
import type { NcfKind } from '../../src/main/engine/cf/neumf-config';
import { defaultConfig } from '../../src/main/engine/cf/neumf-config';
import { NeumfScorer } from '../../src/main/engine/cf/neumf-scorer';
import type { SessionSignal, SessionTaste } from '../../src/main/engine/cf/session-taste';
import { VectorScorer } from '../../src/main/engine/cf/vector-scorer';
import { initBackend } from '../../src/main/engine/embed/backend';
import { tempDir } from '../helpers/synth';
import { syntheticHistory } from './cf-event-fixtures';

const history = syntheticHistory();
const UNKNOWN = 'ffffffffffffffff';

const NOW = new Date('2026-12-01T00:00:00.000Z');

let root: string;
let source: EventTasteSource;

beforeAll(async () => {
  await initBackend('wasm');
  root = await tempDir();
  // A fixed clock: skips fade with age (signals.ts), so the wall clock would make runs differ.
  await trainProfileCf({ dataDir: root, profile: 'default', events: history.events, now: NOW });
  source = new EventTasteSource(root, 'default');
});

afterAll(() => rm(root, { recursive: true, force: true }));

const plays = (tracks: readonly string[]): SessionSignal[] =>
  tracks.map((track) => ({ track, signal: 'play' }));

async function tasteOf(events: readonly SessionSignal[]): Promise<SessionTaste> {
  const taste = await source.taste(events);
  if (taste === null) throw new Error('no model');
  return taste;
}

function mean(scores: Map<string, number>): number {
  return [...scores.values()].reduce((a, b) => a + b, 0) / scores.size;
}

describe('VectorScorer', () => {
  for (const kind of ['neumf', 'gmf', 'mlp'] as NcfKind[]) {
    it(`scores a user vector as NeumfScorer does (${kind})`, () => {
      const params = initParams(defaultConfig(kind, 8), 3, 50, 4);
      const rand = mulberry32(9);
      // Embeddings well away from the tiny initial ones, so that every ReLU matters.
      for (const table of [params.gmfItem, params.mlpItem]) {
        for (let k = 0; k < table.length; k++) table[k] = rand() - 0.5;
      }
      const vector = {
        gmf: Float32Array.from({ length: params.gmfUser.length / 3 }, () => rand() - 0.5),
        mlp: Float32Array.from({ length: params.mlpUser.length / 3 }, () => rand() - 0.5),
      };
      const reference = new NeumfScorer(params);
      const expected = reference.scoreVector(vector);
      reference.dispose();
      const actual = new VectorScorer(params).logits(vector);
      expect(actual).toHaveLength(50);
      actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 4));
    });
  }
});

describe('the session taste over the saved model', () => {
  it('is null for a profile without a model', async () => {
    expect(await new EventTasteSource(root, 'nobody').taste([])).toBeNull();
  });

  it('ranks the tracks of the group a session plays first, and leaves out what it excludes', async () => {
    const played = history.tracksOf(2).slice(0, 4);
    const taste = await tasteOf(plays(played));
    expect(taste.sessionEvents).toBe(4);
    const top = taste.top(8, new Set(played));
    expect(top).toHaveLength(8);
    expect(top.every((t) => history.groupOf.get(t.id) === 2 && !played.includes(t.id))).toBe(true);
    for (let k = 1; k < top.length; k++) {
      expect(top[k]?.score).toBeLessThanOrEqual(top[k - 1]?.score ?? 0);
    }
  });

  it('gives as its top n the n best scores, whatever n', async () => {
    const taste = await tasteOf(plays(history.tracksOf(0).slice(0, 2)));
    const all = [...taste.score([...history.groupOf.keys()])].sort((a, b) => b[1] - a[1]);
    const exclude = new Set([all[1]?.[0] ?? '']);
    const expected = all.filter(([id]) => !exclude.has(id)).map(([id, score]) => ({ id, score }));
    for (const n of [0, 1, 7, 30, 1000]) {
      expect(taste.top(n, exclude)).toEqual(expected.slice(0, n));
    }
  });

  it('moves a skipped track’s co-listened tracks down', async () => {
    const group0 = history.tracksOf(0);
    const group1 = history.tracksOf(1);
    const taste = await tasteOf(plays([...group0.slice(0, 3), ...group1.slice(0, 3)]));
    const skipped = group1[3] ?? '';
    const after = taste.withEvent({ track: skipped, signal: 'skip' });
    expect(after.sessionEvents).toBe(7);
    const others1 = group1.slice(4);
    const others0 = group0.slice(3);
    const drop1 = mean(taste.score(others1)) - mean(after.score(others1));
    const drop0 = mean(taste.score(others0)) - mean(after.score(others0));
    expect(drop1).toBeGreaterThan(0);
    expect(drop1).toBeGreaterThan(drop0);
    expect(after.score([skipped]).get(skipped)).toBeLessThan(
      taste.score([skipped]).get(skipped) ?? 0,
    );
  });

  it('knows nothing of tracks it was not trained on, and counts each track’s evidence', async () => {
    const known = history.tracksOf(3)[0] ?? '';
    const taste = await tasteOf([
      { track: UNKNOWN, signal: 'play' },
      { track: known, signal: 'neutral' },
    ]);
    expect(taste.sessionEvents).toBe(0);
    const scores = taste.score([known, UNKNOWN]);
    expect([...scores.keys()]).toEqual([known]);
    expect(scores.get(known)).toBeGreaterThan(0);
    expect(scores.get(known)).toBeLessThan(1);
    expect(taste.trackEvidence(UNKNOWN)).toBe(0);
    expect(taste.trackEvidence(known)).toBe(history.events.filter((e) => e.track === known).length);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const taste = await tasteOf(plays(history.tracksOf(1).slice(0, 5)));
    taste.withEvent({ track: history.tracksOf(1)[6] ?? '', signal: 'skip' }).top(10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('picks up a newer model once one is trained', async () => {
    const dataDir = `${root}/newer`;
    const newer = new EventTasteSource(dataDir, 'default');
    expect(await newer.taste([])).toBeNull();
    const first = await trainProfileCf({
      dataDir,
      profile: 'default',
      events: history.events.slice(0, 200),
      epochs: 1,
    });
    expect((await newer.taste([]))?.version).toBe(first?.version);
    const second = await trainProfileCf({
      dataDir,
      profile: 'default',
      events: history.events,
      epochs: 1,
    });
    expect(second?.version).not.toBe(first?.version);
    expect((await newer.taste([]))?.version).toBe(second?.version);
  });
});
