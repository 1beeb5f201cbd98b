import type { Table } from '@lancedb/lancedb';
import type { TrackLoudness } from '../../../shared/api-contract-media';
import type { TrackPage, TrackRow, TrackSortKey } from '../../../shared/api-types';
import { trackLoudness } from '../library/playback-loudness';
import { foldText, readListingSnapshot, type ListingSnapshot } from './listing-snapshot';
import { inferredTags } from './rows';

/** What page of the library list is wanted. */
export type ListingQuery = Readonly<{
  offset: number;
  limit: number;
  sort: TrackSortKey;
  direction: 'asc' | 'desc';
  /** Whitespace-separated words that must all occur in title, artist or album. */
  search: string;
}>;

type Compare = (a: number, b: number) => number;

/** Ascending with nulls last; `undefined` (out of range) never happens for valid indices. */
function compareNullable<T extends string | number>(
  x: T | null | undefined,
  y: T | null | undefined,
): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  return x < y ? -1 : 1;
}

/**
 * The order of each sort column: its own key first (nulls last either way), then the keys that
 * keep an album's tracks together and in track order.
 */
function comparatorFor(s: ListingSnapshot, sort: TrackSortKey, direction: 'asc' | 'desc'): Compare {
  const sign = direction === 'asc' ? 1 : -1;
  const primary = <T extends string | number>(column: readonly (T | null)[]): Compare => {
    return (a, b) => {
      const x = column[a];
      const y = column[b];
      const nullOrder = compareNullable(x === null ? null : 0, y === null ? null : 0);
      return nullOrder !== 0 ? nullOrder : sign * compareNullable(x, y);
    };
  };
  const within: Compare[] = [
    (a, b) => compareNullable(s.keys.album[a], s.keys.album[b]),
    (a, b) => compareNullable(s.discNos[a], s.discNos[b]),
    (a, b) => compareNullable(s.trackNos[a], s.trackNos[b]),
    (a, b) => compareNullable(s.keys.title[a], s.keys.title[b]),
  ];
  const byArtist = (a: number, b: number): number =>
    compareNullable(s.keys.artist[a], s.keys.artist[b]);
  const chains: Record<TrackSortKey, Compare[]> = {
    title: [primary(s.keys.title), byArtist, ...within],
    artist: [primary(s.keys.artist), ...within],
    album: [primary(s.keys.album), ...within.slice(1), byArtist],
    year: [primary(s.years), byArtist, ...within],
    genre: [primary(s.keys.genre), byArtist, ...within],
    duration: [primary(s.durations), ...within.slice(3)],
  };
  const chain = chains[sort];
  return (a, b) => {
    for (const compare of chain) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return a - b;
  };
}

function rowAt(s: ListingSnapshot, i: number): TrackRow {
  return {
    id: s.ids[i] ?? '',
    title: s.titles[i] ?? '',
    artist: s.artists[i] ?? null,
    album: s.albums[i] ?? null,
    albumArtist: s.albumArtists[i] ?? null,
    trackNo: s.trackNos[i] ?? null,
    discNo: s.discNos[i] ?? null,
    year: s.years[i] ?? null,
    genre: s.genres[i] ?? null,
    durationSec: s.durations[i] ?? null,
    status: s.failed[i] === 1 ? 'failed' : 'analysed',
    artwork: s.artwork[i] === 1,
    loudness: loudnessAt(s, i),
    inferred: inferredTags(s.inferred[i] ?? null),
  };
}

function loudnessAt(s: ListingSnapshot, i: number): TrackLoudness | null {
  const facts = s.loudness[i];
  if (facts === undefined) return null;
  const key = s.albumKeys[i] ?? null;
  return trackLoudness(facts, key === null ? null : (s.albumLevels.get(key) ?? null));
}

/**
 * The library list, answered from an in-memory snapshot of the listing columns. The snapshot is
 * read again whenever the tracks table's version moves (any write: a scan's commit, a removed
 * folder), orders are computed once per sort column and direction, and the last search is kept
 * so scrolling through its pages costs only the slice.
 */
export class TrackListing {
  private snapshot: Promise<ListingSnapshot> | null = null;
  private readonly orders = new Map<string, Int32Array>();
  private lastSearch: Readonly<{ key: string; matches: Int32Array }> | null = null;
  /** Row index by track id, for the snapshot it was built from. */
  private byId: Readonly<{ snapshot: ListingSnapshot; index: Map<string, number> }> | null = null;

  constructor(private readonly tracks: Table) {}

  /** One page of the list. */
  async page(query: ListingQuery): Promise<TrackPage> {
    const snapshot = await this.current();
    const matches = this.matches(snapshot, query);
    const end = Math.min(matches.length, query.offset + query.limit);
    const rows: TrackRow[] = [];
    for (let i = query.offset; i < end; i++) rows.push(rowAt(snapshot, matches[i] ?? 0));
    return { total: matches.length, offset: query.offset, rows };
  }

  /**
   * The rows of the tracks with these ids that are in the library (those that are not are left
   * out), by id: what the player needs of a track it is given by id alone (length, album order).
   */
  async rows(ids: readonly string[]): Promise<Map<string, TrackRow>> {
    const snapshot = await this.current();
    if (this.byId?.snapshot !== snapshot) {
      this.byId = { snapshot, index: new Map(snapshot.ids.map((id, i) => [id, i])) };
    }
    const found = new Map<string, TrackRow>();
    for (const id of ids) {
      const i = this.byId.index.get(id);
      if (i !== undefined) found.set(id, rowAt(snapshot, i));
    }
    return found;
  }

  private async current(): Promise<ListingSnapshot> {
    const version = await this.tracks.version();
    const cached = this.snapshot;
    if (cached !== null && (await cached.catch(() => null))?.version === version) return cached;
    const fresh = readListingSnapshot(this.tracks);
    this.snapshot = fresh;
    this.orders.clear();
    this.lastSearch = null;
    // A failed read is not cached: the next call tries again.
    fresh.catch(() => {
      if (this.snapshot === fresh) this.snapshot = null;
    });
    return fresh;
  }

  private order(s: ListingSnapshot, sort: TrackSortKey, direction: 'asc' | 'desc'): Int32Array {
    const key = `${sort}:${direction}`;
    let order = this.orders.get(key);
    if (order === undefined) {
      const indices = Array.from({ length: s.size }, (_, i) => i);
      indices.sort(comparatorFor(s, sort, direction));
      order = Int32Array.from(indices);
      this.orders.set(key, order);
    }
    return order;
  }

  private matches(s: ListingSnapshot, query: ListingQuery): Int32Array {
    const order = this.order(s, query.sort, query.direction);
    const words = foldText(query.search)
      .split(/\s+/)
      .filter((word) => word !== '');
    if (words.length === 0) return order;
    const key = `${query.sort}:${query.direction}:${words.join(' ')}`;
    if (this.lastSearch?.key === key) return this.lastSearch.matches;
    const found: number[] = [];
    for (const i of order) {
      const haystack = s.haystacks[i] ?? '';
      if (words.every((word) => haystack.includes(word))) found.push(i);
    }
    const matches = Int32Array.from(found);
    this.lastSearch = { key, matches };
    return matches;
  }
}
