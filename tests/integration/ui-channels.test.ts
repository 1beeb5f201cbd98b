import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, ArgOf, Channel, ResultOf } from '../../src/shared/api-contract';
import { createEngineHost, type EngineHost } from '../../src/main/engine-host/engine-host';
import { Engine } from '../../src/main/engine/engine';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { DEFAULT_SETTINGS } from '../../src/main/engine/settings/settings-file';
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

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-ui-channels-'));
  tracks = clusteredTracks({
    clusters: 4,
    perCluster: 15,
    seed: 21,
    tags: (c, i) => ({ artist: `Artist ${c}-${i % 5}`, genre: c % 2 === 0 ? 'Jazz' : 'Techno' }),
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

describe('the screens’ channels over a real engine', () => {
  it('makes a radio with reasons and no file paths, following the saved setting', async () => {
    const seed = tracks[0] as FixtureTrack;
    const radio = await call('recommend:make-radio', {
      seeds: [{ kind: 'track', id: seed.id }],
      count: 10,
    });
    expect(radio).toHaveLength(10);
    expect(radio.map((t) => t.id)).not.toContain(seed.id);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    for (const entry of radio) {
      expect(entry).not.toHaveProperty('path');
      expect(entry.why).not.toBe('');
      // What the player needs to play it comes along: its length and its place on its album.
      const stored = byId.get(entry.id);
      expect(entry.durationSec).toBe(stored?.durationSec);
      expect([entry.trackNo, entry.discNo, entry.status]).toEqual([
        stored?.trackNo,
        stored?.discNo,
        'analysed',
      ]);
    }
    expect(await call('settings:get-settings', {})).toEqual(DEFAULT_SETTINGS);
    expect(await call('settings:update-settings', { adventurous: 0.9 })).toEqual({
      ...DEFAULT_SETTINGS,
      adventurous: 0.9,
    });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({
      ...DEFAULT_SETTINGS,
      adventurous: 0.9,
    });
    const unknown = await host.dispatch('recommend:make-radio', {
      seeds: [{ kind: 'artist', artist: 'Nobody At All' }],
    });
    expect(failure(unknown)?.code).toBe('not-found');
  });

  it('makes a path between two tracks, mixes, and re-ranks a queue after a skip', async () => {
    const [from, to] = [tracks[0] as FixtureTrack, tracks[45] as FixtureTrack];
    const path = await call('recommend:make-path', { from: from.id, to: to.id, count: 6 });
    expect(path[0]?.id).toBe(from.id);
    expect(path.at(-1)?.id).toBe(to.id);
    const mixes = await call('recommend:list-mixes', { count: 8 });
    expect(mixes.length).toBeGreaterThanOrEqual(2);
    expect(mixes.every((m) => m.entries.length > 0 && m.name !== '')).toBe(true);
    expect(mixes.flatMap((m) => m.entries).every((e) => e.durationSec === 200)).toBe(true);
    expect(path.every((e) => e.durationSec === 200)).toBe(true);
    const queue = tracks.slice(1, 12).map((t) => t.id);
    const reranked = await call('recommend:rerank-queue', { queue, skipped: from.id });
    expect(new Set([...reranked.entries.map((e) => e.id), ...reranked.dropped])).toEqual(
      new Set(queue),
    );
  });

  it('saves, reorders, renames, exports, imports and deletes playlists', async () => {
    const ids = tracks.slice(0, 4).map((t) => t.id);
    await call('playlists:save-playlist', { name: 'Late night', kind: 'manual', trackIds: ids });
    const reordered = [...ids].reverse();
    await call('playlists:save-playlist', {
      name: 'Late night',
      kind: 'manual',
      trackIds: reordered,
    });
    const got = await call('playlists:get-playlist', { name: 'Late night' });
    expect(got.tracks.map((t) => t.id)).toEqual(reordered);
    expect(got.count).toBe(4);

    const renamed = await call('playlists:rename-playlist', {
      name: 'Late night',
      newName: 'Späte Nacht',
    });
    expect(renamed.name).toBe('Späte Nacht');
    const names = (await call('playlists:list-all', {})).playlists.map((p) => p.name);
    expect(names).toEqual(['Späte Nacht']);

    // The renderer never names a file: the text comes back to be downloaded, and goes in as text.
    const exported = await call('playlists:export-m3u', { name: 'Späte Nacht' });
    expect(exported).toMatchObject({ fileName: 'Späte Nacht.m3u8', tracks: 4 });
    expect(exported.text.startsWith('#EXTM3U\n#EXTINF:')).toBe(true);
    const text = `${exported.text}#EXTINF:1,Nobody - Nothing\n/nowhere/missing.flac\n`;
    const imported = await call('playlists:import-m3u', {
      text,
      fileName: 'späte nacht.m3u8',
      name: 'Back again',
    });
    expect(imported.playlist.count).toBe(4);
    expect(imported.unmatched).toHaveLength(1);

    expect(await call('playlists:delete-playlist', { name: 'Back again' })).toEqual({
      deleted: true,
    });
    const missing = await host.dispatch('playlists:get-playlist', { name: 'Back again' });
    expect(failure(missing)?.code).toBe('not-found');
    for (const arg of [
      { path: '/etc/passwd' },
      { text: '#EXTM3U\n', fileName: '../../etc/list.m3u8' },
      { text: '#EXTM3U\n', fileName: 'passwd' },
    ]) {
      const refused = await host.dispatch('playlists:import-m3u', arg as never);
      expect(failure(refused)?.code).toBe('bad-request');
    }
    const byName = await call('playlists:import-m3u', { text, fileName: 'Evening mix.m3u8' });
    expect(byName.playlist.name).toBe('Evening mix');
  });

  it('serves the discover map of every analysed track', async () => {
    const map = await call('discover:get-map', {});
    expect(map.points).toHaveLength(tracks.length);
    expect(map.modelVersion).not.toBeNull();
    expect((await call('discover:get-map', {})).cached).toBe(true);
  });

  it('resets learning, keeping or deleting the listening history as asked', async () => {
    const log = engine.eventLog();
    await log.record(listen(tracks[0] as FixtureTrack, new Date('2026-11-01T20:00:00Z'), 'play'));
    const kept = await call('learning:reset-learning', { keepEvents: true });
    expect(kept.eventsRemoved).toBe(0);
    expect((await log.readAll()).events).toHaveLength(1);
    const gone = await call('learning:reset-learning', { keepEvents: false });
    expect(gone.eventsRemoved).toBe(1);
    await expect(stat(log.path)).rejects.toThrow();
    await log.record(listen(tracks[1] as FixtureTrack, new Date('2026-11-02T20:00:00Z'), 'play'));
    expect((await log.readAll()).events).toHaveLength(1);
  });
});
