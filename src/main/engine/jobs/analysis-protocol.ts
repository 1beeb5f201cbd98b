/**
 * Messages between the scan and its analysis workers. Every request carries a sequence number
 * that its reply echoes, so replies can arrive in any order. Everything that reads a track's
 * file happens in a worker (tags, pictures, decoding), so a file that makes a reader spin or hang
 * stops only a worker process, which the pool kills on a deadline and replaces.
 */
import type { FileTags } from '../library/tags';
import type { MeasuredLoudness, MelThumbnail } from '../store/types';

/** The steps of one file's analysis, each with its own time bound (analysis-bounds.ts). */
export type AnalysisStage = 'tags' | 'artwork' | 'decode' | 'analysis';

export type AnalysisRequest = Readonly<{
  type: 'analyse';
  seq: number;
  path: string;
  /**
   * The duration to plan excerpts from, when the caller knows it (re-analysis for the mel
   * cache): tags are then not read. Absent: the worker reads the file's tags and uses theirs.
   */
  durationSec?: number | null;
  /** Make artwork thumbnails into this data folder's cache; null: no artwork. */
  artworkDataDir: string | null;
  /** Measure loudness (audio/loudness.ts). */
  loudness: boolean;
  /** Write the log-mel into this data folder's mel cache under this track id; null: don't. */
  melCache: Readonly<{ dataDir: string; trackId: string }> | null;
  /** How long each stage may take (analysis-bounds.ts); the pool holds the worker to them. */
  boundsMs: Readonly<Record<AnalysisStage, number>>;
  ffmpegPath: string | null;
}>;

export type CancelRequest = Readonly<{ type: 'cancel'; seq: number }>;

export type WorkerRequest = AnalysisRequest | CancelRequest;

/** Milliseconds spent per stage, for the scan's figures. */
export type StageTimes = Readonly<{
  tagsMs: number;
  artworkMs: number;
  decodeMs: number;
  melMs: number;
  loudnessMs: number;
}>;

/** What the worker learnt about the file whether or not its audio could be analysed. */
export type FileFacts = Readonly<{
  /** The file's tags, or null when they could not be read (then `tagsError` says why). */
  tags: FileTags | null;
  tagsError: string | null;
  /** Key of the artwork thumbnails made (library/artwork-cache.ts), or null. */
  artwork: string | null;
  /** Why a picture the file or its folder has was skipped, or null. */
  artworkError: string | null;
  times: StageTimes;
}>;

/** Sent when a job enters a stage, so the pool can hold it to that stage's bound. */
export type StageNotice = Readonly<{ type: 'stage'; seq: number; stage: AnalysisStage }>;

export type AnalysisReply =
  | (FileFacts &
      Readonly<{
        type: 'analysed';
        seq: number;
        frames: number;
        bands: number;
        /** Frames of each excerpt, in order (patches and training views never cross two). */
        excerptFrames: readonly number[];
        /**
         * The log-mel as the mel cache stores it (audio/mel-cache.ts encodeMel): the engine
         * embeds these bytes' decoded values, so a vector made during a scan is the one a later
         * re-embedding from the cache makes, and a quarter of float32 crosses the process
         * boundary.
         */
        melBytes: Uint8Array;
        thumbnail: MelThumbnail;
        /** Loudness of the excerpts; null when not asked for or when they are silent. */
        loudness: MeasuredLoudness | null;
      }>)
  | (FileFacts & Readonly<{ type: 'failed'; seq: number; reason: string }>);

/** Sent once, when a worker has loaded and listens for jobs. */
export type ReadyNotice = Readonly<{ type: 'ready' }>;

/** Anything a worker sends. */
export type WorkerMessage = AnalysisReply | StageNotice | ReadyNotice;
