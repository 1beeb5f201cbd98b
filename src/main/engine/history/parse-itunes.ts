/**
 * iTunes / Apple Music `Library.xml`: a property list whose `Tracks` dictionary holds one
 * dictionary per song with `Name`, `Artist`, `Album`, `Total Time` (ms), `Play Count`,
 * `Play Date UTC`, `Skip Count`, `Skip Date`, `Date Added`, `Loved`, `Disliked` and `Rating`
 * (0 – 100, 20 a star). A song never played, skipped, loved or disliked is left out; Loved or
 * five stars is a love, Disliked a ban.
 */
import { HistoryFormatError, type HistoryEntry } from './history-entry';
import { parseWhen } from './when';
import { readXml } from './xml-elements';

type Value = string | number | boolean | null;

/** One song's dictionary, flat: keys to scalar values. */
type Song = { line: number; values: Map<string, Value> };

/** The songs of a Library.xml. */
export function parseItunes(text: string, nowMs = Date.now()): HistoryEntry[] {
  const songs: Song[] = [];
  // Where the reader is: the last <key> of each open dict.
  const keys: (string | null)[] = [];
  let lastKey = '';
  let textBuffer = '';
  let song: Song | null = null;
  let inTracks = false;
  let sawPlist = false;
  let tracksDepth = -1;
  readXml(text, {
    open: (name, line) => {
      textBuffer = '';
      if (name === 'plist') sawPlist = true;
      if (name !== 'dict') return;
      keys.push(null);
      const depth = keys.length;
      // <plist><dict> (1) → key Tracks → <dict> (2) → key "123" → <dict> (3): a song.
      if (depth === 2 && lastKey === 'Tracks') [inTracks, tracksDepth] = [true, depth];
      else if (inTracks && depth === tracksDepth + 1) song = { line, values: new Map() };
    },
    text: (t) => {
      textBuffer += t;
    },
    close: (name) => {
      const value = textBuffer.trim();
      textBuffer = '';
      if (name === 'key') {
        lastKey = value;
        keys[keys.length - 1] = value;
        return;
      }
      if (name === 'dict') {
        const depth = keys.length;
        keys.pop();
        if (song !== null && depth === tracksDepth + 1) {
          songs.push(song);
          song = null;
        } else if (inTracks && depth === tracksDepth) inTracks = false;
        return;
      }
      if (song === null || keys.length !== tracksDepth + 1) return;
      const key = keys[keys.length - 1];
      if (key === null || key === undefined) return;
      const scalar: Value =
        name === 'integer' || name === 'real'
          ? Number(value)
          : name === 'true'
            ? true
            : name === 'false'
              ? false
              : name === 'string' || name === 'date'
                ? value
                : null;
      song.values.set(key, scalar);
    },
  });
  if (!sawPlist) throw new HistoryFormatError('no <plist> element: not an iTunes library', 1);
  return songs.flatMap((s, index) => entryOf(s, index + 1, nowMs));
}

function entryOf(song: Song, entry: number, nowMs: number): HistoryEntry[] {
  const get = (k: string) => song.values.get(k) ?? null;
  const str = (k: string) => (typeof get(k) === 'string' ? (get(k) as string).trim() : '');
  const num = (k: string) => {
    const v = get(k);
    if (v === null) return 0;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new HistoryFormatError(`song ${entry}: "${k}" is not a number`, song.line);
    }
    return v;
  };
  const date = (k: string) => (str(k) === '' ? null : parseWhen(str(k), nowMs));
  const plays = Math.max(0, Math.floor(num('Play Count')));
  const skips = Math.max(0, Math.floor(num('Skip Count')));
  const feedback =
    get('Disliked') === true
      ? 'ban'
      : get('Loved') === true || num('Rating') >= 100
        ? 'love'
        : null;
  if (plays === 0 && skips === 0 && feedback === null) return [];
  const artist = str('Artist') || str('Album Artist');
  const title = str('Name');
  if (artist === '' || title === '') return [];
  const ms = num('Total Time');
  return [
    {
      entry,
      line: song.line,
      artist,
      title,
      album: str('Album') === '' ? null : str('Album'),
      durationMs: ms > 0 ? Math.round(ms) : null,
      playedAtMs: null,
      counts: {
        plays,
        skips,
        lastPlayedMs: date('Play Date UTC'),
        lastSkippedMs: date('Skip Date'),
        addedMs: date('Date Added'),
      },
      feedback,
    },
  ];
}
