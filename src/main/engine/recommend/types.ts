/** What the recommender answers with, and what it is asked for. */
import type { RecommendedTrack } from '../../../shared/api-contract-ui';
import type { BlendMode } from './blend';

/**
 * One track of a playlist, as hosts show it (and as `--json` prints it): the contract's
 * recommended track (score, its audio and collaborative sides, why) plus the file's path, which
 * the CLI prints and the renderer never sees.
 */
export type PlaylistEntry = RecommendedTrack & Readonly<{ path: string }>;

/** A radio seed: a track (path or id), every track of an album, or an artist. */
export type SeedRef =
  | Readonly<{ kind: 'track'; ref: string }>
  | Readonly<{ kind: 'album'; album: string }>
  | Readonly<{ kind: 'artist'; artist: string }>;

/** Options every request takes. */
export type RequestOptions = Readonly<{
  /** The listening profile whose history and taste count; default "default". */
  profile?: string;
  /** Which sides rank; default both ("blend"). */
  mode?: BlendMode;
  /** The time the history is read at; default now. */
  now?: Date;
}>;

/** The length of a playlist: a count of tracks, a duration, or both (whichever comes first). */
export type PlaylistLength = Readonly<{ count?: number; durationSec?: number }>;

export type RadioRequest = RequestOptions &
  PlaylistLength &
  Readonly<{
    seeds: readonly SeedRef[];
    /** 0 familiar … 1 adventurous; default {@link DEFAULT_ADVENTUROUS}. */
    adventurous?: number;
  }>;

export type PathRequest = RequestOptions &
  Readonly<{
    from: string;
    to: string;
    /** Tracks in the path, both ends included; default 12. */
    count?: number;
  }>;

export type MixesRequest = RequestOptions & PlaylistLength;

/**
 * A mix: a group of the library that belongs together, named from what it holds, as a playlist
 * of its own tracks. `id` numbers the mixes of one answer (as in {@link MixMembership}).
 */
export type Mix = Readonly<{ id: number; name: string; size: number; entries: PlaylistEntry[] }>;

/** Which mix every analysed track belongs to (the discover map's "colour by mix"). */
export type MixMembership = Readonly<{
  mixes: readonly Readonly<{ id: number; name: string; size: number }>[];
  /** Track id → its mix's id. */
  mixOf: Readonly<Record<string, number>>;
}>;

/** What a queue was made from, for its continuation. */
export type QueueOrigin =
  | Readonly<{ kind: 'radio'; seeds: readonly SeedRef[] }>
  | Readonly<{ kind: 'mix'; name: string }>
  | Readonly<{ kind: 'path'; from: string; to: string }>;

/** The next tracks of an endless radio, mix or path. */
export type ContinueRequest = RequestOptions &
  Readonly<{
    origin: QueueOrigin;
    /**
     * Every track heard or queued in this session from this queue (paths or ids), in order, the
     * ones still queued last: none comes again, and the artist limits count from its end. The
     * plays and skips among them are read from the event log, as they were recorded.
     */
    queued: readonly string[];
    /** Tracks wanted; default {@link DEFAULT_CONTINUE_COUNT}. */
    count?: number;
    adventurous?: number;
  }>;

export type RerankRequest = RequestOptions &
  Readonly<{
    /** The tracks still to play, in their current order (paths or ids). */
    queue: readonly string[];
    /** The track just skipped (path or id). */
    skipped: string;
    /** The seeds the queue came from, if any: the audio side follows them. */
    seeds?: readonly SeedRef[];
    adventurous?: number;
  }>;

/** The queue after a skip, and the tracks the rules no longer let in. */
export type RerankResult = Readonly<{ entries: PlaylistEntry[]; dropped: string[] }>;

/** The setting when none is given: a little toward the familiar. */
export const DEFAULT_ADVENTUROUS = 0.3;
export const DEFAULT_RADIO_COUNT = 30;
export const DEFAULT_PATH_COUNT = 12;
export const DEFAULT_MIX_COUNT = 30;
export const DEFAULT_CONTINUE_COUNT = 10;
