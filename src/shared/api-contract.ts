/**
 * The app's API contract: every channel the renderer may call, with its argument and result, and
 * every event the backend pushes. One source of truth for the preload, the Electron main process,
 * the engine host, the web server and the renderer. Pure TypeScript: no electron, node: or DOM,
 * and no zod (the schemas live in api-schemas.ts, so the preload and renderer bundles stay small).
 *
 * Channel names are `area:verb-noun`; each call takes one argument object and resolves to one
 * result. On the wire a reply is an {@link ApiResult} envelope, never a thrown error or a stack.
 */
import type { EventDraft, EventSource, ListeningEvent } from './events';
import type {
  AppInfo,
  EngineStatus,
  HistoryEntry,
  LearningJob,
  LearningOutcome,
  LearningProgress,
  ScanJobProgress,
  ScanOutcome,
  ScanState,
  SimilarTrack,
  TrackDetails,
  TrackInfo,
  TrackPage,
  TrackSortKey,
} from './api-types';
import type { ScanFailure } from './library';
import { UI_CHANNELS, type UiChannels } from './api-contract-ui';
import { MEDIA_CHANNELS, type MediaChannels } from './api-contract-media';
import { FEEDBACK_CHANNELS, type FeedbackChannels } from './api-contract-feedback';
import { HISTORY_CHANNELS, type HistoryChannels } from './api-contract-history';
import { PLAYER_CHANNELS, type PlayerChannels } from './api-contract-player';
import { RADIO_CHANNELS, type RadioChannels } from './api-contract-radio';

/** Arguments of `library:list-tracks`. */
export type ListTracksArg = Readonly<{
  /** Index of the first row wanted among the matches (default 0). */
  offset?: number;
  /** Rows wanted, 1 to 500 (default 100). */
  limit?: number;
  sort?: TrackSortKey;
  direction?: 'asc' | 'desc';
  /** Words that must all appear in the title, artist or album (case and accents ignored). */
  search?: string;
}>;

/** Arguments of `events:record`: one finished playback. The engine assigns the session. */
export type RecordEventArg = Readonly<{
  track: string;
  startedAt: string;
  msPlayed: number;
  /** The track's length as the player measured it; default: the length the scan read. */
  durationMs?: number;
  end: EventDraft['end'];
  source: EventSource;
  profile?: string;
}>;

/** A track named by its id (16 lower-case hex characters). */
export type TrackRef = Readonly<{ id: string }>;

/** An argument object with nothing in it, for channels that need none. */
export type NoArg = Readonly<Record<never, never>>;

/**
 * The type map: channel → (argument) → result. TSDoc here is the API's documentation.
 */
export type ApiChannels = UiChannels &
  MediaChannels &
  FeedbackChannels &
  HistoryChannels &
  PlayerChannels &
  RadioChannels & {
    /** Which host this is (Electron or the web mode) and the app's version. */
    'app:get-info': (arg: NoArg) => Promise<AppInfo>;
    /** Track counts, folders, data folder, TF.js backend, model version. */
    'engine:get-status': (arg: NoArg) => Promise<EngineStatus>;
    /** One page of the library, sorted and searched; fast over 100,000 tracks. */
    'library:list-tracks': (arg: ListTracksArg) => Promise<TrackPage>;
    /** One track with everything the store knows. Fails with `not-found`. */
    'library:get-track': (arg: TrackRef) => Promise<TrackInfo>;
    /** A track's thumbnail, tags, nearest neighbours and listening history. */
    'library:get-track-details': (
      arg: TrackRef & Readonly<{ neighbours?: number }>,
    ) => Promise<TrackDetails>;
    /** The tracks that sound most alike, best first. Fails with `not-found` without an embedding. */
    'library:get-similar': (
      arg: TrackRef & Readonly<{ limit?: number }>,
    ) => Promise<SimilarTrack[]>;
    /** The library's music folders. */
    'library:get-folders': (arg: NoArg) => Promise<readonly string[]>;
    /** Adds a music folder (not scanned yet). Fails with `invalid-folder` if it is not one. */
    'library:add-folder': (arg: Readonly<{ path: string }>) => Promise<readonly string[]>;
    /** Removes a music folder and its tracks from the library (the files stay on disk). */
    'library:remove-folder': (arg: Readonly<{ path: string }>) => Promise<readonly string[]>;
    /** Files the scans could not add, with the reason. */
    'library:get-failures': (arg: NoArg) => Promise<readonly ScanFailure[]>;
    /**
     * Starts scanning the given folders (added to the library) or, without any, the library's own.
     * Resolves at once with the scan's id; `scan:progress` and `scan:finished` follow. Fails with
     * `busy` while another scan runs.
     */
    'scan:start': (arg: Readonly<{ folders?: readonly string[] }>) => Promise<{ scanId: string }>;
    /** Stops the running scan after its current batch; what was analysed is kept. */
    'scan:cancel': (arg: NoArg) => Promise<{ cancelled: boolean }>;
    /** Whether a scan runs, its progress and how the last one ended (for a page opened mid-scan). */
    'scan:get-state': (arg: NoArg) => Promise<ScanState>;
    /** Records one playback. Resolves only once the event is durable on disk. */
    'events:record': (arg: RecordEventArg) => Promise<ListeningEvent>;
    /** Recent listening events, newest first, optionally of one track. */
    'events:list-recent': (
      arg: Readonly<{ track?: string; limit?: number; profile?: string }>,
    ) => Promise<HistoryEntry[]>;
    /** The native folder picker (Electron only; `unsupported` in the web mode). */
    'dialog:choose-folder': (arg: NoArg) => Promise<{ path: string | null }>;
  };

