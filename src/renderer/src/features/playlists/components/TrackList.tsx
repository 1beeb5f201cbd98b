import { useState, type JSX } from 'react';
import { formatDuration } from '../../../lib/format';
import { useReorder } from '../../common/hooks/use-reorder';
import { Artwork, artworkOf } from '../../artwork/Artwork';
import { ArtistAlbum, isInferred, TagText } from '../../common/components/TagText';
import { rowOf, type TrackTags } from '../../queue/queue-actions';

/** A track of a list, with why it is there when the recommender made it. */
export type ListTrack = TrackTags & Readonly<{ why?: string }>;

/**
 * The tracks of a playlist, mix or generated list. With `onMove` and `onRemove` (a saved
 * playlist) each row can be dragged to a new place, moved by its handle's ↑/↓ keys or its
 * buttons, or removed.
 */
export function TrackList(
  props: Readonly<{
    label: string;
    tracks: readonly ListTrack[];
    onPlayFrom: (index: number) => void;
    onDetails: (id: string) => void;
    onMove?: (from: number, to: number) => void;
    onRemove?: (index: number) => void;
  }>,
): JSX.Element {
  const { tracks, onMove, onRemove } = props;
  const editable = onMove !== undefined && onRemove !== undefined;
  const [over, setOver] = useState<number | null>(null);
  const { list, move, onHandleKey, startDrag, dragging, drop, endDrag, announcement } = useReorder(
    tracks,
    (from, to) => onMove?.(from, to),
  );

  return (
    <>
      <ol ref={list} className="list-tracks" aria-label={props.label}>
        {tracks.map((track, i) => (
          <li
            key={`${track.id}-${i}`}
            className={`list-track${editable ? ' editable' : ''}${over === i ? ' drop-target' : ''}`}
            draggable={editable}
            onDragStart={(event) => {
              if (!editable) return;
              event.dataTransfer.effectAllowed = 'move';
              // Firefox starts a drag only when some data is set.
              event.dataTransfer.setData('text/plain', track.title);
              startDrag(i);
            }}
            onDragOver={(event) => {
              if (!dragging()) return;
              event.preventDefault();
              if (over !== i) setOver(i);
            }}
            onDragEnd={() => {
              endDrag();
              setOver(null);
            }}
            onDrop={(event) => {
              drop(event, i);
              setOver(null);
            }}
          >
            {editable && (
              <button
                type="button"
                className="drag-handle"
                aria-label={`Reorder ${track.title}: drag, or arrow keys move it`}
                onKeyDown={(event) => onHandleKey(event, i)}
              >
                ⠿
              </button>
            )}
            <button
              type="button"
              className="row-play"
              aria-label={`Play from ${track.title}`}
              onClick={() => props.onPlayFrom(i)}
            >
              ▶
            </button>
            <button
              type="button"
              className="link-like list-track-main"
              onClick={() => props.onDetails(track.id)}
            >
              <Artwork trackId={artworkOf(rowOf(track))} size={64} className="list-art" />
              <span className="list-track-text">
                <strong>
                  {isInferred(track, 'title') ? (
                    <TagText value={track.title} inferred />
                  ) : (
                    track.title
                  )}
                </strong>
                <ArtistAlbum row={track} className="muted" />
              </span>
            </button>
            {track.why !== undefined ? (
              <span className="why">{track.why}</span>
            ) : (
              <span className="numeric muted">{formatDuration(track.durationSec ?? null)}</span>
            )}
            {editable && (
              <span className="item-actions">
                <button
                  type="button"
                  aria-label={`Move ${track.title} up`}
                  disabled={i === 0}
                  onClick={() => move(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move ${track.title} down`}
                  disabled={i === tracks.length - 1}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${track.title} from the playlist`}
                  onClick={() => onRemove(i)}
                >
                  ✕
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {editable && (
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      )}
    </>
  );
}
