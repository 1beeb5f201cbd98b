/**
 * What a listening history from another app says, before it is matched to the library: one
 * entry per scrobble or listen (a dated play), or per library song with its counts (iTunes,
 * Rhythmbox: plays and skips with only the latest of each dated).
 */

import type { HistoryFormat } from '../../../shared/history-import';

export { HISTORY_FORMATS, type HistoryFormat } from '../../../shared/history-import';

/** Plays and skips counted by a music library, with the latest of each dated when known. */
export type HistoryCounts = Readonly<{
  plays: number;
  skips: number;
  /** Epoch ms, or null when the library does not say. */
  lastPlayedMs: number | null;
  lastSkippedMs: number | null;
  /** When the song entered that library (epoch ms), the fallback anchor for undated counts. */
  addedMs: number | null;
}>;

/** One song of the history. */
export type HistoryEntry = Readonly<{
  /** 1-based position among the file's entries, for messages. */
  entry: number;
  /** 1-based line of the file where it starts. */
  line: number;
  artist: string;
  title: string;
  album: string | null;
  durationMs: number | null;
  /** A dated play (scrobble, listen), epoch ms of its start; null for a counted entry. */
  playedAtMs: number | null;
  /** The library's counts (a counted entry), or null for a dated play. */
  counts: HistoryCounts | null;
  /** Loved (or rated five stars) in that app: a love; disliked there: a ban. */
  feedback: 'love' | 'ban' | null;
}>;

/** A fixable problem with a history file; `line` (1-based) when one is at fault. */
export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
  }
}

/** The format of a file from its name and first characters, or null when it is none of them. */
export function detectFormat(fileName: string, text: string): HistoryFormat | null {
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) {
    if (/<rhythmdb[\s>]/.test(head)) return 'rhythmbox-xml';
    if (/<plist[\s>]/.test(head) || /<!DOCTYPE plist/i.test(head)) return 'itunes-xml';
    return null;
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/"listened_at"|"track_metadata"/.test(text.slice(0, 65_536))) return 'listenbrainz';
    if (/"recenttracks"|"#text"/.test(text.slice(0, 65_536))) return 'lastfm-json';
    return null;
  }
  return /\.(csv|tsv|txt)$/i.test(fileName) || head.includes(',') ? 'lastfm-csv' : null;
}
