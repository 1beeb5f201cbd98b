import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningEvent } from '../../src/shared/events';
import { LIBRARY_CONFIG, trainProfileCf } from '../../src/main/engine/cf/cf-job';
import {
  CO_PLAY_FILE,
  fitCoPlay,
  loadCoPlay,
  NEIGHBOURS,
  saveCoPlay,
} from '../../src/main/engine/cf/co-play';
import { eventDataset } from '../../src/main/engine/cf/event-dataset';
import { EventTasteSource } from '../../src/main/engine/cf/event-taste';
import {
  BRIDGE_EVIDENCE,
  HybridTasteSource,
  type TrackFeedback,
} from '../../src/main/engine/cf/hybrid-taste';
import {
  currentModelVersion,
  libraryModelDir,
  saveLibraryModel,
} from '../../src/main/engine/cf/library-model';
import { initParams } from '../../src/main/engine/cf/neumf';
import type { SessionSignal, SessionTaste } from '../../src/main/engine/cf/session-taste';
import { initBackend } from '../../src/main/engine/embed/backend';
import { tempDir } from '../helpers/synth';
import { groupTrack, syntheticHistory } from './cf-event-fixtures';

const NOW = new Date('2026-12-01T00:00:00.000Z');
const history = syntheticHistory();
// A pair across taste groups that NeuMF's groups do not explain: A (group 0) and B (group 2)
// played together in five short sessions of their own.
const A = groupTrack(0, 3);
const B = groupTrack(2, 7);
const C = groupTrack(2, 8);
function pairSessions(): ListeningEvent[] {
  const out: ListeningEvent[] = [];
  for (let s = 0; s < 5; s++) {
    const start = Date.parse('2026-11-20T08:00:00.000Z') + s * 7_200_000;
    [A, B].forEach((track, k) =>
      out.push({
        track,
        session: `pair${s}`,
        startedAt: new Date(start + k * 200_000).toISOString(),
        msPlayed: 200_000,
        durationMs: 200_000,
        end: 'finished',
        source: { kind: 'library' },
      }),
    );
  }
  return out;
}
const events = [...history.events, ...pairSessions()];

let root: string;
let feedback: TrackFeedback = { loved: new Set(), banned: new Set() };
let hybrid: HybridTasteSource;

beforeAll(async () => {
  await initBackend('wasm');
  root = await tempDir();
  await trainProfileCf({ dataDir: root, profile: 'default', events, now: NOW });
  hybrid = new HybridTasteSource(root, 'default', { feedback: () => Promise.resolve(feedback) });
});

afterAll(() => rm(root, { recursive: true, force: true }));

const plays = (tracks: readonly string[]): SessionSignal[] =>
  tracks.map((track) => ({ track, signal: 'play' }));

async function tasteOf(events: readonly SessionSignal[]): Promise<SessionTaste> {
  const taste = await hybrid.taste(events);
  if (taste === null) throw new Error('no model');
  return taste;
}

function rankOf(taste: SessionTaste, id: string): number {
  return taste.top(10_000).findIndex((t) => t.id === id);
}

