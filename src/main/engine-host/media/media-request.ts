/**
 * What the media routes may be asked for, by track id only: a track's audio or its artwork at
 * one of the sizes made at scan time. Shared by the Electron protocol and the web mode.
 */
import { stat } from 'node:fs/promises';
import { ARTWORK_HOST, artworkSizeOf, type ArtworkSize } from '../../../shared/api-contract-media';
import { MEDIA_HOST } from '../../../shared/api-contract';
import { artworkPath, isArtworkKey } from '../../engine/library/artwork-cache';
import type { StoredTrack } from '../../engine/store/types';
import { isTrackId, mediaFileOf, type MediaLookup } from './media-file';

/** A media request: a track's audio, or its artwork at a size. */
export type MediaRequest =
  | Readonly<{ kind: 'track'; trackId: string }>
  | Readonly<{ kind: 'artwork'; trackId: string; size: ArtworkSize }>;

/**
 * The request a URL path names (`/<host>/<id>` with `?size=` for artwork), or null. The id is
 * matched on the path as sent, with no decoding or normalising that an encoded `..` could ride.
 */
export function mediaRequestOf(host: string, path: string, query: string): MediaRequest | null {
  const id = /^\/([0-9a-f]{16})$/.exec(path)?.[1];
  if (id === undefined || !isTrackId(id)) return null;
  // Audio takes no query: a URL with one is not one this app makes.
  if (host === MEDIA_HOST) return query === '' ? { kind: 'track', trackId: id } : null;
  if (host !== ARTWORK_HOST) return null;
  const size = artworkSizeOf(new URLSearchParams(query).get('size'));
  return { kind: 'artwork', trackId: id, size };
}

/** What a lookup needs of the library. */
export type MediaLibrary = Readonly<{
  dataDir: string;
  getTrack: (id: string) => Promise<StoredTrack | null>;
  getFolders: () => Promise<string[]>;
}>;

/** Finds the file a request may read, or why it is refused. */
export async function lookupMedia(
  library: MediaLibrary,
  request: MediaRequest,
): Promise<MediaLookup> {
  // Checked again here: a request may come over the engine process's port, not from a URL.
  if (!isTrackId(request.trackId)) return { ok: false, refusal: 'unknown-track' };
  const track = await library.getTrack(request.trackId);
  if (request.kind === 'track') return mediaFileOf(track, await library.getFolders());
  if (track === null) return { ok: false, refusal: 'unknown-track' };
  const key = track.artwork;
  if (key === null || !isArtworkKey(key)) return { ok: false, refusal: 'no-artwork' };
  const size = artworkSizeOf(String(request.size));
  const path = artworkPath(library.dataDir, key, size);
  const info = await stat(path).catch(() => null);
  // Thumbnails removed by hand come back with the next scan of their track.
  if (info === null || !info.isFile()) return { ok: false, refusal: 'no-artwork' };
  const etag = `"${key}-${size}"`;
  return { ok: true, file: { path, size: info.size, contentType: 'image/jpeg', etag } };
}