/** A channel name. */
export type Channel = keyof ApiChannels;
/** The argument object of a channel. */
export type ArgOf<C extends Channel> = Parameters<ApiChannels[C]>[0];
/** The result of a channel. */
export type ResultOf<C extends Channel> = Awaited<ReturnType<ApiChannels[C]>>;

/** Every channel, in the order of the type map (checked both ways below). */
export const CHANNELS = [
  'app:get-info',
  'engine:get-status',
  'library:list-tracks',
  'library:get-track',
  'library:get-track-details',
  'library:get-similar',
  'library:get-folders',
  'library:add-folder',
  'library:remove-folder',
  'library:get-failures',
  'scan:start',
  'scan:cancel',
  'scan:get-state',
  'events:record',
  'events:list-recent',
  'dialog:choose-folder',
  ...UI_CHANNELS,
  ...MEDIA_CHANNELS,
  ...FEEDBACK_CHANNELS,
  ...HISTORY_CHANNELS,
  ...PLAYER_CHANNELS,
  ...RADIO_CHANNELS,
] as const satisfies readonly Channel[];

// Fails to compile when a channel of the type map is missing from CHANNELS.
type MissingChannels = Exclude<Channel, (typeof CHANNELS)[number]>;
const everyChannelListed: [MissingChannels] extends [never] ? true : MissingChannels = true;
void everyChannelListed;

/** Whether `name` is a channel of the contract. */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}

/** Events the backend pushes to the renderer, with their payloads. */
export type ApiEvents = {
  /** A running scan's progress, about 10 a second at most. */
  'scan:progress': Readonly<{ scanId: string; progress: ScanJobProgress }>;
  /** A scan ended: its summary, or why it stopped. */
  'scan:finished': Readonly<{ scanId: string; outcome: ScanOutcome }>;
  /** Tracks, folders or the audio model changed: lists should be fetched again. */
  'library:changed': Readonly<{ reason: 'scan' | 'folders' | 'model' }>;
  /** A background learning run's progress, about 10 a second at most. */
  'learning:progress': LearningProgress;
  /** A background learning run ended: trained, nothing new, cancelled or failed. */
  'learning:finished': Readonly<{ job: LearningJob; outcome: LearningOutcome }>;
  /** The engine process died and was started again; requests in flight failed. */
  'engine:restarted': Readonly<{ reason: string }>;
};

/** An event name. */
export type ApiEventName = keyof ApiEvents;

/** Every event name. */
export const EVENTS = [
  'scan:progress',
  'scan:finished',
  'library:changed',
  'learning:progress',
  'learning:finished',
  'engine:restarted',
] as const satisfies readonly ApiEventName[];

type MissingEvents = Exclude<ApiEventName, (typeof EVENTS)[number]>;
const everyEventListed: [MissingEvents] extends [never] ? true : MissingEvents = true;
void everyEventListed;

/** Whether `name` is an event of the contract. */
export function isEventName(name: unknown): name is ApiEventName {
  return typeof name === 'string' && (EVENTS as readonly string[]).includes(name);
}

/** Why a call failed, as a code a program can switch on. */
export const API_ERROR_CODES = [
  /** The argument does not match the channel's schema. */
  'bad-request',
  /** No such channel. */
  'unknown-channel',
  /** No such track (or it has no embedding). */
  'not-found',
  /** The folder is missing, not a folder or unreadable. */
  'invalid-folder',
  /** A scan runs, or another process writes the library. */
  'busy',
  /** The data folder cannot be written, or the library on disk is from a newer Deepcut. */
  'storage',
  /** This host does not offer the channel (the native dialog in the web mode). */
  'unsupported',
  /** The engine process is starting or restarting; try again. */
  'engine-unavailable',
  /** The scan was cancelled. */
  'cancelled',
  /** Anything unexpected; the message says what, never with a stack. */
  'internal',
] as const;

/** A code from {@link API_ERROR_CODES}. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** An error as it crosses to the renderer. */
export type ApiError = Readonly<{ code: ApiErrorCode; message: string }>;

/** The reply envelope of every call. */
export type ApiResult<T> =
  Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: ApiError }>;

/** The URL scheme path of a track's audio in Electron; the web mode serves `/media/<id>`. */
export const MEDIA_HOST = 'track';