describe('the hybrid taste', () => {
  it('saves the co-play rows beside the model, fitted on the sessions', async () => {
    const version = (await currentModelVersion(root, 'default')) ?? '';
    const dir = join(libraryModelDir(root, 'default'), version);
    const model = await loadCoPlay(dir, 100);
    if (model === null) throw new Error('no co-play rows');
    expect(model.neighbours.ids.length).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) {
      expect(model.neighbours.row(i).ids.length).toBeLessThanOrEqual(NEIGHBOURS);
    }
    // The profile's row holds every track played, scaled to the heaviest.
    expect(model.profile.items.length).toBe(100);
    expect(Math.max(...model.profile.weights.map(Math.abs))).toBeCloseTo(1, 6);
  });

  it('scores a track co-played with the session’s track above an unrelated one, and says so', async () => {
    const taste = await tasteOf(plays([A]));
    const scores = taste.score([B, C]);
    expect(scores.get(B)).toBeGreaterThan(scores.get(C) ?? 1);
    const neumfAlone = await new EventTasteSource(root, 'default').taste(plays([A]));
    if (neumfAlone === null) throw new Error('no model');
    // The item-item side is what lifts B: NeuMF alone ranks it lower.
    expect(rankOf(taste, B)).toBeLessThan(rankOf(neumfAlone, B));
    expect(taste.coPlayed?.(B)).toEqual({ track: A, sessions: 5 });
    expect(taste.coPlayed?.(groupTrack(3, 0))).toBeNull();
  });

  it('moves a track by Love and "Don’t play this", in both halves', async () => {
    const session = plays(history.tracksOf(1).slice(0, 4));
    const loved = groupTrack(3, 5);
    const banned = groupTrack(1, 9);
    feedback = { loved: new Set(), banned: new Set() };
    const before = await tasteOf(session);
    feedback = { loved: new Set([loved]), banned: new Set([banned]) };
    const after = await tasteOf(session);
    feedback = { loved: new Set(), banned: new Set() };
    expect(after.score([loved]).get(loved)).toBeGreaterThan(before.score([loved]).get(loved) ?? 1);
    expect(after.score([banned]).get(banned)).toBeLessThan(before.score([banned]).get(banned) ?? 0);
    expect(rankOf(after, banned)).toBeGreaterThan(rankOf(before, banned));
    expect(rankOf(after, loved)).toBeLessThan(rankOf(before, loved));
  });

  it('folds in a skip', async () => {
    const taste = await tasteOf(plays(history.tracksOf(2).slice(0, 3)));
    const skipped = history.tracksOf(2)[5] ?? '';
    const after = taste.withEvent({ track: skipped, signal: 'skip' });
    expect(after.sessionEvents).toBe(4);
    expect(after.score([skipped]).get(skipped)).toBeLessThan(
      taste.score([skipped]).get(skipped) ?? 0,
    );
  });

  it('serves NeuMF alone for a model saved before the hybrid, and retrains once for the rows', async () => {
    const dataDir = join(root, 'older');
    await trainProfileCf({ dataDir, profile: 'default', events, now: NOW, epochs: 1 });
    const version = (await currentModelVersion(dataDir, 'default')) ?? '';
    await rm(join(libraryModelDir(dataDir, 'default'), version, CO_PLAY_FILE));
    const older = new HybridTasteSource(dataDir, 'default');
    const neumf = await new EventTasteSource(dataDir, 'default').taste(plays([A]));
    const taste = await older.taste(plays([A]));
    expect(taste?.score([B])).toEqual(neumf?.score([B]));
    expect(taste?.coPlayed?.(B)).toBeNull();
    const again = await trainProfileCf({
      dataDir,
      profile: 'default',
      events,
      now: NOW,
      epochs: 1,
    });
    expect(again?.trained).toBe(true);
    const second = await trainProfileCf({ dataDir, profile: 'default', events, now: NOW });
    expect(second?.trained).toBe(false);
    expect((await older.taste(plays([A])))?.coPlayed?.(B)).toEqual({ track: A, sessions: 5 });
  });

  it('scores unheard tracks through the bridge when trained with it, with the bridge’s confidence as evidence', async () => {
    const dataDir = join(root, 'bridged');
    const rand = (seed: number) => {
      let x = seed;
      return () => (x = (x * 16807) % 2147483647) / 2147483647 - 0.5;
    };
    // Each group's tracks sound alike: a group direction plus a little noise.
    const r = rand(17);
    const directions = [0, 1, 2, 3].map(() => Float32Array.from({ length: 16 }, r));
    const audio = new Map<string, Float32Array>();
    for (let g = 0; g < 4; g++) {
      for (let n = 0; n < 30; n++) {
        audio.set(
          groupTrack(g, n),
          directions[g]?.map((v) => v + 0.1 * r()) ?? new Float32Array(16),
        );
      }
    }
    const unheard = groupTrack(2, 29);
    await trainProfileCf({
      dataDir,
      profile: 'default',
      events,
      now: NOW,
      bridge: true,
      audio: () => Promise.resolve(audio),
    });
    const taste = await new HybridTasteSource(dataDir, 'default').taste(plays([groupTrack(2, 1)]));
    if (taste === null) throw new Error('no model');
    const scores = taste.score([unheard, groupTrack(2, 2)]);
    expect(scores.has(unheard)).toBe(true);
    expect(taste.trackEvidence(unheard)).toBeGreaterThanOrEqual(0);
    expect(taste.trackEvidence(unheard)).toBeLessThanOrEqual(BRIDGE_EVIDENCE);
    // Without the bridge the same track is cold: no score.
    const plain = await tasteOf(plays([groupTrack(2, 1)]));
    expect(plain.score([unheard]).has(unheard)).toBe(false);
  });

  it('refuses a damaged co-play file with its name', async () => {
    const version = (await currentModelVersion(root, 'default')) ?? '';
    const dir = join(libraryModelDir(root, 'default'), version);
    const copy = join(root, 'damaged');
    await mkdir(copy, { recursive: true });
    const bytes = await readFile(join(dir, CO_PLAY_FILE));
    await writeFile(join(copy, CO_PLAY_FILE), bytes.subarray(0, bytes.length - 4));
    await expect(loadCoPlay(copy, 100)).rejects.toThrow(/co-play\.bin: wrong length/);
    await expect(loadCoPlay(dir, 99)).rejects.toThrow(/has 100 tracks, the model 99/);
  });
});

