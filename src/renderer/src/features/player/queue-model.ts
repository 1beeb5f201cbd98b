/**
 * The play queue as data: entries (a track, where it came from, and a key of its own, since one
 * track may be queued twice), the index playing, and the order before a shuffle so that the
 * shuffle can be undone. Pure functions; the player applies them.
 */
import type { TrackRow } from '../../../../shared/api-types';
import type { EventSource } from '../../../../shared/events';

/** One place in the queue. */
export type QueueEntry = Readonly<{
  /** Unique within the app's life: list keys and "is this still the same entry" checks use it. */
  key: number;
  track: TrackRow;
  /** Where this entry came from, as its listening event records it. */
  source: EventSource;
}>;

/** What repeats when the queue runs out or a track ends. */
export type RepeatMode = 'off' | 'all' | 'one';

let lastKey = 0;

/** A new queue entry for `track` from `source`. */
export function entryOf(track: TrackRow, source: EventSource): QueueEntry {
  return { key: ++lastKey, track, source };
}

/** Queue entries for `tracks`, all from `source`. */
export function entriesOf(tracks: readonly TrackRow[], source: EventSource): QueueEntry[] {
  return tracks.map((track) => entryOf(track, source));
}

/** The queue with `entries` after the one at `index` (Play next). */
export function insertAfter(
  queue: readonly QueueEntry[],
  index: number,
  entries: readonly QueueEntry[],
): QueueEntry[] {
  const at = Math.max(0, index + 1);
  return [...queue.slice(0, at), ...entries, ...queue.slice(at)];
}

/**
 * The entry to play after `index` (or -1): the next one, the first again when `repeat` is
 * `all`. Repeating one track is the player's business at the end of the track, not here: Next
 * still moves on.
 */
export function followingIndex(length: number, index: number, repeat: RepeatMode): number {
  if (index + 1 < length) return index + 1;
  return repeat === 'all' && length > 0 ? 0 : -1;
}

/**
 * A uniform shuffle (Fisher–Yates) of the entries after `index`, leaving out those `excluded`
 * says not to play; the current entry and those before it stay where they are.
 */
export function shuffledUpcoming(
  queue: readonly QueueEntry[],
  index: number,
  random: () => number,
  excluded: (track: TrackRow) => boolean = () => false,
): QueueEntry[] {
  const head = queue.slice(0, index + 1);
  const rest = queue.slice(index + 1).filter((e) => !excluded(e.track));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j] as QueueEntry, rest[i] as QueueEntry];
  }
  return [...head, ...rest];
}

/**
 * Undoes a shuffle: the entries after `index` go back to the order they had in `before`;
 * entries added since the shuffle follow, in the order they are in now.
 */
export function unshuffledUpcoming(
  queue: readonly QueueEntry[],
  index: number,
  before: readonly QueueEntry[],
): QueueEntry[] {
  const order = new Map(before.map((e, i) => [e.key, i]));
  const rest = queue.slice(index + 1);
  const known = rest
    .filter((e) => order.has(e.key))
    .sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const added = rest.filter((e) => !order.has(e.key));
  return [...queue.slice(0, index + 1), ...known, ...added];
}

const fold = (text: string | null): string | null =>
  text === null ? null : text.normalize('NFKC').trim().toLowerCase();

/**
 * Whether `b` follows `a` on the same album: same album (and album artist, when tagged), the
 * next track number on the same disc, or track 1 of the next disc. Such a pair plays gapless
 * and is never crossfaded.
 */
export function isAlbumSuccessor(a: TrackRow, b: TrackRow): boolean {
  if (a.album === null || fold(a.album) !== fold(b.album)) return false;
  if (fold(a.albumArtist) !== fold(b.albumArtist)) return false;
  if (a.trackNo === null || b.trackNo === null) return false;
  const discA = a.discNo ?? 1;
  const discB = b.discNo ?? 1;
  return (
    (discB === discA && b.trackNo === a.trackNo + 1) || (discB === discA + 1 && b.trackNo === 1)
  );
}

/** Total length of the entries whose length is known, and how many are not known. */
export function totalDuration(entries: readonly QueueEntry[]): {
  seconds: number;
  unknown: number;
} {
  let seconds = 0;
  let unknown = 0;
  for (const { track } of entries) {
    if (track.durationSec === null) unknown++;
    else seconds += track.durationSec;
  }
  return { seconds, unknown };
}
