/**
 * What travels over the app's API: the values the engine host returns to the renderer. Plain
 * data only (strings, numbers, booleans, arrays, objects), so one shape crosses Electron IPC
 * (structured clone) and the web mode's JSON alike. Pure TypeScript.
 */
import type { ListeningEvent } from './events';
import type { InferredTag, TrackLoudness } from './api-contract-media';
import type { BackendName, ScanFailure } from './library';

/** The columns the library list can be sorted by. */
export const TRACK_SORT_KEYS = ['title', 'artist', 'album', 'year', 'genre', 'duration'] as const;

/** A column the library list can be sorted by. */
export type TrackSortKey = (typeof TRACK_SORT_KEYS)[number];

/** Whether a track was analysed or its analysis failed. */
export type TrackStatus = 'analysed' | 'failed';

/** One row of the library list: what the table shows, nothing more (no path, no vector). */
export type TrackRow = Readonly<{
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  albumArtist: string | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  genre: string | null;
  durationSec: number | null;
  status: TrackStatus;
  /** Whether artwork is served for it (`/artwork/<id>`, api-contract-media.ts). */
  artwork: boolean;
  /** Levelling to −18 LUFS, from ReplayGain tags or measured; null when unknown. */
  loudness: TrackLoudness | null;
  /** Tags read from the file's path, not the file: show them as a guess. */
  inferred: readonly InferredTag[];
}>;

/** One page of the library list. */
export type TrackPage = Readonly<{
  /** Tracks matching the search (all tracks when there is none). */
  total: number;
  /** Index of the first row of this page within the matches. */
  offset: number;
  rows: readonly TrackRow[];
}>;

/** A track with everything the store knows about it, for the details view. */
export type TrackInfo = TrackRow &
  Readonly<{
    path: string;
    sizeBytes: number;
    hasArtwork: boolean;
    /** Why the file's or folder's picture could not be used, or null. */
    artworkError: string | null;
    /** Why analysis failed, or null. */
    error: string | null;
    /** The audio model that embedded it, or null when it has no embedding. */
    modelVersion: string | null;
  }>;

/**
 * The log-mel thumbnail of a track: `frames` × `bands` bytes, band-major rows, lowest band first;
 * base64 so it crosses JSON as one short string instead of an array of numbers.
 */
export type MelThumbnailData = Readonly<{ bands: number; frames: number; base64: string }>;

/** A track near another by audio embedding. */
export type SimilarTrack = Readonly<{
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  /** Cosine similarity of the two embeddings, 1 for identical. */
  score: number;
}>;

/** How a listening event counts for learning (see the engine's events/signals.ts). */
export type EventSignal = 'play' | 'skip' | 'partial' | 'neutral';

/** A recorded listening event with what it counts as. */
export type HistoryEntry = Readonly<{ event: ListeningEvent; signal: EventSignal }>;

/** A track with its thumbnail, nearest neighbours and listening history. */
export type TrackDetails = Readonly<{
  track: TrackInfo;
  thumbnail: MelThumbnailData | null;
  /** Nearest tracks by audio embedding, best first; empty when the track has no embedding. */
  neighbours: readonly SimilarTrack[];
  /** This track's listening events, newest first. */
  history: readonly HistoryEntry[];
}>;

/** The library's state and the engine's. */
export type EngineStatus = Readonly<{
  dataDir: string;
  folders: readonly string[];
  total: number;
  analysed: number;
  failed: number;
  backend: BackendName;
  /** Whether the native TensorFlow binding is installed and in use. */
  nativeAcceleration: boolean;
  modelVersion: string;
}>;

/** Which host the renderer talks to. */
export type AppMode = 'electron' | 'web';

/** Facts about the running app. */
export type AppInfo = Readonly<{ mode: AppMode; version: string }>;

/** What a finished scan did. */
export type ScanSummary = Readonly<{
  tracks: number;
  analysed: number;
  unchanged: number;
  removed: number;
  failed: readonly ScanFailure[];
  seconds: number;
  backend: BackendName;
}>;

/** How a scan ended: its summary, or the error that stopped it (a cancel is `cancelled`). */
export type ScanOutcome =
  | Readonly<{ ok: true; summary: ScanSummary }>
  | Readonly<{ ok: false; error: Readonly<{ code: string; message: string }> }>;

/**
 * How far a scan is. A scan may first re-embed the library from the mel cache (after a model
 * change); `job` says which part runs. Fine-tuning that a scan starts in the background reports
 * as learning ({@link LearningProgress}), not here.
 */
export type ScanJobProgress = Readonly<{
  job: 'scan' | 're-embed';
  /** The scan's `walk`, `analyse` or `done`; null for re-embedding. */
  phase: string | null;
  done: number;
  total: number;
  /** Seconds left at the current rate, null until it can be estimated. */
  etaSeconds: number | null;
  /** The file being worked on, when there is one. */
  current: string | null;
}>;

/**
 * Learning that runs in the background: `cf`, the profile's taste model (NeuMF) trained from its
 * listening events; `audio`, the audio model fine-tuned on the library after a scan.
 */
export const LEARNING_JOBS = ['cf', 'audio'] as const;

/** One of {@link LEARNING_JOBS}. */
export type LearningJob = (typeof LEARNING_JOBS)[number];

/** How far a background learning run is (also the `learning:progress` event). */
export type LearningProgress = Readonly<{
  job: LearningJob;
  /**
   * `mels`: analysing tracks whose spectrogram is not cached yet (audio); `train`: training,
   * steps over every epoch (audio) or epochs (cf); `re-embed`: the library with the new audio model.
   */
  step: 'mels' | 'train' | 're-embed';
  done: number;
  total: number;
  /** Seconds left at the current rate, null until it can be estimated. */
  etaSeconds: number | null;
}>;

/** How a background learning run ended; `unchanged`: nothing new to learn from. */
export type LearningOutcome =
  | Readonly<{ status: 'trained'; modelVersion: string }>
  | Readonly<{ status: 'unchanged' }>
  | Readonly<{ status: 'cancelled' }>
  | Readonly<{ status: 'failed'; message: string }>;

/** The background learning going on now: at most one run of each job. */
export type LearningState = Readonly<{
  running: readonly Readonly<{ job: LearningJob; progress: LearningProgress | null }>[];
}>;

/** Whether a scan runs now, how far it is, and how the last one ended. */
export type ScanState = Readonly<{
  /** The running scan's id, or null. */
  running: string | null;
  progress: ScanJobProgress | null;
  last: Readonly<{ scanId: string; outcome: ScanOutcome }> | null;
}>;
