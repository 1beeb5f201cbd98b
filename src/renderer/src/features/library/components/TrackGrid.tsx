import { useEffect, useMemo, useState, type JSX, type KeyboardEvent, type MouseEvent } from 'react';
import type { TrackGroup } from '../../../../../shared/api-contract-ui';
import type { InferredTag } from '../../../../../shared/api-contract-media';
import type { TrackRow, TrackSortKey } from '../../../../../shared/api-types';
import { formatDuration } from '../../../lib/format';
import { useVirtualWindow } from '../../common/hooks/use-virtual-window';
import type { MenuAnchor } from '../../common/components/ContextMenu';
import { groupedRows, groupKey, plainRows, type GroupKey } from '../group-rows';
import { clicked, everything, extended, inOrder, NO_SELECTION, type Selection } from '../selection';
import type { TrackWindow } from '../hooks/use-track-window';
import { GroupHeaderRow, TrackRowView } from './GridRows';

/** Height of every row, in pixels (the windowing needs one fixed height). */
export const ROW_HEIGHT = 34;
/** Below this width (CSS pixels) the year and genre columns are left out. */
const NARROW_WIDTH = 760;

/** A column of the table. */
export type Column = Readonly<{
  key: TrackSortKey;
  label: string;
  cell: (row: TrackRow) => string;
  numeric?: boolean;
  /** The tag the cell shows, when it may be a guess from the file's path. */
  tag?: InferredTag;
}>;

export const COLUMNS: readonly Column[] = [
  { key: 'title', label: 'Title', cell: (r) => r.title, tag: 'title' },
  { key: 'artist', label: 'Artist', cell: (r) => r.artist ?? '', tag: 'artist' },
  { key: 'album', label: 'Album', cell: (r) => r.album ?? '', tag: 'album' },
  {
    key: 'year',
    label: 'Year',
    cell: (r) => (r.year === null ? '' : String(r.year)),
    numeric: true,
  },
  { key: 'genre', label: 'Genre', cell: (r) => r.genre ?? '' },
  { key: 'duration', label: 'Time', cell: (r) => formatDuration(r.durationSec), numeric: true },
];

export type { GroupKey };

type Props = Readonly<{
  tracks: TrackWindow;
  sort: TrackSortKey;
  direction: 'asc' | 'desc';
  onSort: (key: TrackSortKey) => void;
  /** The grouping and its groups (null while they load). */
  group: GroupKey | null;
  groups: readonly TrackGroup[] | null;
  playingId: string | undefined;
  /** Plays from a track (its index in the sorted list). */
  onPlay: (index: number) => void;
  /** Names the list shown (its sort and search), so a selection ends with it. */
  listKey: string;
  /** Opens the menu of a row; `selected` are the list positions it acts on, in order. */
  onMenu: (row: TrackRow, anchor: MenuAnchor, selected: readonly number[]) => void;
  onDetails: (row: TrackRow) => void;
}>;

/**
 * The library as an ARIA grid with windowed rows: one tab stop (the active row), arrows, Page
 * Up/Down, Home and End move it, Enter plays, the context-menu key or Shift+F10 opens the
 * track's menu and `i` its details. Several tracks are selected with Shift or Ctrl (⌘) and a
 * click, Shift and the arrows, or Ctrl+A; the menu then acts on all of them. Grouped by album or artist it is a tree grid: each group has
 * a header row with its size that a click, Enter or Space closes and opens again (← closes, or
 * from a track goes to its header; → opens).
 */
