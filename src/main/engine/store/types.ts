/** Records the store keeps. The store owns their on-disk layout; callers see only these. */
import type { InferredTag } from '../../../shared/api-contract-media';

export type { InferredTag };

/** Tags read from the file; null where the file has none. */
export type TrackTags = Readonly<{
  title: string;
  artist: string | null;
  album: string | null;
  albumArtist: string | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  genre: string | null;
  durationSec: number | null;
  /** Whether the file embeds a picture (the cached thumbnails are {@link TrackRecord.artwork}). */
  hasArtwork: boolean;
  /** ReplayGain tags as the file states them, or null when it has none. */
  replayGain: ReplayGainTags | null;
  /** Tags the file lacks that were read from its path instead (library/path-tags.ts). */
  inferred: readonly InferredTag[];
}>;

/**
 * ReplayGain tags (gains in dB to the tagger's reference, −18 LUFS for ReplayGain 2; peaks
 * linear, 1 = full scale); each null where the file has no such tag.
 */
export type ReplayGainTags = Readonly<{
  trackGainDb: number | null;
  trackPeak: number | null;
  albumGainDb: number | null;
  albumPeak: number | null;
}>;

/** Loudness measured from a track's analysed excerpts (ITU-R BS.1770, audio/loudness.ts). */
export type MeasuredLoudness = Readonly<{
  /** Gated integrated loudness in LUFS. */
  integratedLufs: number;
  /** Largest sample magnitude seen, linear (1 = full scale). */
  peak: number;
}>;

/** Identity of a file on disk: an unchanged size and mtime means "not analysed again". */
export type FileIdentity = Readonly<{ path: string; size: number; mtimeMs: number }>;

export type AnalysisStatus = 'analysed' | 'failed';

/** A small log-mel picture for the UI: `frames` x `bands` bytes, band-major rows (low band first). */
export type MelThumbnail = Readonly<{ bands: number; frames: number; data: Uint8Array }>;

/** One track as written by a scan. */
export type TrackRecord = FileIdentity &
  TrackTags &
  Readonly<{
    id: string;
    status: AnalysisStatus;
    /** The reason analysis failed, or null. */
    error: string | null;
    /** Version of the model that made `vector`, or null when there is no vector. */
    modelVersion: string | null;
    /** L2-normalised embedding, or null when analysis failed. */
    vector: Float32Array | null;
    thumbnail: MelThumbnail | null;
    analysedAt: number;
    /** Which analysis made the row (jobs/scan-plan.ts ANALYSIS_VERSION); older ones are redone. */
    analysisVersion: number;
    /** Key of the track's cached artwork thumbnails (audio/artwork-cache.ts), or null. */
    artwork: string | null;
    /** Why the file's picture was not made into thumbnails (corrupt, too large…), or null. */
    artworkError: string | null;
    /** Loudness of the analysed excerpts, or null when analysis failed. */
    loudness: MeasuredLoudness | null;
  }>;

/** What an incremental scan needs to know about a file already in the store. */
export type KnownFile = Readonly<{
  id: string;
  size: number;
  mtimeMs: number;
  status: AnalysisStatus;
  modelVersion: string | null;
  analysisVersion: number;
}>;

/** A stored track without its vector and thumbnail. */
export type StoredTrack = Omit<TrackRecord, 'vector' | 'thumbnail'>;

export type SimilarTrack = Readonly<{ track: StoredTrack; score: number }>;

export type StoreCounts = Readonly<{ total: number; analysed: number; failed: number }>;
