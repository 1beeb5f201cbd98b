/** Records the store keeps. The store owns their on-disk layout; callers see only these. */

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
  hasArtwork: boolean;
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
  }>;

/** What an incremental scan needs to know about a file already in the store. */
export type KnownFile = Readonly<{
  id: string;
  size: number;
  mtimeMs: number;
  status: AnalysisStatus;
  modelVersion: string | null;
}>;

/** A stored track without its vector and thumbnail. */
export type StoredTrack = Omit<TrackRecord, 'vector' | 'thumbnail'>;

export type SimilarTrack = Readonly<{ track: StoredTrack; score: number }>;

export type StoreCounts = Readonly<{ total: number; analysed: number; failed: number }>;
