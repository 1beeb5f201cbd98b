/**
 * ListenBrainz exports: a JSON array of listens or JSON Lines, one listen a line (the export's
 * `listens/*.jsonl`), each with `listened_at` (Unix seconds, or ISO 8601 in newer exports) and
 * `track_metadata` (`artist_name`, `track_name`, `release_name`, and
 * `additional_info.duration_ms` or `duration` in seconds when known). A `{"payload":
 * {"listens": […]}}` page of the API reads too.
 */
import { HistoryFormatError, type HistoryEntry } from './history-entry';
import { isObject, jsonRecords, textOf, type JsonRecord } from './json-records';
import { parseWhen } from './when';

function listensOf(record: JsonRecord): unknown[] {
  const { value } = record;
  if (Array.isArray(value)) return value.flatMap((v) => listensOf({ value: v, line: record.line }));
  if (!isObject(value)) return [value];
  if (isObject(value.payload) && Array.isArray(value.payload.listens)) return value.payload.listens;
  return [value];
}

function durationOf(info: Record<string, unknown>): number | null {
  const ms = info.duration_ms;
  if (typeof ms === 'number' && ms > 0) return Math.round(ms);
  const seconds = info.duration;
  return typeof seconds === 'number' && seconds > 0 ? Math.round(seconds * 1000) : null;
}

/** The listens of a ListenBrainz export. */
export function parseListenBrainz(text: string, nowMs = Date.now()): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let seen = 0;
  for (const record of jsonRecords(text)) {
    for (const listen of listensOf(record)) {
      seen++;
      const meta =
        isObject(listen) && isObject(listen.track_metadata) ? listen.track_metadata : null;
      const at = isObject(listen) ? listen.listened_at : undefined;
      const when = typeof at === 'number' || typeof at === 'string' ? parseWhen(at, nowMs) : null;
      const artist = meta ? textOf(meta.artist_name) : '';
      const title = meta ? textOf(meta.track_name) : '';
      if (meta === null || artist === '' || title === '' || when === null) {
        throw new HistoryFormatError(
          `listen ${seen} needs listened_at and track_metadata with artist_name and track_name`,
          record.line,
        );
      }
      const album = textOf(meta.release_name);
      const info = isObject(meta.additional_info) ? meta.additional_info : {};
      entries.push({
        entry: entries.length + 1,
        line: record.line,
        artist,
        title,
        album: album === '' ? null : album,
        durationMs: durationOf(info),
        playedAtMs: when,
        counts: null,
        feedback: null,
      });
    }
  }
  return entries;
}
