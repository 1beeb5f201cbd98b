/**
 * Rhythmbox's library, `rhythmdb.xml`: one `<entry type="song">` per song with `title`,
 * `artist`, `album`, `duration` (seconds), `play-count`, `last-played` and `first-seen` (Unix
 * seconds) and `rating` (0 – 5). A song never played is left out; a rating of 5 is a love.
 */
import { HistoryFormatError, type HistoryEntry } from './history-entry';
import { parseWhen } from './when';
import { readXml } from './xml-elements';

const FIELDS = new Set([
  'title',
  'artist',
  'album',
  'duration',
  'play-count',
  'skip-count',
  'last-played',
  'first-seen',
  'rating',
]);

/** The played songs of a rhythmdb.xml. */
export function parseRhythmbox(text: string, nowMs = Date.now()): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let sawRoot = false;
  let song: { line: number; fields: Map<string, string> } | null = null;
  let field: string | null = null;
  let songs = 0;
  const finish = (s: { line: number; fields: Map<string, string> }) => {
    songs++;
    const get = (k: string) => (s.fields.get(k) ?? '').trim();
    const number = (k: string) => (get(k) === '' ? 0 : Number(get(k)));
    const plays = number('play-count');
    const skips = number('skip-count');
    const rating = number('rating');
    if (![plays, skips, rating].every(Number.isFinite)) {
      throw new HistoryFormatError(`entry ${songs}: a count or rating is not a number`, s.line);
    }
    if (plays <= 0 && skips <= 0 && rating < 5) return;
    const title = get('title');
    const artist = get('artist');
    if (title === '' || artist === '') return;
    const seconds = number('duration');
    const when = (k: string) => (get(k) === '' ? null : parseWhen(get(k), nowMs));
    entries.push({
      entry: songs,
      line: s.line,
      artist,
      title,
      album: get('album') === '' ? null : get('album'),
      durationMs: seconds > 0 ? Math.round(seconds * 1000) : null,
      playedAtMs: null,
      counts: {
        plays: Math.max(0, Math.floor(plays)),
        skips: Math.max(0, Math.floor(skips)),
        lastPlayedMs: when('last-played'),
        lastSkippedMs: null,
        addedMs: when('first-seen'),
      },
      feedback: rating >= 5 ? 'love' : null,
    });
  };
  readXml(text, {
    open: (name, line, attributes) => {
      if (name === 'rhythmdb') sawRoot = true;
      // Podcasts and radio stations are entries too; only songs are music.
      else if (name === 'entry' && attributes.type === 'song') song = { line, fields: new Map() };
      else if (song !== null && FIELDS.has(name)) field = name;
    },
    text: (t) => {
      if (song !== null && field !== null)
        song.fields.set(field, (song.fields.get(field) ?? '') + t);
    },
    close: (name) => {
      if (name === 'entry' && song !== null) {
        finish(song);
        song = null;
      } else if (name === field) field = null;
    },
  });
  if (!sawRoot) throw new HistoryFormatError('no <rhythmdb> element: not a Rhythmbox library', 1);
  return entries;
}
