/**
 * M3U8 playlists: `#EXTM3U`, then per track `#EXTINF:<seconds>,<artist> - <title>` and its
 * location, UTF-8 without a byte-order mark. Locations are written relative to the playlist
 * file where the two share a root, so the playlist travels with the music.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What an M3U8 line pair says about a track. */
export type M3uTrack = Readonly<{
  path: string;
  title: string;
  artist: string | null;
  durationSec: number | null;
}>;

/** One entry read back: its line, its location as written and resolved, and its #EXTINF. */
export type M3uEntry = Readonly<{
  line: number;
  location: string;
  /** The absolute path, or null when the location is not a local file (a URL). */
  path: string | null;
  durationSec: number | null;
  /** The display text of #EXTINF ("artist - title"), or null. */
  display: string | null;
}>;

// A line break inside a tag would start a new entry.
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

/** The M3U8 text for `tracks`, to be written at `playlistFile`. */
export function formatM3u(tracks: readonly M3uTrack[], playlistFile: string): string {
  const folder = dirname(resolve(playlistFile));
  const lines = ['#EXTM3U'];
  for (const t of tracks) {
    const seconds = t.durationSec === null ? -1 : Math.round(t.durationSec);
    const display = t.artist ? `${oneLine(t.artist)} - ${oneLine(t.title)}` : oneLine(t.title);
    lines.push(`#EXTINF:${seconds},${display}`, locationOf(t.path, folder));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `path` relative to `folder` when the two share a folder below the root; else absolute (a
 * path that climbs to the root is no more portable than an absolute one, only longer).
 */
function locationOf(path: string, folder: string): string {
  const rel = relative(folder, path);
  if (rel === '' || isAbsolute(rel)) return path;
  const climbs = rel.split(sep).filter((part) => part === '..').length;
  const depth = folder.split(sep).filter((part) => part !== '').length;
  return climbs >= depth ? path : rel;
}

const EXTINF = /^#EXTINF:\s*(-?\d+(?:\.\d+)?)[^,]*,(.*)$/;

/** The entries of an M3U or M3U8 text read from `playlistFile` (plain M3U too: no #EXTM3U). */
export function parseM3u(text: string, playlistFile: string): M3uEntry[] {
  const folder = dirname(resolve(playlistFile));
  const entries: M3uEntry[] = [];
  let durationSec: number | null = null;
  let display: string | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const match = EXTINF.exec(line);
      if (match) {
        const seconds = Number(match[1]);
        durationSec = seconds >= 0 ? seconds : null;
        display = (match[2] ?? '').trim() || null;
      }
      continue;
    }
    entries.push({ line: i + 1, location: line, path: pathOf(line, folder), durationSec, display });
    durationSec = null;
    display = null;
  }
  return entries;
}

/** A location as an absolute path; null for URLs other than file://. */
function pathOf(location: string, folder: string): string | null {
  if (/^file:\/\//i.test(location)) {
    try {
      return fileURLToPath(location);
    } catch {
      return null;
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(location)) return null;
  // A playlist written on Windows uses backslashes; on other systems they are separators too.
  const native = sep === '/' && !location.includes('/') ? location.replace(/\\/g, '/') : location;
  return isAbsolute(native) ? native : resolve(folder, native);
}
