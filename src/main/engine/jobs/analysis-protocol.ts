/**
 * Messages between the scan and its analysis workers. Every request carries a sequence number
 * that its reply echoes, so replies can arrive in any order.
 */
import type { MelThumbnail } from '../store/types';

export type AnalysisRequest = Readonly<{
  type: 'analyse';
  seq: number;
  path: string;
  durationSec: number | null;
  timeoutMs: number;
  ffmpegPath: string | null;
}>;

export type CancelRequest = Readonly<{ type: 'cancel'; seq: number }>;

export type WorkerRequest = AnalysisRequest | CancelRequest;

/** Milliseconds spent per stage, for the scan's figures. */
export type StageTimes = Readonly<{ decodeMs: number; melMs: number }>;

export type AnalysisReply =
  | Readonly<{
      type: 'analysed';
      seq: number;
      frames: number;
      bands: number;
      /** Frames of each excerpt, in order (patches and training views never cross two). */
      excerptFrames: readonly number[];
      /**
       * The log-mel as the mel cache stores it (audio/mel-cache.ts encodeMel): the engine writes
       * these bytes as they are and embeds their decoded values, so a vector made during a scan
       * is the one a later re-embedding from the cache makes, and a quarter of float32 crosses
       * the process boundary.
       */
      melBytes: Uint8Array;
      thumbnail: MelThumbnail;
      times: StageTimes;
    }>
  | Readonly<{ type: 'failed'; seq: number; reason: string; times: StageTimes }>;
