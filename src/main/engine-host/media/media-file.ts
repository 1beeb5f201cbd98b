/**
 * Which file a media request may read. The renderer names a track id, never a path; the id is
 * looked up in the library, and the file is served only if its real path (symlinks resolved)
 * lies inside a real library folder and it is a regular file of a format the library scans.
 * Shared by the Electron protocol and the web mode; plain Node.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { isInside } from '../paths';

/** A file cleared for serving. */
export type MediaFile = Readonly<{
  /** The file's real path, every symlink resolved: what must be opened. */
  path: string;
  size: number;
  contentType: string;
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

/**
 * The file of a library track, or null when it must not be served: no track, a file that is
 * gone, not a regular file, not an audio format, or whose real path is outside every library
 * folder (a symlink pointing out, a track left from a removed folder).
 */
export async function mediaFileOf(
  track: Readonly<{ path: string }> | null,
  folders: readonly string[],
): Promise<MediaFile | null> {
  if (track === null) return null;
  const contentType = audioContentType(track.path);
  if (contentType === null) return null;
  const real = await realpath(track.path).catch(() => null);
  if (real === null || audioContentType(real) === null) return null;
  const roots = await realFolders(folders);
  if (!roots.some((root) => isInside(real, root))) return null;
  const info = await stat(real).catch(() => null);
  if (info === null || !info.isFile()) return null;
  return { path: real, size: info.size, contentType };
}
