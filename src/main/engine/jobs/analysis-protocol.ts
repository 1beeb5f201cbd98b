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
      mel: Float32Array;
      segmentLengths: readonly number[];
      thumbnail: MelThumbnail;
      times: StageTimes;
    }>
  | Readonly<{ type: 'failed'; seq: number; reason: string; times: StageTimes }>;
