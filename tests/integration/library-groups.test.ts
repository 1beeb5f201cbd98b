import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgOf, ResultOf } from '../../src/shared/api-contract';
import { createEngineHost, type EngineHost } from '../../src/main/engine-host/engine-host';
import { trackGroups } from '../../src/main/engine-host/track-groups';
import { Engine } from '../../src/main/engine/engine';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { analysedTrack, seededRandom, unitVector } from './store-fixtures';

let dir: string;
let engine: Engine;
let host: EngineHost;

// Album → how many tracks; "blue" differs from "Blue" only in case, so they are one group.
const ALBUMS: readonly (readonly [string | null, number])[] = [
  ['Kind of Blue', 4],
  ['Blue', 3],
  [null, 2],
  ['Zed', 3],
  ['blue', 2],
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-library-groups-'));
  const random = seededRandom(5);
  const store = await LibraryStore.open(dir);
  let n = 0;
  await store.writeTracks(
    ALBUMS.flatMap(([album, count]) =>
      Array.from({ length: count }, (_, i) =>
        analysedTrack(`/music/${album ?? 'loose'}/${i}-${n++}.flac`, unitVector(random), {
          album,
          artist: `Player ${n % 3}`,
          title: `Song ${n}`,
          trackNo: i + 1,
        }),
      ),
    ),
  );
  await store.close();
  engine = await Engine.open({ dataDir: dir });
  host = createEngineHost(engine, { mode: 'web', version: 'test', emit: () => undefined });
});

afterAll(async () => {
  await host.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function call<
  C extends
    'library:list-groups' | 'library:list-tracks' | 'library:list-albums' | 'library:get-album',
>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>> {
  const reply = await host.dispatch(channel, arg);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResultOf<C>;
}

describe('library:list-groups', () => {
  it('gives the runs of the sorted list, case folded, untagged last', async () => {
    const groups = await call('library:list-groups', { by: 'album' });
    expect(groups.map((g) => [g.name?.toLowerCase() ?? null, g.count])).toEqual([
      ['blue', 5],
      ['kind of blue', 4],
      ['zed', 3],
      [null, 2],
    ]);
    // The groups line up with the rows list-tracks gives for the same sort.
    const { rows } = await call('library:list-tracks', { sort: 'album', limit: 500 });
    let start = 0;
    for (const group of groups) {
      const names = rows.slice(start, start + group.count).map((r) => r.album?.toLowerCase());
      expect(new Set(names)).toEqual(new Set([group.name?.toLowerCase()]));
      start += group.count;
    }
    expect(start).toBe(rows.length);

    const reversed = await call('library:list-groups', { by: 'album', direction: 'desc' });
    expect(reversed.map((g) => g.count)).toEqual([3, 4, 5, 2]);
    expect(await call('library:list-groups', { by: 'album', search: 'kind' })).toEqual([
      { name: 'Kind of Blue', count: 4, artworkTrackId: null },
    ]);
    const artists = await call('library:list-groups', { by: 'artist' });
    expect(artists.map((g) => g.name)).toEqual(['Player 0', 'Player 1', 'Player 2']);
    expect(artists.reduce((sum, g) => sum + g.count, 0)).toBe(14);
  });

  it('keeps a group whole across the pages it reads', async () => {
    const listTracks = (query: Parameters<typeof engine.store.listTracks>[0]) =>
      engine.store.listTracks(query);
    const whole = await trackGroups(listTracks, { by: 'album', direction: 'asc', search: '' });
    for (const pageSize of [1, 2, 3, 5, 14]) {
      expect(
        await trackGroups(listTracks, { by: 'album', direction: 'asc', search: '', pageSize }),
      ).toEqual(whole);
    }
  });

  it('lists the albums over the real store, and an album’s tracks by its id', async () => {
    const albums = await call('library:list-albums', {});
    expect(albums.map((a) => [a.name.toLowerCase(), a.tracks])).toEqual([
      ['blue', 5],
      ['kind of blue', 4],
      ['zed', 3],
    ]);
    const kind = albums[1];
    const tracks = await call('library:get-album', { id: kind?.id ?? '' });
    expect(tracks).toHaveLength(4);
    expect(new Set(tracks.map((t) => t.album?.toLowerCase()))).toEqual(new Set(['kind of blue']));
    const refused = await host.dispatch('library:get-album', { id: '../etc/passwd' });
    expect(refused.ok ? null : refused.error.code).toBe('bad-request');
  });

  it('refuses a grouping it does not know', async () => {
    const reply = await host.dispatch('library:list-groups', { by: 'genre' });
    expect(reply.ok ? null : reply.error.code).toBe('bad-request');
  });
});
