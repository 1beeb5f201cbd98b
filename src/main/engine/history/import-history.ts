/**
 * History import: a file from another app (Last.fm, ListenBrainz, iTunes / Apple Music,
 * Rhythmbox) read whole, matched to the library, and written to the profile's event log as one
 * durable batch (events/event-log.ts importDrafts), with loves and bans as feedback. A bad file
 * stops before anything is written, with the line or entry at fault. Importing the same file
 * again adds nothing: events already in the log (same track, same start) are left out, and
 * counted plays already imported from the same source are not counted again.
 */
import { assertNever } from '../../../shared/assert-never';
import type { HistoryImportReport, UnmatchedEntry } from '../../../shared/history-import';

export type { HistoryImportReport } from '../../../shared/history-import';
import type { EventLog } from '../events/event-log';
import { EventError } from '../events/event-error';
import {
  detectFormat,
  HISTORY_FORMATS,
  HistoryFormatError,
  type HistoryEntry,
  type HistoryFormat,
} from './history-entry';
import { historyDrafts, type MatchedEntry } from './history-events';
import { TrackMatcher, type LibraryTrack } from './match-tracks';
import { parseItunes } from './parse-itunes';
import { parseLastfmCsv } from './parse-lastfm-csv';
import { parseLastfmJson } from './parse-lastfm-json';
import { parseListenBrainz } from './parse-listenbrainz';
import { parseRhythmbox } from './parse-rhythmbox';

/** Unmatched entries listed in a report; a person reads the first ones, not 40,000. */
export const MAX_UNMATCHED_LISTED = 200;

/** Options of {@link importHistory}. */
export type ImportHistoryOptions = Readonly<{
  text: string;
  /** The file's name (never opened: it helps tell the format). */
  fileName: string;
  format?: HistoryFormat;
  log: EventLog;
  library: Iterable<LibraryTrack>;
  /** False: parse and match, report what would be added, write nothing. */
  write: boolean;
  nowMs?: number;
}>;

function parse(format: HistoryFormat, text: string, nowMs: number): HistoryEntry[] {
  switch (format) {
    case 'lastfm-csv':
      return parseLastfmCsv(text, nowMs);
    case 'lastfm-json':
      return parseLastfmJson(text, nowMs);
    case 'listenbrainz':
      return parseListenBrainz(text, nowMs);
    case 'itunes-xml':
      return parseItunes(text, nowMs);
    case 'rhythmbox-xml':
      return parseRhythmbox(text, nowMs);
    default:
      return assertNever(format);
  }
}

/** Where an import's events come from, as their `source.id` says. */
function sourceOf(format: HistoryFormat): string {
  return `import:${format.replace(/-(csv|json|xml)$/, '')}`;
}

/** Reads, matches and (unless a preview) writes a history file. */
export async function importHistory(options: ImportHistoryOptions): Promise<HistoryImportReport> {
  const started = performance.now();
  const nowMs = options.nowMs ?? Date.now();
  const format = options.format ?? detectFormat(options.fileName, options.text);
  if (format === null) {
    throw new EventError(
      `cannot tell the format of ${options.fileName}: give one of ${HISTORY_FORMATS.join(', ')}`,
    );
  }
  let entries: HistoryEntry[];
  try {
    entries = parse(format, options.text, nowMs);
  } catch (error) {
    if (error instanceof HistoryFormatError) {
      throw new EventError(`${options.fileName} (${format}): ${error.message}`, error.line);
    }
    throw error;
  }
  const matcher = new TrackMatcher(options.library);
  const matched: MatchedEntry[] = [];
  const unmatched: UnmatchedEntry[] = [];
  let unmatchedCount = 0;
  for (const entry of entries) {
    const found = matcher.match(entry);
    if ('track' in found) {
      matched.push({ entry, track: found.track });
      continue;
    }
    unmatchedCount++;
    if (unmatched.length < MAX_UNMATCHED_LISTED) {
      const { line, artist, title } = entry;
      unmatched.push({ entry: entry.entry, line, artist, title, reason: found.reason });
    }
  }
  const source = sourceOf(format);
  const derive = (history: Parameters<typeof historyDrafts>[1]['existing']) =>
    historyDrafts(matched, { source, existing: history, nowMs });
  const feedback = new Map<string, 'love' | 'ban'>();
  for (const { entry, track } of matched)
    if (entry.feedback) feedback.set(track.id, entry.feedback);
  let events: number;
  let duplicates: number;
  if (options.write) {
    const result = await options.log.importDrafts(derive);
    [events, duplicates] = [result.added.length, result.duplicates];
    for (const [id, value] of feedback) {
      await options.log.setFeedback({ target: { kind: 'track', id }, value });
    }
  } else {
    const { events: history } = await options.log.readAll();
    const seen = new Set(history.map((e) => `${e.track}@${Date.parse(e.startedAt)}`));
    const drafts = derive(history);
    const fresh = new Set(drafts.map((d) => `${d.track}@${Date.parse(d.startedAt)}`));
    for (const key of seen) fresh.delete(key);
    [events, duplicates] = [fresh.size, drafts.length - fresh.size];
  }
  const values = [...feedback.values()];
  return {
    format,
    entries: entries.length,
    matched: matched.length,
    matchRate: entries.length === 0 ? 1 : matched.length / entries.length,
    unmatched,
    unmatchedCount,
    events,
    duplicates,
    loves: values.filter((v) => v === 'love').length,
    bans: values.filter((v) => v === 'ban').length,
    written: options.write,
    seconds: (performance.now() - started) / 1000,
  };
}
