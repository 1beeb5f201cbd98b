import { describe, expect, it } from 'vitest';
import { formatM3u, parseM3u } from '../../src/main/engine/recommend/m3u';

const tracks = [
  {
    path: '/home/ana/Música/Sigur Rós/Ágætis byrjun/01 Intro.flac',
    title: 'Intro',
    artist: 'Sigur Rós',
    durationSec: 95.6,
  },
  {
    path: '/home/ana/Música/坂本龍一/Merry Christmas Mr. Lawrence.mp3',
    title: 'Merry Christmas Mr. Lawrence',
    artist: '坂本龍一',
    durationSec: 277,
  },
  { path: '/mnt/other disk/no tags.ogg', title: 'no tags', artist: null, durationSec: null },
];

describe('M3U8', () => {
  it('writes #EXTM3U, #EXTINF with seconds and "artist - title", and relative paths below the root', () => {
    const text = formatM3u(tracks, '/home/ana/Música/playlists/mine.m3u8');
    expect(text.split('\n')).toEqual([
      '#EXTM3U',
      '#EXTINF:96,Sigur Rós - Intro',
      '../Sigur Rós/Ágætis byrjun/01 Intro.flac',
      '#EXTINF:277,坂本龍一 - Merry Christmas Mr. Lawrence',
      '../坂本龍一/Merry Christmas Mr. Lawrence.mp3',
      '#EXTINF:-1,no tags',
      '/mnt/other disk/no tags.ogg',
      '',
    ]);
  });

  it('reads back what it wrote', () => {
    const file = '/home/ana/Música/playlists/mine.m3u8';
    const entries = parseM3u(formatM3u(tracks, file), file);
    expect(entries.map((e) => e.path)).toEqual(tracks.map((t) => t.path));
    expect(entries.map((e) => e.durationSec)).toEqual([96, 277, null]);
    expect(entries.map((e) => e.display)).toEqual([
      'Sigur Rós - Intro',
      '坂本龍一 - Merry Christmas Mr. Lawrence',
      'no tags',
    ]);
    expect(entries.map((e) => e.line)).toEqual([3, 5, 7]);
  });

  it('keeps a title with a line break on one line', () => {
    const text = formatM3u(
      [{ path: '/m/a.mp3', title: 'two\nlines', artist: 'X\r\nY', durationSec: 1 }],
      '/m/p.m3u8',
    );
    expect(text).toContain('#EXTINF:1,X Y - two lines\na.mp3\n');
  });

  it('reads plain M3U, a byte-order mark, CRLF, file URLs, Windows paths and URLs', () => {
    const text = [
      '\uFEFF#EXTM3U',
      '#EXTINF:10 tvg-id="x",A - B',
      'file:///music/with%20space/a.mp3',
      '',
      '# a comment',
      'sub\\dir\\b.flac',
      'https://radio.example/stream',
      '/abs/c.ogg',
    ].join('\r\n');
    const entries = parseM3u(text, '/lists/x.m3u');
    expect(entries.map((e) => e.path)).toEqual([
      '/music/with space/a.mp3',
      '/lists/sub/dir/b.flac',
      null,
      '/abs/c.ogg',
    ]);
    expect(entries[0]).toMatchObject({ durationSec: 10, display: 'A - B' });
    expect(entries[1]).toMatchObject({ durationSec: null, display: null, line: 6 });
  });
});
