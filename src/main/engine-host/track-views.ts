/** The engine's records as the API shows them: no vectors, thumbnails as base64, history classified. */
import type { TrackLoudness } from '../../shared/api-contract-media';
import type {
  EventSignal,
  HistoryEntry,
  MelThumbnailData,
  SimilarTrack,
  TrackDetails,
  TrackInfo,
} from '../../shared/api-types';
import type { Engine, SimilarEntry } from '../engine/engine';
import { classify } from '../engine/events/signals';
import type { MelThumbnail, StoredTrack } from '../engine/store/types';
import { ApiFailure } from './api-errors';

/** Neighbours shown with a track's details unless the caller asks for another number. */
export const DEFAULT_NEIGHBOURS = 10;
/** History entries shown with a track's details. */
const DETAILS_HISTORY = 50;

// Compile-time check that the engine's signal type is the contract's.
const signalOf: (event: Parameters<typeof classify>[0]) => EventSignal = classify;

/** The API's view of a stored track; `loudness` comes with its album's (LibraryStore.playback). */
export function trackInfoOf(track: StoredTrack, loudness: TrackLoudness | null): TrackInfo {
  return {
    id: track.id,
    title: track.title,
    artist: track.artist,
    album: track.album,
    albumArtist: track.albumArtist,
    trackNo: track.trackNo,
    discNo: track.discNo,
    year: track.year,
    genre: track.genre,
    durationSec: track.durationSec,
    status: track.status,
    path: track.path,
    sizeBytes: track.size,
    hasArtwork: track.hasArtwork,
    artwork: track.artwork !== null,
    artworkError: track.artworkError,
    loudness,
    inferred: track.inferred,
    error: track.error,
    modelVersion: track.modelVersion,
  };
}

/** The API's view of a similar track (no path: the renderer plays by id). */
export function similarOf(entry: SimilarEntry): SimilarTrack {
  return {
    id: entry.id,
    title: entry.title,
    artist: entry.artist,
    album: entry.album,
    score: entry.score,
  };
}

function thumbnailData(thumbnail: MelThumbnail | null): MelThumbnailData | null {
  if (thumbnail === null) return null;
  const base64 = Buffer.from(thumbnail.data).toString('base64');
  return { bands: thumbnail.bands, frames: thumbnail.frames, base64 };
}

/** The API's view of a track, with its levelling. */
export async function trackInfo(engine: Engine, track: StoredTrack): Promise<TrackInfo> {
  const [playback] = await engine.playback([track.id]);
  return trackInfoOf(track, playback?.loudness ?? null);
}

/** A track by id, or `not-found`. */
export async function trackById(engine: Engine, id: string): Promise<StoredTrack> {
  const track = await engine.store.getTrack(id);
  if (track === null) throw new ApiFailure('not-found', `unknown track: ${id}`);
  return track;
}

/** Listening events of a profile, newest first, optionally of one track. */
export async function recentHistory(
  engine: Engine,
  options: Readonly<{ track?: string; limit: number; profile?: string }>,
): Promise<HistoryEntry[]> {
  const { events } = await engine.eventLog(options.profile).readAll();
  const entries: HistoryEntry[] = [];
  for (let i = events.length - 1; i >= 0 && entries.length < options.limit; i--) {
    const event = events[i];
    if (event === undefined || (options.track !== undefined && event.track !== options.track)) {
      continue;
    }
    entries.push({ event, signal: signalOf(event) });
  }
  return entries;
}

/** Everything the details view shows about a track. */
export async function trackDetails(
  engine: Engine,
  id: string,
  neighbours: number,
): Promise<TrackDetails> {
  const track = await trackById(engine, id);
  const [info, thumbnail, similar, history] = await Promise.all([
    trackInfo(engine, track),
    engine.store.thumbnail(id),
    track.status === 'analysed' && track.modelVersion !== null && neighbours > 0
      ? engine.similar(id, neighbours)
      : Promise.resolve([]),
    recentHistory(engine, { track: id, limit: DETAILS_HISTORY }),
  ]);
  return {
    track: info,
    thumbnail: thumbnailData(thumbnail),
    neighbours: similar.map(similarOf),
    history,
  };
}
