/**
 * The records of a JSON export, whichever shape it takes: one JSON value (an object or an array,
 * possibly of pages) or JSON Lines, one value a line. Each record comes with the line it starts
 * on, so a bad one can be named.
 */
import { HistoryFormatError } from './history-entry';

/** A JSON value and the 1-based line it starts on. */
export type JsonRecord = Readonly<{ value: unknown; line: number }>;

/** The values of a JSON or JSON Lines text. */
export function jsonRecords(text: string): JsonRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return [{ value: JSON.parse(body) as unknown, line: 1 }];
  } catch (whole) {
    const lines = body.split('\n');
    // A single value that does not parse is a broken file, not JSON Lines.
    if (lines.filter((l) => l.trim() !== '').length <= 1) {
      throw new HistoryFormatError(`not JSON: ${(whole as Error).message}`, 1);
    }
    const records: JsonRecord[] = [];
    lines.forEach((raw, index) => {
      if (raw.trim() === '') return;
      try {
        records.push({ value: JSON.parse(raw) as unknown, line: index + 1 });
      } catch (error) {
        throw new HistoryFormatError(`not JSON: ${(error as Error).message}`, index + 1);
      }
    });
    return records;
  }
}

/** Whether a value is a plain object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or the `#text` / `name` of an object field (Last.fm's shapes). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (isObject(value)) return textOf(value['#text'] ?? value.name ?? '');
  return '';
}
