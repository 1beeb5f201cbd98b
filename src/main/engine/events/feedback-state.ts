/**
 * A profile's standing feedback, folded from the feedback lines of its event log in file order:
 * the latest line for a target is its state, and `none` takes the target off. Artists and albums
 * match by the recommender's normalisation (recommend/song-identity.ts), so "The Beatles" bans
 * "Beatles" too and an album ban holds for its "(Remastered)" edition.
 */
import type { FeedbackRecord, FeedbackTarget } from '../../../shared/feedback';
import { normaliseArtist, normaliseTitle } from '../recommend/song-identity';

/** What {@link FeedbackState.excluded} needs to know of a track. */
export type TrackTags = Readonly<{
  id: string;
  artist: string | null;
  album: string | null;
  albumArtist?: string | null;
}>;

/**
 * The key a target is stored and matched under, or null for one no track can match (an artist
 * tag like "Unknown" or "Various Artists", which the normalisation reads as no artist).
 */
export function targetKey(target: FeedbackTarget): string | null {
  switch (target.kind) {
    case 'track':
      return `track\u0000${target.id}`;
    case 'artist': {
      const artist = normaliseArtist(target.name);
      return artist === null ? null : `artist\u0000${artist}`;
    }
    case 'album': {
      const artist = target.artist === undefined ? '' : normaliseArtist(target.artist);
      if (artist === null) return null;
      return `album\u0000${normaliseTitle(target.name)}\u0000${artist}`;
    }
  }
}

/** Standing feedback, newest first per value. Immutable. */
export class FeedbackState {
  private readonly lovedTracks = new Set<string>();
  private readonly bannedTracks = new Set<string>();
  private readonly bannedArtists = new Set<string>();
  // Normalised album → the normalised artists it is banned for ('' = whatever the artist).
  private readonly bannedAlbums = new Map<string, Set<string>>();

  private constructor(private readonly standing: ReadonlyMap<string, FeedbackRecord>) {
    for (const record of standing.values()) {
      const { target } = record;
      if (record.value === 'love' && target.kind === 'track') this.lovedTracks.add(target.id);
      if (record.value !== 'ban') continue;
      if (target.kind === 'track') this.bannedTracks.add(target.id);
      else if (target.kind === 'artist') this.bannedArtists.add(normaliseArtist(target.name) ?? '');
      else {
        const album = normaliseTitle(target.name);
        const artists = this.bannedAlbums.get(album) ?? new Set<string>();
        artists.add(target.artist === undefined ? '' : (normaliseArtist(target.artist) ?? ''));
        this.bannedAlbums.set(album, artists);
      }
    }
  }

  /** The state after `records`, in the order they were logged. */
  static from(records: Iterable<FeedbackRecord>): FeedbackState {
    const standing = new Map<string, FeedbackRecord>();
    for (const record of records) FeedbackState.fold(standing, record);
    return new FeedbackState(standing);
  }

  /** Adds one record to a map of standing feedback by target key (for incremental readers). */
  static fold(standing: Map<string, FeedbackRecord>, record: FeedbackRecord): void {
    const key = targetKey(record.target);
    if (key === null) return;
    // Deleted first, so the map's order stays that of the latest change.
    standing.delete(key);
    // A love of an artist or album is refused when given; one written by hand means nothing.
    const meaningful = record.value !== 'love' || record.target.kind === 'track';
    if (record.value !== 'none' && meaningful) standing.set(key, record);
  }

  /** A state from an incremental reader's map (copied, so the reader may go on folding). */
  static of(standing: ReadonlyMap<string, FeedbackRecord>): FeedbackState {
    return new FeedbackState(new Map(standing));
  }

  /** Whether nothing stands. */
  get empty(): boolean {
    return this.standing.size === 0;
  }

  /** Whether the person loves this track. */
  loved(trackId: string): boolean {
    return this.lovedTracks.has(trackId);
  }

  /** Whether this track itself is banned (not through its artist or album). */
  banned(trackId: string): boolean {
    return this.bannedTracks.has(trackId);
  }

  /** Whether this track must never be suggested: it, its artist or its album is banned. */
  excluded(track: TrackTags): boolean {
    if (this.bannedTracks.has(track.id)) return true;
    const artists = [normaliseArtist(track.artist), normaliseArtist(track.albumArtist ?? null)];
    if (artists.some((a) => a !== null && this.bannedArtists.has(a))) return true;
    if (track.album === null || this.bannedAlbums.size === 0) return false;
    const forArtists = this.bannedAlbums.get(normaliseTitle(track.album));
    if (forArtists === undefined) return false;
    return forArtists.has('') || artists.some((a) => a !== null && forArtists.has(a));
  }

  /** Whether an artist or an album is banned (so {@link excluded} needs a track's tags). */
  get bansTags(): boolean {
    return this.bannedArtists.size > 0 || this.bannedAlbums.size > 0;
  }

  /** Tracks loved, and tracks banned by id, in no particular order. */
  trackIds(): Readonly<{ loved: ReadonlySet<string>; banned: ReadonlySet<string> }> {
    return { loved: this.lovedTracks, banned: this.bannedTracks };
  }

  /** The value standing for a target ('none' when nothing does). */
  valueOf(target: FeedbackTarget): FeedbackRecord['value'] {
    const key = targetKey(target);
    return (key === null ? undefined : this.standing.get(key)?.value) ?? 'none';
  }

  /** The standing records, newest change first: loves and bans apart. */
  records(): Readonly<{ loved: FeedbackRecord[]; banned: FeedbackRecord[] }> {
    const newestFirst = [...this.standing.values()].reverse();
    return {
      loved: newestFirst.filter((r) => r.value === 'love'),
      banned: newestFirst.filter((r) => r.value === 'ban'),
    };
  }
}
