/**
 * The rows of the library table: with grouping, a header row before each album's (or artist's)
 * tracks, whose tracks are left out while the group is collapsed. Maps a table row to a group
 * header or to a track of the list in O(log groups), so the windowed table stays cheap at
 * 100,000 tracks.
 */
import type { TrackGroup } from '../../../../shared/api-contract-ui';

/** The tags the library can be grouped by. */
export type GroupKey = 'album' | 'artist';

/** A row of the table: a group's header, or a track (its index in the sorted list). */
export type TableRow =
  | Readonly<{ kind: 'header'; group: number }>
  | Readonly<{ kind: 'track'; track: number; group: number | null }>;

/** The table's rows, addressed by their position in the table. */
export type RowMap = Readonly<{
  length: number;
  at: (row: number) => TableRow | undefined;
  /** The table row showing a track, or −1 while its group is collapsed. */
  rowOfTrack: (track: number) => number;
  /** The table row of a group's header (−1 when ungrouped or out of range). */
  rowOfGroup: (group: number) => number;
}>;

/** One row per track, in list order (no grouping). */
export function plainRows(total: number): RowMap {
  return {
    length: total,
    at: (row) => (row >= 0 && row < total ? { kind: 'track', track: row, group: null } : undefined),
    rowOfTrack: (track) => (track >= 0 && track < total ? track : -1),
    rowOfGroup: () => -1,
  };
}

/** The key a group is remembered by while collapsed (its name; untagged tracks share one). */
export function groupKey(group: TrackGroup): string {
  return group.name ?? '\u0000untagged';
}

/** Index of the last entry of ascending `starts` that is ≤ `value` (−1 if none). */
function lastAtOrBefore(starts: Int32Array, value: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((starts[mid] ?? 0) <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Header and track rows of `groups`, leaving out the tracks of collapsed ones. */
export function groupedRows(groups: readonly TrackGroup[], collapsed: ReadonlySet<string>): RowMap {
  // Where each group's header sits in the table, and where its first track is in the list.
  const headerRows = new Int32Array(groups.length);
  const firstTracks = new Int32Array(groups.length);
  const open = new Uint8Array(groups.length);
  let row = 0;
  let track = 0;
  groups.forEach((group, g) => {
    headerRows[g] = row;
    firstTracks[g] = track;
    open[g] = collapsed.has(groupKey(group)) ? 0 : 1;
    row += 1 + (open[g] === 1 ? group.count : 0);
    track += group.count;
  });
  return {
    length: row,
    at: (index) => {
      if (index < 0 || index >= row) return undefined;
      const g = lastAtOrBefore(headerRows, index);
      const offset = index - (headerRows[g] ?? 0);
      return offset === 0
        ? { kind: 'header', group: g }
        : { kind: 'track', track: (firstTracks[g] ?? 0) + offset - 1, group: g };
    },
    rowOfTrack: (index) => {
      if (index < 0 || index >= track) return -1;
      const g = lastAtOrBefore(firstTracks, index);
      return open[g] === 1 ? (headerRows[g] ?? 0) + 1 + index - (firstTracks[g] ?? 0) : -1;
    },
    rowOfGroup: (g) => (g >= 0 && g < groups.length ? (headerRows[g] ?? 0) : -1),
  };
}