export function TrackGrid(props: Props): JSX.Element {
  const { tracks, group, groups } = props;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const table = useMemo(
    () => (group === null ? plainRows(tracks.total ?? 0) : groupedRows(groups ?? [], collapsed)),
    [group, groups, collapsed, tracks.total],
  );
  const total = table.length;
  const {
    ref: bodyRef,
    onScroll,
    from,
    to,
    totalHeight,
    pageSize,
    width,
    scrollToIndex,
  } = useVirtualWindow(total, ROW_HEIGHT);
  const [chosen, setActive] = useState(0);
  // A selection belongs to the list it was made in: another sort or search starts with none.
  const [selected, setSelected] = useState<Readonly<{ list: string; selection: Selection }>>({
    list: props.listKey,
    selection: NO_SELECTION,
  });
  const selection = selected.list === props.listKey ? selected.selection : NO_SELECTION;
  const setSelection = (next: Selection): void =>
    setSelected({ list: props.listKey, selection: next });
  // The active row stays within the table when it shrinks (a narrower search, a closed group).
  const active = Math.min(chosen, Math.max(0, total - 1));
  const { ensure } = tracks;

  // The tracks the rows in view show, as a range of the sorted list to load.
  let firstTrack = Infinity;
  let lastTrack = -1;
  for (let i = from; i < to; i++) {
    const entry = table.at(i);
    if (entry?.kind !== 'track') continue;
    firstTrack = Math.min(firstTrack, entry.track);
    lastTrack = Math.max(lastTrack, entry.track);
  }
  useEffect(() => {
    if (lastTrack >= 0) ensure(firstTrack, lastTrack + 1);
  }, [ensure, firstTrack, lastTrack]);

  const focusRow = (index: number): void => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    scrollToIndex(next);
    // The row exists once rendered in the new window; focus it on the next frame.
    requestAnimationFrame(() => {
      bodyRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    });
  };
  const toggle = (g: number, open?: boolean): void => {
    const entry = groups?.[g];
    if (entry === undefined) return;
    const key = groupKey(entry);
    if (open !== undefined && open !== collapsed.has(key)) return;
    const next = new Set(collapsed);
    if (!next.delete(key)) next.add(key);
    setCollapsed(next);
    setActive(table.rowOfGroup(g));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const entry = table.at(active);
    const row = entry?.kind === 'track' ? tracks.rowAt(entry.track) : undefined;
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageSize,
      PageUp: active - pageSize,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    const opens: Record<string, boolean | undefined> = { ArrowLeft: false, ArrowRight: true };
    if (target !== undefined) {
      event.preventDefault();
      const next = Math.max(0, Math.min(total - 1, target));
      const landed = table.at(next);
      if (landed?.kind === 'track') {
        setSelection(
          event.shiftKey
            ? extended(selection, landed.track)
            : clicked(NO_SELECTION, landed.track, { shift: false, toggle: false }),
        );
      }
      focusRow(next);
    } else if (event.key === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      setSelection(everything(tracks.total ?? 0));
    } else if (entry?.kind === 'header' && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      toggle(entry.group);
    } else if (group !== null && opens[event.key] !== undefined) {
      // ← and → belong to the tree here, not to seeking in the track.
      event.preventDefault();
      if (entry?.kind === 'header') toggle(entry.group, opens[event.key]);
      else if (entry?.group != null && event.key === 'ArrowLeft') {
        focusRow(table.rowOfGroup(entry.group));
      }
    } else if (event.key === 'Enter' && entry?.kind === 'track') {
      event.preventDefault();
      props.onPlay(entry.track);
    } else if (
      row !== undefined &&
      entry?.kind === 'track' &&
      (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))
    ) {
      event.preventDefault();
      const box = (event.target as HTMLElement).getBoundingClientRect();
      props.onMenu(row, { x: box.left + 48, y: box.bottom }, menuSelection(entry.track));
    } else if (row !== undefined && event.key === 'i') {
      props.onDetails(row);
    } else if (group !== null && event.key === ' ') {
      // As in the ungrouped grid, Space in the table is the table's, not play/pause.
      event.preventDefault();
    }
  };

  /** What a menu opened on the track at list position `track` acts on. */
  const menuSelection = (track: number): number[] => {
    if (selection.indices.has(track) && selection.indices.size > 1) return inOrder(selection);
    setSelection(clicked(NO_SELECTION, track, { shift: false, toggle: false }));
    return [track];
  };

  const contextMenu = (event: MouseEvent, row: TrackRow, index: number, track: number): void => {
    event.preventDefault();
    setActive(index);
    props.onMenu(row, { x: event.clientX, y: event.clientY }, menuSelection(track));
  };

  // A narrow table (the details panel open, a small window) keeps the columns that identify a
  // track; year and genre come back when there is room.
  const narrow = width > 0 && width < NARROW_WIDTH;
  const columns = COLUMNS.filter(
    (c) => c.key !== group && !(narrow && (c.key === 'year' || c.key === 'genre')),
  );
  const template = `2.5rem ${columns
    .map((c) =>
      c.numeric ? '4.5rem' : c.key === 'title' ? 'minmax(8em, 2fr)' : 'minmax(6em, 1.2fr)',
    )
    .join(' ')}`;

  const rows: JSX.Element[] = [];
  let activeShown = false;
  for (let i = from; i < to; i++) {
    const entry = table.at(i);
    const style = { top: i * ROW_HEIGHT, height: ROW_HEIGHT, gridTemplateColumns: template };
    const base = { index: i, active: i === active, style, onActivate: () => setActive(i) };
    const groupOf = entry === undefined || entry.group === null ? undefined : groups?.[entry.group];
    if (entry?.kind === 'header' && groupOf !== undefined) {
      activeShown ||= i === active;
      rows.push(
        <GroupHeaderRow
          key={`group-${groupKey(groupOf)}`}
          {...base}
          group={groupOf}
          expanded={!collapsed.has(groupKey(groupOf))}
          columns={columns.length + 1}
          art={group === 'album'}
          onToggle={() => toggle(entry.group)}
        />,
      );
      continue;
    }
    const row = entry?.kind === 'track' ? tracks.rowAt(entry.track) : undefined;
    if (entry?.kind !== 'track' || row === undefined) {
      rows.push(
        <div
          key={`pending-${i}`}
          className="grid-row grid-row-pending"
          style={style}
          aria-hidden="true"
        />,
      );
      continue;
    }
    activeShown ||= i === active;
    rows.push(
      <TrackRowView
        key={row.id}
        {...base}
        row={row}
        columns={columns}
        nested={group !== null}
        selected={selection.indices.has(entry.track)}
        playing={row.id === props.playingId}
        onPlay={() => props.onPlay(entry.track)}
        onClick={(event) => {
          setActive(i);
          setSelection(
            clicked(selection, entry.track, {
              shift: event.shiftKey,
              toggle: event.ctrlKey || event.metaKey,
            }),
          );
        }}
        onMenu={(event) => contextMenu(event, row, i, entry.track)}
      />,
    );
  }

  return (
    <div
      className="track-grid"
      role={group === null ? 'grid' : 'treegrid'}
      aria-label="Library tracks"
      aria-multiselectable="true"
      aria-rowcount={total + 1}
      aria-colcount={columns.length + 1}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div
          role="row"
          aria-rowindex={1}
          className="grid-row grid-header"
          style={{ gridTemplateColumns: template }}
        >
          <div role="columnheader">
            <span className="visually-hidden">Play</span>
          </div>
          {columns.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              className={c.numeric ? 'numeric' : undefined}
              aria-sort={
                c.key === props.sort
                  ? props.direction === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : undefined
              }
            >
              <button type="button" className="column-sort" onClick={() => props.onSort(c.key)}>
                {c.label}
                <span aria-hidden="true" className="sort-mark">
                  {c.key === props.sort ? (props.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        className="grid-body"
        ref={bodyRef}
        onScroll={onScroll}
        // The grid's tab stop is its active row; while that row is scrolled away, the body itself.
        tabIndex={activeShown ? -1 : 0}
      >
        <div className="grid-spacer" style={{ height: totalHeight }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
