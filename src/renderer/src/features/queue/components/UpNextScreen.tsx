import type { DragEvent, JSX, KeyboardEvent } from 'react';
import type { TrackRow } from '../../../../../shared/api-types';
import { Notice } from '../../common/components/Notice';
import { useReorder } from '../../common/hooks/use-reorder';
import { moved } from '../../common/moved';
import { usePlayer } from '../../player/use-player';
import { useUi } from '../../screens/hooks/use-ui';
import { useQueueNotes, type QueueNotesState } from '../queue-notes';

function rerankSummary(state: QueueNotesState): string | null {
  if (state.skipped === null || (state.moves.size === 0 && state.dropped.length === 0)) return null;
  const up = [...state.moves.values()].filter((m) => m > 0).length;
  const down = [...state.moves.values()].filter((m) => m < 0).length;
  const parts = [`${up} moved up`, `${down} moved down`];
  if (state.dropped.length > 0) parts.push(`${state.dropped.length} removed`);
  return `Re-ranked after you skipped “${state.skipped}”: ${parts.join(', ')}.`;
}

/**
 * The queue after the current track, each with why it is there; reorder by dragging, with the
 * handle's arrow keys or the move buttons; remove. After a skip, how each track moved shows.
 */
export function UpNextScreen(): JSX.Element {
  const ui = useUi();
  const [player, state] = usePlayer();
  const [, notes] = useQueueNotes();
  const current = state.queue[state.index];
  const upcoming = state.queue.slice(state.index + 1);

  const { list, move, onHandleKey, startDrag, drop, announcement, announce } = useReorder(
    upcoming,
    (from, to) => player.setUpcoming(moved(upcoming, from, to)),
  );
  const remove = (index: number): void => {
    const track = upcoming[index];
    player.setUpcoming(upcoming.filter((_, i) => i !== index));
    announce(`Removed “${track?.title ?? ''}” from Up next.`);
  };

  const summary = rerankSummary(notes);
  return (
    <section className="screen queue-screen" aria-labelledby="queue-title">
      <div className="screen-head">
        <h2 id="queue-title">Up next</h2>
      </div>
      {current === undefined ? (
        <Notice kind="empty" title="Nothing is playing.">
          Double-click a track in the Library, or open its menu (right-click, or Shift+F10) and
          choose Start radio: what follows appears here with the reason for each track.
        </Notice>
      ) : (
        <div className="screen-body">
          <div className="now-card">
            <span className="eyebrow">Now playing</span>
            <strong>{current.title}</strong>
            <span className="muted">
              {[current.artist, current.album].filter(Boolean).join(' — ')}
            </span>
            <span className="why">{notes.notes.get(current.id)?.why ?? 'you chose it'}</span>
          </div>
          <p className="rerank-note" role="status">
            {summary ?? ''}
          </p>
          {upcoming.length === 0 ? (
            <Notice kind="empty" title="Nothing after this track.">
              Start a radio from any track to keep the music going.
            </Notice>
          ) : (
            <ol ref={list} className="queue-list" aria-label="Up next">
              {upcoming.map((track, i) => (
                <QueueItem
                  key={track.id}
                  track={track}
                  index={i}
                  last={i === upcoming.length - 1}
                  why={notes.notes.get(track.id)?.why ?? 'next in the list you played'}
                  moves={notes.moves.get(track.id) ?? 0}
                  onMove={move}
                  onRemove={remove}
                  onHandleKey={onHandleKey}
                  onDetails={() => ui.showTrack(track.id)}
                  onDragStart={() => startDrag(i)}
                  onDrop={(event) => drop(event, i)}
                />
              ))}
            </ol>
          )}
          {notes.dropped.length > 0 && (
            <p className="muted">Left out after the skip: {notes.dropped.join(', ')}.</p>
          )}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

function QueueItem(
  props: Readonly<{
    track: TrackRow;
    index: number;
    last: boolean;
    why: string;
    moves: number;
    onMove: (from: number, to: number, refocus?: boolean) => void;
    onRemove: (index: number) => void;
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
      <button type="button" className="queue-track link-like" onClick={props.onDetails}>
        <strong>{track.title}</strong>
        <span className="muted">{[track.artist, track.album].filter(Boolean).join(' — ')}</span>
      </button>
      <span className="why">{props.why}</span>
      <span className="move-badge">
        <span aria-hidden="true">
          {change === null ? '' : moves > 0 ? `↑${moves}` : `↓${-moves}`}
        </span>
        {change !== null && <span className="visually-hidden">moved {change}</span>}
      </span>
      <span className="item-actions">
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
