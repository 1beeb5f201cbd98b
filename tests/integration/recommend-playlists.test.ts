import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Playlists } from '../../src/main/engine/recommend/playlists';
import { PlaylistStore } from '../../src/main/engine/store/playlist-store';
import { tempDir } from '../helpers/synth';
import { clusteredTracks, openRecommender, type RecommenderFixture } from './recommend-fixtures';

describe('saved playlists and M3U8', () => {
  let dir: string;
  let fx: RecommenderFixture;
  let playlists: Playlists;
  let music: string;

  // Paths with spaces, accents, CJK and an emoji, under the test's own folder.
  const names = [
    'Ágætis byrjun/01 Svefn-g-englar',
    '坂本龍一/Merry Christmas',
    'Café del Mar/Track 🎵 one',
  ];

  beforeEach(async () => {
    dir = await tempDir('deepcut-playlists-');
    music = join(dir, 'My Music');
    const tracks = clusteredTracks({ clusters: 1, perCluster: names.length, seed: 2 }).map(
      (t, i) => ({
        ...t,
        path: join(music, `${names[i]}.flac`),
        title: names[i]?.split('/')[1] ?? '',
        artist: names[i]?.split('/')[0] ?? '',
        durationSec: 100 + i,
        id: `${i}`.padStart(16, 'b'),
      }),
    );
    fx = await openRecommender(join(dir, 'data'), tracks);
    playlists = new Playlists({
      dataDir: join(dir, 'data'),
      library: fx.store,
      snapshot: () => fx.recommender.snapshot(),
    });
  });

  afterEach(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ids = names.map((_, i) => `${i}`.padStart(16, 'b'));

  it('saves, lists, shows, replaces and removes playlists', async () => {
    const saved = await playlists.save({ name: 'Late night · 夜', kind: 'radio', trackIds: ids });
    expect(saved.entries.map((e) => e.title)).toEqual([
      '01 Svefn-g-englar',
      'Merry Christmas',
      'Track 🎵 one',
    ]);
    await playlists.save({ name: 'Other', kind: 'manual', trackIds: ids.slice(0, 1) });
    const replaced = await playlists.save({
      name: 'Late night · 夜',
      kind: 'radio',
      trackIds: ids.slice(1),
    });
    expect(replaced.createdAt).toBe(saved.createdAt);
    const { playlists: listed, damaged } = await playlists.list();
    expect(listed.map((p) => [p.name, p.entries.length])).toEqual([
      ['Late night · 夜', 2],
      ['Other', 1],
    ]);
    expect(damaged).toEqual([]);
    expect((await playlists.show('late night · 夜')).entries).toHaveLength(2);
    expect(await playlists.remove('Other')).toBe(true);
    await expect(playlists.show('Other')).rejects.toThrow('no playlist called "Other"');
  });

  it('lists a damaged playlist file apart and keeps the rest', async () => {
    await playlists.save({ name: 'Good', kind: 'manual', trackIds: ids });
    const folder = new PlaylistStore(join(dir, 'data')).dir;
    await writeFile(join(folder, 'broken.json'), '{"format": "deepcut-playlist", "vers');
    const { playlists: listed, damaged } = await playlists.list();
    expect(listed.map((p) => p.name)).toEqual(['Good']);
    expect(damaged).toHaveLength(1);
    expect(damaged[0]?.file).toBe(join(folder, 'broken.json'));
  });

  it('refuses a bad name and an unknown track, and writes nothing', async () => {
    await expect(
      playlists.save({ name: ' padded ', kind: 'manual', trackIds: ids }),
    ).rejects.toThrow('bad playlist name');
    await expect(
      playlists.save({ name: 'x', kind: 'manual', trackIds: ['ffffffffffffffff'] }),
    ).rejects.toThrow('unknown track');
    expect((await playlists.list()).playlists).toEqual([]);
  });

  it('round-trips through M3U8 with unicode and spaces, paths relative to the file', async () => {
    await playlists.save({ name: 'Mine', kind: 'radio', trackIds: ids });
    const file = join(music, 'Playlists', 'My list ü.m3u8');
    expect(await playlists.export('Mine', file)).toBe(3);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '#EXTM3U',
      '#EXTINF:100,Ágætis byrjun - 01 Svefn-g-englar',
      '../Ágætis byrjun/01 Svefn-g-englar.flac',
    ]);
    const result = await playlists.import(file);
    expect(result.playlist.name).toBe('My list ü');
    expect(result.playlist.kind).toBe('imported');
    expect(result.playlist.entries.map((e) => e.id)).toEqual(ids);
    expect(result).toMatchObject({ byPath: 3, byTags: 0, unmatched: [] });
  });

  it('matches by tags when a path moved and reports what it cannot match', async () => {
    const file = join(dir, 'elsewhere', 'list.m3u');
    await mkdir(join(dir, 'elsewhere'), { recursive: true });
    await writeFile(
      file,
      [
        '#EXTM3U',
        '#EXTINF:101,坂本龍一 - Merry Christmas',
        '/old/disk/Merry Christmas.flac',
        `#EXTINF:102,Café del Mar - Track 🎵 one`,
        `${music}/Café del Mar/Track 🎵 one.flac`,
        '#EXTINF:5,Nobody - Nothing',
        'missing file.mp3',
        'http://example.org/stream.mp3',
      ].join('\n'),
    );
    const result = await playlists.import(file, 'Rescued');
    expect(result.playlist.entries.map((e) => e.id)).toEqual([ids[1], ids[2]]);
    expect(result.byPath).toBe(1);
    expect(result.byTags).toBe(1);
    expect(result.unmatched).toEqual([
      {
        line: 7,
        location: 'missing file.mp3',
        reason: 'no library track at this path or with these tags',
      },
      { line: 8, location: 'http://example.org/stream.mp3', reason: 'not a local file' },
    ]);
  });
});
