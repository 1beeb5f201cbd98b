import type { DragEvent, JSX, KeyboardEvent } from 'react';
import type { TrackRow } from '../../../../../shared/api-types';
import { formatDuration } from '../../../lib/format';
import { Artwork, artworkOf } from '../../artwork/Artwork';
import { ArtistAlbum, isInferred, TagText } from '../../common/components/TagText';

/**
 * One row of Up next: reorder handle, place, title (opens the details), the reason in full
 * (it wraps, however long), the length, a mark when a re-ranking moved it far, and its buttons.
 */
export function QueueItem(
  props: Readonly<{
    track: TrackRow;
    index: number;
    last: boolean;
    why: string;
    /** Places it moved at the last re-ranking, 0 unless notable; positive is up. */
    moves: number;
    onMove: (from: number, to: number, refocus?: boolean) => void;
    onRemove: (index: number) => void;
    onPlay: () => void;
    onHandleKey: (event: KeyboardEvent, index: number) => void;
    onDetails: () => void;
    onDragStart: () => void;
    onDrop: (event: DragEvent) => void;
  }>,
): JSX.Element {
  const { track, index, moves } = props;
  const change = moves > 0 ? `up ${moves}` : moves < 0 ? `down ${-moves}` : null;
  return (
    <li
      className={`queue-item${moves > 0 ? ' moved-up' : moves < 0 ? ' moved-down' : ''}`}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.effectAllowed = 'move';
        // Firefox starts a drag only when some data is set.
        event.dataTransfer.setData('text/plain', track.title);
        props.onDragStart();
      }}
      onDragOver={(event) => event.preventDefault()}
      onDrop={props.onDrop}
    >
      <button
        type="button"
        className="drag-handle"
        aria-label={`Reorder ${track.title}: arrow keys move it`}
        onKeyDown={(event) => props.onHandleKey(event, index)}
      >
        ⠿
      </button>
      <span className="queue-pos" aria-hidden="true">
        {index + 1}
      </span>
      <Artwork trackId={artworkOf(track)} size={64} className="queue-art" />
      <button type="button" className="queue-track link-like" onClick={props.onDetails}>
        <strong>
          {isInferred(track, 'title') ? <TagText value={track.title} inferred /> : track.title}
        </strong>
        <ArtistAlbum row={track} className="muted" />
      </button>
      <span className="why">{props.why}</span>
      <span className="queue-time numeric muted">{formatDuration(track.durationSec)}</span>
      <span className="move-badge">
        <span aria-hidden="true">
          {change === null ? '' : moves > 0 ? `↑${moves}` : `↓${-moves}`}
        </span>
        {change !== null && <span className="visually-hidden">moved {change}</span>}
      </span>
      <span className="item-actions">
        <button type="button" aria-label={`Play ${track.title} now`} onClick={props.onPlay}>
          ▶
        </button>
        <button
          type="button"
          aria-label={`Move ${track.title} up`}
          disabled={index === 0}
          onClick={() => props.onMove(index, index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={`Move ${track.title} down`}
          disabled={props.last}
          onClick={() => props.onMove(index, index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          aria-label={`Remove ${track.title}`}
          onClick={() => props.onRemove(index)}
        >
          ✕
        </button>
      </span>
    </li>
  );
}
