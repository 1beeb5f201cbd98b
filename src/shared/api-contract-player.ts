/**
 * The player's channels beyond the screens': what the standing feedback says of the tracks in
 * the queue (so shuffle leaves out what the person said not to play, and hearts show), and the
 * state of the watched music folders. Composed into {@link ApiChannels} in api-contract.ts; same
 * rules: `area:verb-noun`, one argument object, plain data back. Pure TypeScript.
 */
import type { NoArg } from './api-contract';
import type { TrackRow } from './api-types';

/** A music folder as the watch sees it. */
export type FolderState = Readonly<{
  path: string;
  /** Whether the folder is there now (a folder on an unplugged drive is not; its tracks stay). */
  present: boolean;
  /** Whether changes in it are picked up as they happen. */
  watching: boolean;
  /** Why it is not watched although present, in words; null when nothing is wrong. */
  problem: string | null;
}>;

/**
 * An album of the library: the tracks sharing an album tag and album artist (so "Greatest Hits"
 * by two artists are two albums, as album gain counts them).
 */
export type AlbumSummary = Readonly<{
  /** 16 hex characters, stable while the album's name and album artist stay (a hash of them). */
  id: string;
  name: string;
  /** The album artist, else the one artist of all its tracks; null when they differ. */
  artist: string | null;
  /** Tracks by more than one artist and no album artist: a compilation. */
  various: boolean;
  /** The earliest year of its tracks. */
  year: number | null;
  tracks: number;
  durationSec: number;
  /** A track of it whose artwork stands for the album (`/artwork/<id>`), null when none has any. */
  artworkTrackId: string | null;
  /** The album's name was read from the folder or file name, not a tag: show it as a guess. */
  inferred: boolean;
}>;

/** Most track ids one check takes (a queue, a screen of rows). */
export const MAX_CHECKED_TRACKS = 5000;

/** The player's channels (see {@link ApiChannels} for the rules). */
export type PlayerChannels = {
  /**
   * Which of these tracks the person loves, and which must not be played because the track, its
   * artist or its album is banned ("Don't play this"), by the engine's own matching of artists
   * and albums. Unknown ids are neither.
   */
  'feedback:check-tracks': (
    arg: Readonly<{ ids: readonly string[]; profile?: string }>,
  ) => Promise<Readonly<{ loved: string[]; excluded: string[] }>>;
  /**
   * Each music folder: whether it is there and watched (Settings → Music folders → watch).
   * `library:changed` with reason `folders` follows any change of these states.
   */
  'library:get-folder-states': (arg: NoArg) => Promise<FolderState[]>;
  /**
   * The albums of the library, by name (case and accents ignored) or by artist, missing artists
   * last; only tracks matching `search` (as `library:list-tracks` searches) count. Tracks
   * without an album tag are in no album.
   */
  'library:list-albums': (
    arg: Readonly<{ sort?: 'album' | 'artist' | 'year'; search?: string }>,
  ) => Promise<AlbumSummary[]>;
  /** An album's tracks in disc and track order; empty when no album has that id now. */
  'library:get-album': (arg: Readonly<{ id: string }>) => Promise<TrackRow[]>;
};

/** The player's channels, in the order of {@link PlayerChannels}. */
export const PLAYER_CHANNELS = [
  'feedback:check-tracks',
  'library:get-folder-states',
  'library:list-albums',
  'library:get-album',
] as const satisfies readonly (keyof PlayerChannels)[];

type MissingPlayerChannels = Exclude<keyof PlayerChannels, (typeof PLAYER_CHANNELS)[number]>;
const everyPlayerChannelListed: [MissingPlayerChannels] extends [never]
  ? true
  : MissingPlayerChannels = true;
void everyPlayerChannelListed;
