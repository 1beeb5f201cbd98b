/**
 * Which file a media request may read. The renderer names a track id, never a path; the id is
 * looked up in the library, and the file is served only if its real path (symlinks resolved)
 * lies inside a real library folder and it is a regular file of a format the library scans:
 * the same rule the scan's walk applies to symlinks, so what is listed can be played.
 * Shared by the Electron protocol and the web mode; plain Node.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { MediaRefusal } from '../../../shared/api-contract-media';
import { isInside } from '../../engine/library/inside';

/** A file cleared for serving. */
export type MediaFile = Readonly<{
  /** The file's real path, every symlink resolved: what must be opened. */
  path: string;
  size: number;
  contentType: string;
  /** An entity tag for content that changes only with its name (artwork); null: no caching. */
  etag: string | null;
}>;

/** Content types by extension, for the formats the scanner reads (library/formats.ts). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  aiff: 'audio/aiff',
  aif: 'audio/aiff',
};

/** The content type of an audio file by its extension, or null for anything else. */
export function audioContentType(path: string): string | null {
  return CONTENT_TYPES[extname(path).slice(1).toLowerCase()] ?? null;
}

const TRACK_ID = /^[0-9a-f]{16}$/;

/** Whether `id` has the form of a track id (checked before any lookup). */
export function isTrackId(id: string): boolean {
  return TRACK_ID.test(id);
}

async function realFolders(folders: readonly string[]): Promise<string[]> {
  const found = await Promise.all(folders.map((folder) => realpath(folder).catch(() => null)));
  return found.filter((folder): folder is string => folder !== null);
}

/** A file cleared for serving, or why it is refused (api-contract-media.ts MEDIA_REFUSALS). */
export type MediaLookup =
  Readonly<{ ok: true; file: MediaFile }> | Readonly<{ ok: false; refusal: MediaRefusal }>;

const refused = (refusal: MediaRefusal): MediaLookup => ({ ok: false, refusal });

/**
 * The file of a library track, or why it must not be served: no such track; a file that is
 * gone; one whose real path (symlinks resolved) is outside every library folder (a symlink
 * pointing out, which the scan reports and skips too; a track left from a removed folder); or
 * not a regular file of an audio format.
 */
export async function mediaFileOf(
  track: Readonly<{ path: string }> | null,
  folders: readonly string[],
): Promise<MediaLookup> {
  if (track === null) return refused('unknown-track');
  if (audioContentType(track.path) === null) return refused('not-audio');
  const real = await realpath(track.path).catch(() => null);
  if (real === null) return refused('file-gone');
  const roots = await realFolders(folders);
  if (!roots.some((root) => isInside(real, root))) return refused('outside-folders');
  const contentType = audioContentType(real);
  const info = await stat(real).catch(() => null);
  if (info === null) return refused('file-gone');
  if (contentType === null || !info.isFile()) return refused('not-audio');
  return { ok: true, file: { path: real, size: info.size, contentType, etag: null } };
}
