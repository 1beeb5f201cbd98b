/**
 * Last.fm scrobbles as CSV, in the common export shapes: with a header naming the columns
 * (`uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid`, or `artist,album,
 * title|track|name,timestamp|date|uts|time`), or without one as `artist,album,title,date`.
 * Parsed with csv-parse (RFC 4180 quoting); a row without an artist, a title or a date it can
 * read stops the import with its line.
 */
import { parse } from 'csv-parse/sync';
import { HistoryFormatError, type HistoryEntry } from './history-entry';
import { parseWhen } from './when';

type Columns = Readonly<{ artist: number; album: number; title: number; when: number[] }>;

const HEADLESS: Columns = { artist: 0, album: 1, title: 2, when: [3] };

function columnsOf(header: readonly string[]): Columns | null {
  const names = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ''),
  );
  const find = (...candidates: string[]) => names.findIndex((n) => candidates.includes(n));
  const artist = find('artist', 'artistname');
  const title = find('title', 'track', 'trackname', 'name', 'song');
  if (artist < 0 || title < 0) return null;
  const when = ['uts', 'timestamp', 'utctime', 'date', 'time', 'playedat', 'datetime']
    .map((n) => names.indexOf(n))
    .filter((k) => k >= 0);
  return { artist, album: find('album', 'albumname', 'release'), title, when };
}

type Row = Readonly<{ record: string[]; line: number }>;

function parseRows(text: string, info: boolean): unknown[] {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true, info }) as unknown[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    throw new HistoryFormatError(`not a readable CSV: ${(error as Error).message}`, line);
  }
}

/**
 * The rows with the line each is on. csv-parse's per-record line numbers cost as much again as
 * the parse, so they are asked for only when some quoted field spans lines; otherwise row k is
 * the k-th line that is not blank.
 */
function rowsOf(text: string): Row[] {
  const records = parseRows(text, false) as string[][];
  const filled: number[] = [];
  let line = 0;
  for (let at = 0; at <= text.length;) {
    const end = text.indexOf('\n', at);
    const stop = end === -1 ? text.length : end;
    line++;
    if (text.slice(at, stop).trim() !== '') filled.push(line);
    at = stop + 1;
  }
  if (filled.length === records.length) {
    return records.map((record, k) => ({ record, line: filled[k] ?? 0 }));
  }
  const withInfo = parseRows(text, true) as { record: string[]; info: { lines: number } }[];
  return withInfo.map(({ record, info }) => ({ record, line: info.lines }));
}

/** The scrobbles of a CSV export. */
export function parseLastfmCsv(text: string, nowMs = Date.now()): HistoryEntry[] {
  const rows = rowsOf(text.replace(/^\uFEFF/, ''));
  const first = rows[0]?.record ?? [];
  const header = columnsOf(first);
  const columns = header ?? HEADLESS;
  const entries: HistoryEntry[] = [];
  for (const { record, line } of header ? rows.slice(1) : rows) {
    const cell = (k: number) => (k < 0 ? '' : (record[k] ?? '').trim());
    const artist = cell(columns.artist);
    const title = cell(columns.title);
    if (artist === '' || title === '') {
      throw new HistoryFormatError(
        `a scrobble needs an artist and a title (columns: artist, album, title, date)`,
        line,
      );
    }
    const stamps = columns.when.map(cell).filter((v) => v !== '');
    const when = stamps.map((v) => parseWhen(v, nowMs)).find((ms) => ms !== null) ?? null;
    if (when === null) {
      throw new HistoryFormatError(
        `no date that can be read ("${stamps[0] ?? ''}"): Unix seconds, ISO 8601 or "31 Jan 2021 12:34"`,
        line,
      );
    }
    const album = cell(columns.album);
    entries.push({
      entry: entries.length + 1,
      line,
      artist,
      title,
      album: album === '' ? null : album,
      durationMs: null,
      playedAtMs: when,
      counts: null,
      feedback: null,
    });
  }
  return entries;
}
