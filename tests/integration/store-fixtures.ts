/** Synthetic tracks and vectors for the store tests and bench: seeded, so runs repeat. */
import { EMBED_DIM } from '../../src/main/engine/store/schema';
import { trackIdFor } from '../../src/main/engine/store/track-id';
import type { TrackRecord } from '../../src/main/engine/store/types';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { withPathTags } from '../../src/main/engine/library/path-tags';
import { NO_FILE_TAGS } from '../../src/main/engine/library/tags';

/** A seeded uniform [0, 1) generator: the one the CNN's initialisation uses. */
export const seededRandom = mulberry32;

/** A random direction in EMBED_DIM dimensions, L2-normalised (Gaussian components). */
export function unitVector(random: () => number): Float32Array {
  const v = new Float32Array(EMBED_DIM);
  let norm = 0;
  for (let i = 0; i < EMBED_DIM; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    v[i] = g;
    norm += g * g;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < EMBED_DIM; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

/** Cosine similarity computed in double precision. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** An analysed track at `path` with every field set; override any of them. */
export function analysedTrack(
  path: string,
  vector: Float32Array | null,
  overrides: Partial<TrackRecord> = {},
): TrackRecord {
  return {
    id: trackIdFor(path),
    path,
    size: 4_321_987,
    mtimeMs: 1_700_000_000_123,
    title: 'Song',
    artist: 'Artist',
    album: 'Album',
    albumArtist: 'Album Artist',
    trackNo: 3,
    discNo: 1,
    year: 1999,
    genre: 'Electronic',
    durationSec: 245.5,
    hasArtwork: true,
    status: 'analysed',
    error: null,
    modelVersion: vector ? 'model-a' : null,
    vector,
    thumbnail: null,
    analysedAt: 1_700_000_100_000,
    analysisVersion: 2,
    artwork: null,
    artworkError: null,
    loudness: vector ? { integratedLufs: -14, peak: 0.9 } : null,
    replayGain: null,
    inferred: [],
    ...overrides,
  };
}

/** A track whose analysis failed: no vector, no thumbnail, no tags but the title. */
export function failedTrack(path: string, error: string): TrackRecord {
  return analysedTrack(path, null, {
    ...withPathTags(NO_FILE_TAGS, path, null),
    status: 'failed',
    error,
  });
}

/** A random vector track with a distinct path and size. */
export function randomTrack(
  index: number,
  random: () => number,
  modelVersion = 'model-a',
): TrackRecord {
  return analysedTrack(`/music/${modelVersion}/track-${index}.flac`, unitVector(random), {
    modelVersion,
    size: 1000 + index,
    title: `Track ${index}`,
  });
}
