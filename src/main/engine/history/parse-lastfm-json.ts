/**
 * Last.fm's user.getRecentTracks pages as JSON: one page (`{"recenttracks": {"track": […]}}`),
 * an array of pages, or a bare array of tracks, each with `artist` (`#text`, or `name` when
 * extended), `album`, `name` and `date.uts`. The track playing now has no date and is left out.
 */
import { HistoryFormatError, type HistoryEntry } from './history-entry';
import { isObject, jsonRecords, textOf, type JsonRecord } from './json-records';
import { parseWhen } from './when';

function tracksOf(record: JsonRecord): unknown[] {
  const { value } = record;
  if (Array.isArray(value)) return value.flatMap((v) => tracksOf({ value: v, line: record.line }));
  if (!isObject(value)) return [];
  const page = isObject(value.recenttracks) ? value.recenttracks : value;
  if (Array.isArray(page.track)) return page.track;
  if (isObject(page.track)) return [page.track];
  // A track itself (JSON Lines of tracks).
  return 'artist' in value && 'name' in value ? [value] : [];
}

/** The scrobbles of a Last.fm JSON export. */
export function parseLastfmJson(text: string, nowMs = Date.now()): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let seen = 0;
  for (const record of jsonRecords(text)) {
    for (const track of tracksOf(record)) {
      seen++;
      if (!isObject(track))
        throw new HistoryFormatError(`track ${seen} is not an object`, record.line);
      const attr = isObject(track['@attr']) ? track['@attr'] : {};
      if (attr.nowplaying === 'true' || attr.nowplaying === true) continue;
      const artist = textOf(track.artist);
      const title = textOf(track.name);
      const date = isObject(track.date) ? (track.date.uts ?? track.date['#text']) : track.date;
      const when =
        typeof date === 'string' || typeof date === 'number' ? parseWhen(date, nowMs) : null;
      if (artist === '' || title === '' || when === null) {
        throw new HistoryFormatError(
          `track ${seen} needs an artist, a name and a date.uts (got "${artist}", "${title}")`,
          record.line,
        );
      }
      const album = textOf(track.album);
      entries.push({
        entry: entries.length + 1,
        line: record.line,
        artist,
        title,
        album: album === '' ? null : album,
        durationMs: null,
        playedAtMs: when,
        counts: null,
        feedback: track.loved === '1' || track.loved === 1 ? 'love' : null,
      });
    }
  }
  if (seen === 0) throw new HistoryFormatError('no recenttracks.track list in this JSON', 1);
  return entries;
}
