/**
 * History import as the CLI and the Settings screen see it: the formats read and the report of
 * what an import found and did. Pure TypeScript.
 */

/** The history formats Deepcut reads. */
export const HISTORY_FORMATS = [
  'lastfm-csv',
  'lastfm-json',
  'listenbrainz',
  'itunes-xml',
  'rhythmbox-xml',
] as const;

/** A history format: Last.fm CSV or JSON, ListenBrainz, iTunes/Apple Music XML, Rhythmbox. */
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

/** An entry the library has no track for. */
export type UnmatchedEntry = Readonly<{
  entry: number;
  line: number;
  artist: string;
  title: string;
  reason: string;
}>;

/** What an import found and did (or, for a preview, would do). */
export type HistoryImportReport = Readonly<{
  format: HistoryFormat;
  /** Scrobbles or listens, or songs with counts, in the file. */
  entries: number;
  matched: number;
  /** matched / entries (1 for an empty file). */
  matchRate: number;
  /** The first 200 unmatched entries; `unmatchedCount` counts all. */
  unmatched: readonly UnmatchedEntry[];
  unmatchedCount: number;
  /** Events added (a preview: that would be added). */
  events: number;
  /** Events the log already had. */
  duplicates: number;
  loves: number;
  bans: number;
  /** False for a preview. */
  written: boolean;
  seconds: number;
}>;
