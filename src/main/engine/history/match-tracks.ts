/**
 * Matches history entries to library tracks by the recommender's song identity
 * (recommend/song-identity.ts): the normalised artist and the title without version markers,
 * then, among several library tracks of that song, the one on the same album (normalised the
 * same way) and nearest in length. An entry whose artist is a placeholder ("Unknown") or whose
 * song the library lacks is unmatched, with the reason.
 */
import { normaliseArtist, normaliseTitle, songKey } from '../recommend/song-identity';
import type { HistoryEntry } from './history-entry';

/** What matching needs of a library track. */
export type LibraryTrack = Readonly<{
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  albumArtist?: string | null;
  durationSec: number | null;
}>;

/** The track an entry names, or why there is none. */
export type MatchResult = Readonly<{ track: LibraryTrack } | { reason: string }>;

/** A length difference beyond this makes another version the better match. */
const LENGTH_TOLERANCE_MS = 5_000;

/** The library indexed by song. */
export class TrackMatcher {
  private readonly bySong = new Map<string, LibraryTrack[]>();
  private readonly albums = new WeakMap<LibraryTrack, string | null>();
  // A history names the same songs again and again: 100,000 scrobbles are a few thousand songs.
  private readonly seen = new Map<string, MatchResult>();

  constructor(tracks: Iterable<LibraryTrack>) {
    for (const track of tracks) {
      for (const artist of new Set([track.artist, track.albumArtist ?? null])) {
        const key = songKey(artist, track.title);
        if (key === null) continue;
        const list = this.bySong.get(key) ?? [];
        if (!list.includes(track)) list.push(track);
        this.bySong.set(key, list);
      }
      this.albums.set(track, track.album === null ? null : normaliseTitle(track.album));
    }
  }

  /** The track an entry names, or why there is none. */
  match(entry: HistoryEntry): MatchResult {
    const key = `${entry.artist}\u0000${entry.title}\u0000${entry.album ?? ''}\u0000${entry.durationMs ?? ''}`;
    let result = this.seen.get(key);
    if (result === undefined) {
      result = this.find(entry);
      this.seen.set(key, result);
    }
    return result;
  }

  private find(entry: HistoryEntry): MatchResult {
    if (normaliseArtist(entry.artist) === null) return { reason: 'no real artist' };
    const found = this.bySong.get(songKey(entry.artist, entry.title) ?? '');
    if (found === undefined || found.length === 0) return { reason: 'not in the library' };
    if (found.length === 1) return { track: found[0] as LibraryTrack };
    const album = entry.album === null ? null : normaliseTitle(entry.album);
    const sameAlbum = album === null ? [] : found.filter((t) => this.albums.get(t) === album);
    const pool = sameAlbum.length > 0 ? sameAlbum : found;
    return { track: nearestInLength(pool, entry.durationMs) };
  }
}

function nearestInLength(pool: readonly LibraryTrack[], durationMs: number | null): LibraryTrack {
  const first = pool[0] as LibraryTrack;
  if (durationMs === null) return first;
  let best = first;
  let bestGap = Infinity;
  for (const track of pool) {
    const gap =
      track.durationSec === null ? Infinity : Math.abs(track.durationSec * 1000 - durationMs);
    if (gap < bestGap) [best, bestGap] = [track, gap];
  }
  // Beyond the tolerance no length is telling; the first (by library order) stays.
  return bestGap <= LENGTH_TOLERANCE_MS ? best : first;
}
