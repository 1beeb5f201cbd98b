import { useEffect, useState, type JSX, type KeyboardEvent, type MouseEvent } from 'react';
import type { TrackRow, TrackSortKey } from '../../../../../shared/api-types';
import { formatDuration } from '../../../lib/format';
import { useVirtualWindow } from '../../common/hooks/use-virtual-window';
import type { MenuAnchor } from '../../common/components/ContextMenu';
import type { TrackWindow } from '../hooks/use-track-window';

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
}>;

export const COLUMNS: readonly Column[] = [
  { key: 'title', label: 'Title', cell: (r) => r.title },
  { key: 'artist', label: 'Artist', cell: (r) => r.artist ?? '' },
  { key: 'album', label: 'Album', cell: (r) => r.album ?? '' },
  {
    key: 'year',
    label: 'Year',
    cell: (r) => (r.year === null ? '' : String(r.year)),
    numeric: true,
  },
  { key: 'genre', label: 'Genre', cell: (r) => r.genre ?? '' },
  { key: 'duration', label: 'Time', cell: (r) => formatDuration(r.durationSec), numeric: true },
];

export type GroupKey = 'album' | 'artist';

type Props = Readonly<{
  tracks: TrackWindow;
  sort: TrackSortKey;
  direction: 'asc' | 'desc';
  onSort: (key: TrackSortKey) => void;
  group: GroupKey | null;
  playingId: string | undefined;
  onPlay: (index: number) => void;
  onMenu: (row: TrackRow, anchor: MenuAnchor) => void;
  onDetails: (row: TrackRow) => void;
}>;

/**
 * The library as an ARIA grid with windowed rows: one tab stop (the active row), arrows, Page
 * Up/Down, Home and End move it, Enter plays, the context-menu key or Shift+F10 opens the
 * track's menu and `i` its details. With a group, the first row of each album (or artist)
 * carries its name in the leading column.
 */
export function TrackGrid(props: Props): JSX.Element {
  const { tracks, group } = props;
  const total = tracks.total ?? 0;
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
  // The active row stays within the list when it shrinks (a narrower search).
  const active = Math.min(chosen, Math.max(0, total - 1));
  const { ensure } = tracks;

  useEffect(() => ensure(from, to), [ensure, from, to]);

  const focusRow = (index: number): void => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    scrollToIndex(next);
    // The row exists once rendered in the new window; focus it on the next frame.
    requestAnimationFrame(() => {
      bodyRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const row = tracks.rowAt(active);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageSize,
      PageUp: active - pageSize,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusRow(target);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      props.onPlay(active);
    } else if (
      row !== undefined &&
      (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))
    ) {
      event.preventDefault();
      const box = (event.target as HTMLElement).getBoundingClientRect();
      props.onMenu(row, { x: box.left + 48, y: box.bottom });
    } else if (row !== undefined && event.key === 'i') {
      props.onDetails(row);
    }
  };

  const contextMenu = (event: MouseEvent, row: TrackRow, index: number): void => {
    event.preventDefault();
    setActive(index);
    props.onMenu(row, { x: event.clientX, y: event.clientY });
  };

  // A narrow table (the details panel open, a small window) keeps the columns that identify a
  // track; year and genre come back when there is room.
  const narrow = width > 0 && width < NARROW_WIDTH;
  const columns = COLUMNS.filter(
    (c) => c.key !== group && !(narrow && (c.key === 'year' || c.key === 'genre')),
  );
  const template = `${group === null ? '' : 'minmax(8em, 1.3fr) '}2.5rem ${columns
    .map((c) =>
      c.numeric ? '4.5rem' : c.key === 'title' ? 'minmax(8em, 2fr)' : 'minmax(6em, 1.2fr)',
    )
    .join(' ')}`;
  const groupLabel = group === null ? null : group === 'album' ? 'Album' : 'Artist';

  const rows: JSX.Element[] = [];
  for (let i = from; i < to; i++) {
    const row = tracks.rowAt(i);
    const style = { top: i * ROW_HEIGHT, height: ROW_HEIGHT, gridTemplateColumns: template };
    if (row === undefined) {
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
    const previous = i > 0 ? tracks.rowAt(i - 1) : undefined;
    const groupValue = group === null ? null : (row[group] ?? 'Unknown');
    const starts =
      group !== null && (previous === undefined || (previous[group] ?? 'Unknown') !== groupValue);
    const classes = [
      'grid-row',
      row.id === props.playingId ? 'playing' : '',
      starts ? 'group-start' : '',
      i === active ? 'active' : '',
    ];
    rows.push(
      <div
        key={row.id}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === active}
        data-index={i}
        data-testid="track-row"
        tabIndex={i === active ? 0 : -1}
        className={classes.filter(Boolean).join(' ')}
        style={style}
        onClick={() => setActive(i)}
        onFocus={() => setActive(i)}
        onDoubleClick={() => props.onPlay(i)}
        onContextMenu={(event) => contextMenu(event, row, i)}
      >
        {group !== null && (
          <div role="gridcell" className="group-cell">
            {starts ? groupValue : ''}
          </div>
        )}
        <div role="gridcell">
          <button
            type="button"
            className="row-play"
            tabIndex={-1}
            aria-label={`Play ${row.title}`}
            onClick={() => props.onPlay(i)}
          >
            {row.id === props.playingId ? '♪' : '▶'}
          </button>
        </div>
        {columns.map((c) => (
          <div key={c.key} role="gridcell" className={c.numeric ? 'numeric' : undefined}>
            {c.key === 'title' && row.status === 'failed'
              ? `${row.title} (not analysed)`
              : c.cell(row)}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div
      className="track-grid"
      role="grid"
      aria-label="Library tracks"
      aria-rowcount={total + 1}
      aria-colcount={columns.length + (group === null ? 1 : 2)}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div
          role="row"
          aria-rowindex={1}
          className="grid-row grid-header"
          style={{ gridTemplateColumns: template }}
        >
          {groupLabel !== null && (
            <div role="columnheader" className="group-cell">
              {groupLabel}
            </div>
          )}
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
        tabIndex={active >= from && active < to && tracks.rowAt(active) !== undefined ? -1 : 0}
      >
        <div className="grid-spacer" style={{ height: totalHeight }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
