/**
 * The groups of the library list sorted by album or artist: runs of consecutive tracks whose tag
 * folds to the same key (the key the sort compares), so a grouped table knows where each group
 * starts without loading every row.
 */
import type { TrackGroup } from '../../shared/api-contract-ui';
import type { TrackPage } from '../../shared/api-types';
import { foldText } from '../engine/store/listing-snapshot';
import type { ListingQuery } from '../engine/store/track-listing';

/** Rows read per page: the listing answers from memory, so big pages only bound the garbage. */
const READ_PAGE = 10_000;

/** What grouping needs of the library: its sorted, searched pages. */
export type PageSource = (query: ListingQuery) => Promise<TrackPage>;

/** The groups of the list sorted by `by`, in list order, with their sizes. */
export async function trackGroups(
  listTracks: PageSource,
  options: Readonly<{
    by: 'album' | 'artist';
    direction: 'asc' | 'desc';
    search: string;
    /** Rows read per call (default 10,000). */
    pageSize?: number;
  }>,
): Promise<TrackGroup[]> {
  const { by, direction, search } = options;
  const size = options.pageSize ?? READ_PAGE;
  const groups: { name: string | null; count: number; artworkTrackId: string | null }[] = [];
  let key: string | null = null;
  for (let offset = 0; ; offset += size) {
    const page = await listTracks({ offset, limit: size, sort: by, direction, search });
    for (const row of page.rows) {
      const name = row[by];
      const folded = name === null ? null : foldText(name);
      const last = groups.at(-1);
      // A group continues across pages: `key` is the last row's, whichever page it was on.
      if (last !== undefined && folded === key) {
        last.count++;
        last.artworkTrackId ??= row.artwork ? row.id : null;
      } else {
        groups.push({ name, count: 1, artworkTrackId: row.artwork ? row.id : null });
        key = folded;
      }
    }
    if (page.rows.length < size || offset + size >= page.total) return groups;
  }
}
