import type { CSSProperties, JSX, MouseEvent } from 'react';
import type { TrackGroup } from '../../../../../shared/api-contract-ui';
import type { TrackRow } from '../../../../../shared/api-types';
import { formatCount } from '../../../lib/format';
import { Artwork } from '../../artwork/Artwork';
import { INFERRED_HINT, isInferred } from '../../common/components/TagText';
import type { Column } from './TrackGrid';

/** What every rendered row of the table shares. */
type RowBase = Readonly<{
  /** Position in the table (0 = first row under the column headers). */
  index: number;
  active: boolean;
  style: CSSProperties;
  onActivate: () => void;
}>;

/** A group's header: its name and size; a click, Enter or Space opens or closes it. */
export function GroupHeaderRow(
  props: RowBase &
    Readonly<{
      group: TrackGroup;
      expanded: boolean;
      columns: number;
      /** Show the group's artwork (albums). */
      art: boolean;
      onToggle: () => void;
    }>,
): JSX.Element {
  const { group, expanded, index } = props;
  const name = group.name ?? 'Untagged';
  const size = `${formatCount(group.count)} ${group.count === 1 ? 'track' : 'tracks'}`;
  return (
    <div
      role="row"
      aria-label={`${name}, ${size}`}
      aria-rowindex={index + 2}
      aria-level={1}
      aria-expanded={expanded}
      data-index={index}
      data-testid="group-row"
      tabIndex={props.active ? 0 : -1}
      className={`grid-row group-row${props.active ? ' active' : ''}`}
      style={props.style}
      onClick={props.onToggle}
      onFocus={props.onActivate}
    >
      <div role="gridcell" aria-colspan={props.columns} className="group-cell">
        <span className="group-chevron" aria-hidden="true">
          {expanded ? '▾' : '▸'}
        </span>
        {props.art && (
          <Artwork trackId={group.artworkTrackId ?? null} size={64} className="group-art" />
        )}
        <span className="group-name">{name}</span>
        <span className="muted">{size}</span>
      </div>
    </div>
  );
}

/** A track's row: play button and the columns in view. */
export function TrackRowView(
  props: RowBase &
    Readonly<{
      row: TrackRow;
      columns: readonly Column[];
      /** Nested under a group header (a tree grid's second level). */
      nested: boolean;
      selected: boolean;
      playing: boolean;
      onPlay: () => void;
      onClick: (event: MouseEvent) => void;
      onMenu: (event: MouseEvent) => void;
    }>,
): JSX.Element {
  const { row, index, active } = props;
  const classes = [
    'grid-row',
    props.playing ? 'playing' : '',
    active ? 'active' : '',
    props.selected ? 'selected' : '',
  ];
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-level={props.nested ? 2 : undefined}
      aria-selected={props.selected}
      data-index={index}
      data-testid="track-row"
      tabIndex={active ? 0 : -1}
      className={classes.filter(Boolean).join(' ')}
      style={props.style}
      onClick={props.onClick}
      onFocus={props.onActivate}
      onDoubleClick={props.onPlay}
      onContextMenu={props.onMenu}
    >
      <div role="gridcell">
        <button
          type="button"
          className="row-play"
          tabIndex={-1}
          aria-label={`Play ${row.title}`}
          onClick={props.onPlay}
        >
          {props.playing ? '♪' : '▶'}
        </button>
      </div>
      {props.columns.map((c) => {
        const guessed = c.tag !== undefined && isInferred(row, c.tag);
        const classes = [c.numeric ? 'numeric' : '', guessed ? 'inferred' : ''].filter(Boolean);
        return (
          <div
            key={c.key}
            role="gridcell"
            className={classes.length > 0 ? classes.join(' ') : undefined}
            title={guessed ? INFERRED_HINT : undefined}
          >
            {c.key === 'title' && row.status === 'failed'
              ? `${row.title} (not analysed)`
              : c.cell(row)}
          </div>
        );
      })}
    </div>
  );
}
