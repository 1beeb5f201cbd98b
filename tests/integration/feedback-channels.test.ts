import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, ArgOf, Channel, ResultOf } from '../../src/shared/api-contract';
import { createEngineHost, type EngineHost } from '../../src/main/engine-host/engine-host';
import { Engine } from '../../src/main/engine/engine';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { clusteredTracks, listen, writeAll, type FixtureTrack } from './recommend-fixtures';

let dir: string;
let engine: Engine;
let host: EngineHost;
let tracks: FixtureTrack[];

async function call<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>> {
  const reply = await host.dispatch(channel, arg);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResultOf<C>;
}

const failure = (reply: ApiResult<unknown>) => (reply.ok ? null : reply.error);
const at = (i: number) => tracks[i] as FixtureTrack;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-feedback-channels-'));
  tracks = clusteredTracks({
    clusters: 3,
    perCluster: 8,
    seed: 5,
    tags: (c, i) => ({ artist: `Artist ${c}`, album: `Album ${c}-${i % 2}` }),
  });
  const store = await LibraryStore.open(dir);
  await writeAll(store, tracks);
  await store.close();
  engine = await Engine.open({ dataDir: dir });
  // Learning is driven by hand here (Engine.trainCf), never by the schedule.
  host = createEngineHost(engine, {
    mode: 'web',
    version: 'test',
    emit: () => undefined,
    learning: { eventsPerRun: 1_000_000, idleMs: 3_600_000 },
  });
});

afterAll(async () => {
  await host.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the feedback channels over a real engine', () => {
  it('loves and bans, lists them newest first with the tracks\u2019 tags, and undoes them', async () => {
    const loved = await call('feedback:set', {
      target: { kind: 'track', id: at(0).id },
      value: 'love',
    });
    expect(loved).toEqual({
      target: { kind: 'track', id: at(0).id },
      value: 'love',
      changed: true,
    });
    await call('feedback:set', { target: { kind: 'track', id: at(1).id }, value: 'ban' });
    await call('feedback:set', { target: { kind: 'artist', name: 'Artist 2' }, value: 'ban' });
    const again = await call('feedback:set', {
      target: { kind: 'artist', name: 'artist 2' },
      value: 'ban',
    });
    expect(again.changed).toBe(false);

    const list = await call('feedback:list', {});
    expect(list.loved).toEqual([
      expect.objectContaining({
        target: { kind: 'track', id: at(0).id },
        value: 'love',
        track: { title: at(0).title, artist: 'Artist 0', album: 'Album 0-0' },
      }),
    ]);
    expect(list.banned.map((e) => e.target)).toEqual([
      { kind: 'artist', name: 'Artist 2' },
      { kind: 'track', id: at(1).id },
    ]);
    expect(list.banned[0]).not.toHaveProperty('track');

    const state = await engine.feedback();
    expect(state.loved(at(0).id)).toBe(true);
    expect(state.excluded(at(1))).toBe(true);
    expect(state.excluded(at(16))).toBe(true);
    expect(state.excluded(at(2))).toBe(false);

    await call('feedback:set', { target: { kind: 'artist', name: 'Artist 2' }, value: 'none' });
    expect((await engine.feedback()).excluded(at(16))).toBe(false);
    expect((await call('feedback:list', {})).banned).toHaveLength(1);
  });

  it('refuses what it cannot take, with the code the renderer shows', async () => {
    const unknown = await host.dispatch('feedback:set', {
      target: { kind: 'track', id: 'ffffffffffffffff' },
      value: 'ban',
    });
    expect(failure(unknown)?.code).toBe('not-found');
    for (const arg of [
      { target: { kind: 'album', name: 'Album 0-0' }, value: 'love' },
      { target: { kind: 'artist', name: 'Various Artists' }, value: 'ban' },
      { target: { kind: 'artist', name: '' }, value: 'ban' },
      { target: { kind: 'track', id: at(0).id, path: '/etc/passwd' }, value: 'ban' },
      { target: { kind: 'track', id: at(0).id }, value: 'ban', profile: '../x' },
      { target: { kind: 'playlist', name: 'x' }, value: 'ban' },
    ]) {
      const refused = await host.dispatch('feedback:set', arg);
      expect(failure(refused)?.code, JSON.stringify(arg)).toBe('bad-request');
    }
    expect(failure(await host.dispatch('feedback:list', { profile: 'A B' }))?.code).toBe(
      'bad-request',
    );
  });

  it('keeps profiles apart', async () => {
    await call('feedback:set', {
      target: { kind: 'track', id: at(3).id },
      value: 'ban',
      profile: 'work',
    });
    expect((await engine.feedback('work')).banned(at(3).id)).toBe(true);
    expect((await engine.feedback()).banned(at(3).id)).toBe(false);
  });

  it('trains the taste model again when only feedback changed', async () => {
    const log = engine.eventLog();
    for (let k = 0; k < 6; k++) {
      const when = new Date(Date.parse('2026-11-01T20:00:00Z') + k * 240_000);
      await log.record(listen(at(4 + k), when, 'play'));
    }
    const first = await engine.trainCf({ epochs: 2 });
    expect(first.trained).toBe(true);
    expect((await engine.trainCf({ epochs: 2 })).trained).toBe(false);
    await call('feedback:set', { target: { kind: 'track', id: at(5).id }, value: 'ban' });
    const second = await engine.trainCf({ epochs: 2 });
    expect(second.trained).toBe(true);
    expect(second.version).not.toBe(first.version);
  });
});
