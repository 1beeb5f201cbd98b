/** The player's channels through the real dispatcher over a real engine and store. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgOf, Channel, ResultOf } from '../../src/shared/api-contract';
import { createEngineHost, type EngineHost } from '../../src/main/engine-host/engine-host';
import { Engine } from '../../src/main/engine/engine';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { clusteredTracks, writeAll, type FixtureTrack } from './recommend-fixtures';

let dir: string;
let engine: Engine;
let host: EngineHost;
let tracks: FixtureTrack[];

async function call<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>> {
  const reply = await host.dispatch(channel, arg);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResultOf<C>;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-player-channels-'));
  tracks = clusteredTracks({
    clusters: 2,
    perCluster: 6,
    seed: 3,
    tags: (c, i) => ({ artist: `Artist ${c}-${i % 2}`, album: `Album ${c}` }),
  });
  const store = await LibraryStore.open(dir);
  await writeAll(store, tracks);
  await store.close();
  engine = await Engine.open({ dataDir: dir });
  host = createEngineHost(engine, { mode: 'web', version: 'test', emit: () => undefined });
});

afterAll(async () => {
  await host.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('feedback:check-tracks', () => {
  it('says which queued tracks are loved and which must not play, by track, artist and album', async () => {
    const ids = tracks.map((t) => t.id);
    expect(await call('feedback:check-tracks', { ids })).toEqual({ loved: [], excluded: [] });
    const [first, second] = tracks as [FixtureTrack, FixtureTrack];
    await call('feedback:set', { target: { kind: 'track', id: first.id }, value: 'love' });
    await call('feedback:set', { target: { kind: 'track', id: second.id }, value: 'ban' });
    await call('feedback:set', { target: { kind: 'artist', name: 'Artist 1-1' }, value: 'ban' });
    const byArtist = tracks.filter((t) => t.artist === 'Artist 1-1').map((t) => t.id);
    const checked = await call('feedback:check-tracks', { ids: [...ids, 'ffffffffffffffff'] });
    expect(checked.loved).toEqual([first.id]);
    expect(new Set(checked.excluded)).toEqual(new Set([second.id, ...byArtist]));
    await call('feedback:set', { target: { kind: 'album', name: 'Album 0' }, value: 'ban' });
    const album0 = tracks.filter((t) => t.album === 'Album 0').map((t) => t.id);
    expect(new Set((await call('feedback:check-tracks', { ids })).excluded)).toEqual(
      new Set([...album0, ...byArtist]),
    );
  });

  it('refuses more ids than a check takes, and ids that are not ids', async () => {
    const many = await host.dispatch('feedback:check-tracks', {
      ids: Array.from({ length: 5001 }, () => 'ffffffffffffffff'),
    });
    expect(many.ok).toBe(false);
    const bad = await host.dispatch('feedback:check-tracks', { ids: ['../etc/passwd'] });
    expect(bad.ok ? null : bad.error.code).toBe('bad-request');
  });
});
