/**
 * The library's albums, read from the list sorted by album: the tracks sharing an album tag and
 * album artist (folded as the sort folds them, as album gain groups them), with what a grid of
 * covers shows. An album's id is a hash of that key, so the renderer names albums by id, never
 * by a path or a tag it would have to spell back.
 */
import { createHash } from 'node:crypto';
import type { AlbumSummary } from '../../shared/api-contract-player';
import type { TrackRow } from '../../shared/api-types';
import { foldText } from '../engine/store/listing-snapshot';
import type { PageSource } from './track-groups';

/** Rows read per page: the listing answers from memory, so big pages only bound the garbage. */
const READ_PAGE = 10_000;

/** The id of the album of a row, or null for a track without an album tag. */
export function albumIdOf(row: Pick<TrackRow, 'album' | 'albumArtist'>): string | null {
  if (row.album === null) return null;
  const key = `${foldText(row.album)}\u0000${row.albumArtist === null ? '' : foldText(row.albumArtist)}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Every row matching `search`, in album order, page by page. */
async function* albumOrder(listTracks: PageSource, search: string): AsyncGenerator<TrackRow> {
  for (let offset = 0; ; offset += READ_PAGE) {
    const page = await listTracks({
      offset,
      limit: READ_PAGE,
      sort: 'album',
      direction: 'asc',
      search,
    });
    yield* page.rows;
    if (page.rows.length < READ_PAGE || offset + READ_PAGE >= page.total) return;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Building = {
  summary: Mutable<Omit<AlbumSummary, 'artist' | 'various'>>;
  artists: Set<string>;
  albumArtist: string | null;
  /** The first-met spelling of each folded artist, for the name shown. */
  spelling: Map<string, string>;
};

function summaryOf(album: Building): AlbumSummary {
  const [only] = album.artists;
  const single = album.artists.size === 1 && only !== undefined ? album.spelling.get(only) : null;
  const artist = album.albumArtist ?? single ?? null;
  return { ...album.summary, artist, various: artist === null && album.artists.size > 1 };
}

const byName = (a: AlbumSummary, b: AlbumSummary): number =>
  foldText(a.name) < foldText(b.name) ? -1 : foldText(a.name) > foldText(b.name) ? 1 : 0;

/** Missing values last, whatever else the order. */
function missingLast<T extends string | number>(value: (album: AlbumSummary) => T | null) {
  return (a: AlbumSummary, b: AlbumSummary): number => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : byName(a, b);
  };
}

/** The albums of the tracks matching `search`, ordered by `sort`. */
export async function listAlbums(
  listTracks: PageSource,
  options: Readonly<{ sort: 'album' | 'artist' | 'year'; search: string }>,
): Promise<AlbumSummary[]> {
  const albums = new Map<string, Building>();
  for await (const row of albumOrder(listTracks, options.search)) {
    const id = albumIdOf(row);
    if (id === null || row.album === null) continue;
    let album = albums.get(id);
    if (album === undefined) {
      album = {
        summary: {
          id,
          name: row.album,
          year: null,
          tracks: 0,
          durationSec: 0,
          artworkTrackId: null,
          inferred: row.inferred.includes('album'),
        },
        artists: new Set(),
        albumArtist: row.albumArtist,
        spelling: new Map(),
      };
      albums.set(id, album);
    }
    const s = album.summary;
    s.tracks++;
    s.durationSec += row.durationSec ?? 0;
    if (row.year !== null && (s.year === null || row.year < s.year)) s.year = row.year;
    // Tracks come in disc and track order: the first with a picture is the album's cover.
    if (s.artworkTrackId === null && row.artwork) s.artworkTrackId = row.id;
    if (row.artist !== null) {
      const folded = foldText(row.artist);
      album.artists.add(folded);
      if (!album.spelling.has(folded)) album.spelling.set(folded, row.artist);
    }
  }
  const list = [...albums.values()].map(summaryOf);
  const order = {
    album: byName,
    artist: missingLast((album) => (album.artist === null ? null : foldText(album.artist))),
    year: missingLast((album) => album.year),
  }[options.sort];
  return list.sort(order);
}

/** The tracks of the album with this id, in disc and track order. */
export async function albumTracks(listTracks: PageSource, id: string): Promise<TrackRow[]> {
  const tracks: TrackRow[] = [];
  for await (const row of albumOrder(listTracks, '')) if (albumIdOf(row) === id) tracks.push(row);
  return tracks;
}
