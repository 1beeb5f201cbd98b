/**
 * Dates as history exports write them, to epoch milliseconds (UTC unless the text says):
 * Unix seconds or milliseconds, ISO 8601, "2021-01-31 12:34[:56]", and Last.fm's
 * "31 Jan 2021 12:34" / "31 Jan 2021, 12:34".
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Before 2001-09-09 in milliseconds, after 5138 in seconds: a number below is seconds.
const SECONDS_BELOW = 1e11;
// Earlier than 1990 or later than a day from now is a damaged date, not a listen.
const EARLIEST_MS = Date.UTC(1990, 0, 1);

/** Epoch ms of a date, or null when the text is not one of the forms above. */
export function parseWhen(raw: string | number, nowMs = Date.now()): number | null {
  const ms = toMs(raw);
  return ms === null || ms < EARLIEST_MS || ms > nowMs + 86_400_000 ? null : ms;
}

function toMs(raw: string | number): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? unix(raw) : null;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return unix(Number(text));
  const lastfm = /^(\d{1,2}) ([A-Za-z]{3})\w* (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (lastfm) {
    const month = MONTHS.indexOf((lastfm[2] ?? '').toLowerCase());
    if (month < 0) return null;
    const [day, year, hour, minute, second] = [1, 3, 4, 5, 6].map((k) => Number(lastfm[k] ?? 0));
    return Date.UTC(year ?? 0, month, day, hour, minute, second);
  }
  const plain = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(text);
  const iso = plain ? `${plain[1]}T${plain[2]}Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function unix(value: number): number {
  return value < SECONDS_BELOW ? Math.round(value * 1000) : Math.round(value);
}
