/**
 * The channels of the renderer's screens beyond the library and the player: recommendations
 * (radio, paths, mixes, re-ranking after a skip), saved playlists and M3U8, the discover map,
 * settings, and background learning (its state, cancelling it, resetting it). Composed into
 * {@link ApiChannels} in api-contract.ts; same rules: `area:verb-noun`, one argument object,
 * plain data back. Pure TypeScript.
 */
import type { NoArg } from './api-contract';
import type { InferredTag, TrackLoudness } from './api-contract-media';
import type { LearningJob, LearningState, TrackRow } from './api-types';
import type { ReasonPart } from './reasons';

/** What a radio starts from: a track, every track of an album, or an artist. */
export type SeedArg =
  | Readonly<{ kind: 'track'; id: string }>
  | Readonly<{ kind: 'album'; album: string }>
  | Readonly<{ kind: 'artist'; artist: string }>;

/** A recommended track with the parts of its score and why it is there (no path). */
export type RecommendedTrack = Readonly<{
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  /**
   * The final score: the blended chance of a play-through, `σ(logit audio + w·(logit cfRate −
   * logit base))`, less penalties (engine: recommend/blend.ts, calibration.ts).
   */
  score: number;
  /** The audio side: a play-through estimate from the sound, about 0 … 1. */
  audio: number;
  /** The collaborative side (NeuMF's probability of a play-through), or null when cold. */
  cf: number | null;
  /** Why it is there, in words a person understands: the sentence of `reasons`. */
  why: string;
  /** The parts of `why`, each with the number behind it (shared/reasons.ts). */
  reasons: readonly ReasonPart[];
  /** The track's length as the scan read it, in seconds; null when unknown. */
  durationSec: number | null;
}>;

/**
 * A recommended track as the screens get it: its library row (length, album and track number,
 * everything the player plays it with) and the recommender's parts.
 */
export type RecommendedRow = TrackRow & RecommendedTrack;

/** A mix: a cluster of the library named after what dominates it. */
export type MixView = Readonly<{
  name: string;
  size: number;
  entries: readonly RecommendedRow[];
}>;

/** Where a saved playlist came from. */
export type PlaylistKindName = 'radio' | 'path' | 'mix' | 'imported' | 'manual';

/** A saved playlist in a list. */
export type PlaylistSummary = Readonly<{
  name: string;
  kind: PlaylistKindName;
  count: number;
  /** Total length of the tracks whose length is known, in seconds. */
  durationSec: number;
  updatedAt: string;
}>;

/** One track of a saved playlist (it may have left the library since). */
export type PlaylistTrack = Readonly<{
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  durationSec: number | null;
  /** What the library knows beyond the entry's tags, for tracks still in it. */
  artwork?: boolean;
  loudness?: TrackLoudness | null;
  inferred?: readonly InferredTag[];
}>;

/** A saved playlist with its tracks, in order. */
export type PlaylistView = PlaylistSummary &
  Readonly<{ createdAt: string; tracks: readonly PlaylistTrack[] }>;

/** The saved playlists, and files in the playlists folder that could not be read. */
export type PlaylistList = Readonly<{
  playlists: readonly PlaylistSummary[];
  damaged: readonly Readonly<{ file: string; reason: string }>[];
}>;

/** What an M3U8 import saved and the entries it could not match to a library track. */
export type PlaylistImportResult = Readonly<{
  playlist: PlaylistSummary;
  byPath: number;
  byTags: number;
  unmatched: readonly Readonly<{ line: number; location: string; reason: string }>[];
}>;

/** One track on the discover map, in the unit square. */
export type MapPoint = Readonly<{
  id: string;
  x: number;
  y: number;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
}>;

/** The discover map: a 2D projection of the audio embeddings, made in the engine and cached. */
export type DiscoverMap = Readonly<{
  modelVersion: string | null;
  /** How it was made (UMAP's parameters), for the curious. */
  algorithm: string;
  cached: boolean;
  points: readonly MapPoint[];
}>;

/** A run of the library list sorted by album or artist: the tracks sharing that tag. */
export type TrackGroup = Readonly<{
  /** The tag as the group's first track spells it; null for tracks without it. */
  name: string | null;
  /** Tracks in the group, consecutive in the list sorted by the group's column. */
  count: number;
  /** The first of its tracks with artwork (`/artwork/<id>`), for the group's header; null: none. */
  artworkTrackId?: string | null;
}>;

/** Loudness levelling: off, each track to the same loudness, or each album (keeping its own dynamics). */
export const NORMALISATIONS = ['off', 'track', 'album'] as const;

/** The colours of the app: the system's choice, or always dark or light. */
export const THEMES = ['system', 'dark', 'light'] as const;

/** Longest crossfade, in seconds. */
export const MAX_CROSSFADE_SEC = 12;

/** The app's settings that live with the library. */
export type AppSettings = Readonly<{
  /** 0 familiar … 1 adventurous: how far recommendations stray from what is known. */
  adventurous: number;
  /**
   * Seconds one track fades into the next, 0 (off, the default) to {@link MAX_CROSSFADE_SEC};
   * never between consecutive tracks of an album, which play gapless.
   */
  crossfadeSec: number;
  /** Loudness levelling from ReplayGain tags or the loudness measured at analysis. */
  normalisation: (typeof NORMALISATIONS)[number];
  theme: (typeof THEMES)[number];
  /** Whether the music folders are watched, so added, changed and removed files are picked up. */
  watchFolders: boolean;
}>;

/** What "reset learning" removed. */
export type LearningResetResult = Readonly<{
  profile: string;
  modelsRemoved: boolean;
  eventsRemoved: number;
}>;

