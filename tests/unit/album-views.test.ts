/**
 * The albums of the library (engine-host/album-views.ts) over a listing sorted by album: one
 * album per album tag and album artist, its artist, earliest year, length, first cover and
 * whether its name was guessed; ordered by name, artist or year with missing values last; an
 * album's tracks by its id.
 */
import { describe, expect, it } from 'vitest';
import { albumIdOf, albumTracks, listAlbums } from '../../src/main/engine-host/album-views';
import type { PageSource } from '../../src/main/engine-host/track-groups';
import type { TrackRow } from '../../src/shared/api-types';

/** A library row with tags derived from its number (as the renderer tests' `row`). */
function row(n: number, tags: Partial<TrackRow> = {}): TrackRow {
  return {
    id: n.toString(16).padStart(16, '0'),
    title: `Track ${n}`,
    artist: `Artist ${n}`,
    album: `Album ${n}`,
    albumArtist: null,
    trackNo: n,
    discNo: null,
    year: 1990 + n,
    genre: null,
    durationSec: 180,
    status: 'analysed',
    artwork: false,
    loudness: null,
    inferred: [],
    ...tags,
  };
}

/** A listing of `rows` in the order given (already sorted by album), searched by title. */
function listing(rows: readonly TrackRow[]): PageSource {
  return ({ offset, limit, search }) => {
    const matches = rows.filter((r) => r.title.toLowerCase().includes(search.toLowerCase()));
    return Promise.resolve({
      total: matches.length,
      offset,
      rows: matches.slice(offset, offset + limit),
    });
  };
}

const rows: TrackRow[] = [
  row(1, { album: 'Blue', albumArtist: null, artist: 'Zed', year: 1999, durationSec: 100 }),
  row(2, {
    album: 'blue',
    albumArtist: null,
    artist: 'zed',
    year: 1997,
    artwork: true,
    durationSec: 50,
  }),
  row(3, { album: 'Greatest Hits', albumArtist: 'ABBA', artist: 'ABBA', year: null }),
  row(4, { album: 'Greatest Hits', albumArtist: 'Queen', artist: 'Queen', year: 1981 }),
  row(5, { album: 'Mix', albumArtist: null, artist: 'One', inferred: ['album'] }),
  row(6, { album: 'Mix', albumArtist: null, artist: 'Two', artwork: true }),
  row(7, { album: null, artist: 'Loose' }),
  row(8, { album: 'Anon', albumArtist: null, artist: null, year: 2001 }),
];

describe('albums', () => {
  it('groups by album tag and album artist, case aside, with what a cover shows', async () => {
    const albums = await listAlbums(listing(rows), { sort: 'album', search: '' });
    expect(albums.map((a) => [a.name, a.artist, a.various, a.tracks])).toEqual([
      ['Anon', null, false, 1],
      ['Blue', 'Zed', false, 2],
      ['Greatest Hits', 'ABBA', false, 1],
      ['Greatest Hits', 'Queen', false, 1],
      ['Mix', null, true, 2],
    ]);
    const blue = albums[1];
    expect(blue?.year).toBe(1997);
    expect(blue?.durationSec).toBe(150);
    expect(blue?.artworkTrackId).toBe(row(2).id);
    expect(blue?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(albums[4]?.inferred).toBe(true);
    expect(albums[4]?.artworkTrackId).toBe(row(6).id);
    expect(albums[0]?.artworkTrackId).toBeNull();
  });

  it('sorts by artist or year with missing values last, and searches', async () => {
    const byArtist = await listAlbums(listing(rows), { sort: 'artist', search: '' });
    expect(byArtist.map((a) => a.artist)).toEqual(['ABBA', 'Queen', 'Zed', null, null]);
    const byYear = await listAlbums(listing(rows), { sort: 'year', search: '' });
    expect(byYear.map((a) => a.year)).toEqual([1981, 1995, 1997, 2001, null]);
    const found = await listAlbums(listing(rows), { sort: 'album', search: 'track 4' });
    expect(found.map((a) => a.artist)).toEqual(['Queen']);
  });

  it('gives an album’s tracks in listing order by its id, none for an unknown id', async () => {
    const [, blue] = await listAlbums(listing(rows), { sort: 'album', search: '' });
    const tracks = await albumTracks(listing(rows), blue?.id ?? '');
    expect(tracks.map((t) => t.id)).toEqual([row(1).id, row(2).id]);
    expect(albumIdOf(rows[0]!)).toBe(blue?.id);
    expect(await albumTracks(listing(rows), 'f'.repeat(16))).toEqual([]);
  });
});