describe('the hybrid at 20,000 tracks', () => {
  it('keeps sparse rows, never items², and scores the library', async () => {
    const drafts: ListeningEvent[] = [];
    // 1,500 sessions of 25 plays, each within one of 100 groups of 200 tracks: every track heard.
    for (let s = 0; s < 1_500; s++) {
      const group = s % 100;
      const start = Date.parse('2026-01-01T00:00:00.000Z') + s * 7_200_000;
      for (let k = 0; k < 25; k++) {
        const n = group * 200 + ((Math.floor(s / 100) * 25 + k) % 200);
        drafts.push({
          track: n.toString(16).padStart(16, '0'),
          session: `big${s}`,
          startedAt: new Date(start + k * 200_000).toISOString(),
          msPlayed: 200_000,
          durationMs: 200_000,
          end: 'finished',
          source: { kind: 'library' },
        });
      }
    }
    const data = eventDataset(drafts, { profile: 'default', now: NOW });
    if (data === null) throw new Error('no data');
    expect(data.items.ids.length).toBeGreaterThan(19_000);
    global.gc?.();
    const before = process.memoryUsage().arrayBuffers;
    const model = fitCoPlay(data);
    const grown = process.memoryUsage().arrayBuffers - before;
    const n = data.items.ids.length;
    expect(model.neighbours.ids.length).toBeLessThanOrEqual(n * NEIGHBOURS);
    // A dense float32 items² matrix would be 1.5 GB; the rows and the fit's buffers are far less.
    expect(grown).toBeLessThan(200 * 2 ** 20);
    const dataDir = join(root, 'big');
    await saveLibraryModel(
      dataDir,
      {
        params: initParams(LIBRARY_CONFIG, data.users.ids.length, n, 1),
        userIds: data.users.ids,
        itemIds: data.items.ids,
        createdAt: NOW.toISOString(),
      },
      {
        profile: 'default',
        fingerprint: data.fingerprint,
        events: data.events,
        sessions: data.sessions,
        evidence: Object.fromEntries(data.evidence),
        epochs: 0,
        loss: 0,
        warmStart: false,
        backend: 'wasm',
        seconds: 0,
      },
      (dir) => saveCoPlay(dir, model),
    );
    const taste = await new HybridTasteSource(dataDir, 'default').taste(
      plays(drafts.slice(0, 5).map((e) => e.track)),
    );
    const top = taste?.withEvent({ track: drafts[6]?.track ?? '', signal: 'play' }).top(20) ?? [];
    expect(top).toHaveLength(20);
    // With NeuMF untrained, the co-played tracks of the session's group lead.
    const group = (id: string) => Math.floor(Number.parseInt(id, 16) / 200);
    expect(top.filter((t) => group(t.id) === 0).length).toBeGreaterThanOrEqual(15);
  });
});