/** A playlist named by its name. */
export type PlaylistRef = Readonly<{ name: string }>;

/** The screens' channels (see {@link ApiChannels} for the rules). */
export type UiChannels = {
  /** A radio from seeds; the setting's `adventurous` unless given. Fails `not-found` for an unknown seed. */
  'recommend:make-radio': (
    arg: Readonly<{ seeds: readonly SeedArg[]; count?: number; adventurous?: number }>,
  ) => Promise<RecommendedRow[]>;
  /** A path from one track to another in small steps of sound, both ends included. */
  'recommend:make-path': (
    arg: Readonly<{ from: string; to: string; count?: number }>,
  ) => Promise<RecommendedRow[]>;
  /** 4–8 named mixes of what the person plays (or of the whole library before any history). */
  'recommend:list-mixes': (arg: Readonly<{ count?: number }>) => Promise<MixView[]>;
  /** The rest of a queue re-ranked after a skip, and the tracks the rules now leave out. */
  'recommend:rerank-queue': (
    arg: Readonly<{
      queue: readonly string[];
      skipped: string;
      seeds?: readonly SeedArg[];
      adventurous?: number;
    }>,
  ) => Promise<Readonly<{ entries: RecommendedRow[]; dropped: string[] }>>;
  /** Every saved playlist. */
  'playlists:list-all': (arg: NoArg) => Promise<PlaylistList>;
  /** One saved playlist with its tracks. Fails with `not-found`. */
  'playlists:get-playlist': (arg: PlaylistRef) => Promise<PlaylistView>;
  /** Saves library tracks as a playlist, replacing one of the same name (also how to reorder). */
  'playlists:save-playlist': (
    arg: Readonly<{ name: string; kind: PlaylistKindName; trackIds: readonly string[] }>,
  ) => Promise<PlaylistSummary>;
  /** Renames a playlist. Fails with `bad-request` when the new name is taken. */
  'playlists:rename-playlist': (
    arg: PlaylistRef & Readonly<{ newName: string }>,
  ) => Promise<PlaylistSummary>;
  /** Deletes a saved playlist (its tracks stay in the library). */
  'playlists:delete-playlist': (arg: PlaylistRef) => Promise<{ deleted: boolean }>;
  /**
   * A saved playlist as M3U8 text (UTF-8, absolute paths) and a file name for it: the renderer
   * offers it as a download, so it never names a file to write.
   */
  'playlists:export-m3u': (
    arg: PlaylistRef,
  ) => Promise<Readonly<{ fileName: string; text: string; tracks: number }>>;
  /**
   * Saves the library tracks of an M3U/M3U8 text as a playlist (default name: the file's). The
   * renderer reads the file the person picked and sends its text, never a path; entries whose
   * path is not in the library are matched by their "artist - title".
   */
  'playlists:import-m3u': (
    arg: Readonly<{ text: string; fileName: string; name?: string }>,
  ) => Promise<PlaylistImportResult>;
  /**
   * The groups of the library list sorted by album or artist (as `library:list-tracks` sorts
   * with `sort: by`), in that order, so a grouped table can place group headers over the pages
   * of rows it loads. Tags that differ only in case or accents are one group.
   */
  'library:list-groups': (
    arg: Readonly<{ by: 'album' | 'artist'; direction?: 'asc' | 'desc'; search?: string }>,
  ) => Promise<TrackGroup[]>;
  /** The discover map of the library (made on first request after a change, then cached). */
  'discover:get-map': (arg: NoArg) => Promise<DiscoverMap>;
  /** The settings. */
  'settings:get-settings': (arg: NoArg) => Promise<AppSettings>;
  /** Changes some settings; returns all of them. */
  'settings:update-settings': (arg: Partial<AppSettings>) => Promise<AppSettings>;
  /**
   * Forgets what listening taught the model and, unless `keepEvents`, the listening history.
   * A taste-model run under way is cancelled first.
   */
  'learning:reset-learning': (
    arg: Readonly<{ keepEvents: boolean }>,
  ) => Promise<LearningResetResult>;
  /**
   * The learning going on in the background: the taste model, trained after a few listening
   * events or a quiet spell, and the audio model, fine-tuned after a scan that brought enough
   * new tracks. `learning:progress` and `learning:finished` follow each run.
   */
  'learning:get-state': (arg: NoArg) => Promise<LearningState>;
  /**
   * Stops background learning, one job or (without `job`) both; the models in use stay. A
   * cancelled audio run resumes after the next scan; the taste model learns again from the next
   * listening events. `cancelled` says whether anything was running.
   */
  'learning:cancel': (arg: Readonly<{ job?: LearningJob }>) => Promise<{ cancelled: boolean }>;
};

/** The screens' channels, in the order of {@link UiChannels}. */
export const UI_CHANNELS = [
  'recommend:make-radio',
  'recommend:make-path',
  'recommend:list-mixes',
  'recommend:rerank-queue',
  'playlists:list-all',
  'playlists:get-playlist',
  'playlists:save-playlist',
  'playlists:rename-playlist',
  'playlists:delete-playlist',
  'playlists:export-m3u',
  'playlists:import-m3u',
  'library:list-groups',
  'discover:get-map',
  'settings:get-settings',
  'settings:update-settings',
  'learning:reset-learning',
  'learning:get-state',
  'learning:cancel',
] as const satisfies readonly (keyof UiChannels)[];

type MissingUiChannels = Exclude<keyof UiChannels, (typeof UI_CHANNELS)[number]>;
const everyUiChannelListed: [MissingUiChannels] extends [never] ? true : MissingUiChannels = true;
void everyUiChannelListed;
