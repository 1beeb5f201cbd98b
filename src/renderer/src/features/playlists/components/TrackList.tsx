import type { JSX } from 'react';
import { formatDuration } from '../../../lib/format';
import type { TrackTags } from '../../queue/queue-actions';

/** A track of a list, with why it is there when the recommender made it. */
export type ListTrack = TrackTags & Readonly<{ why?: string }>;

/**
 * The tracks of a playlist, mix or generated list. With `onMove` and `onRemove` (a saved
 * playlist) each row can be moved up, down or removed.
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
  return (
    <ol className="list-tracks" aria-label={props.label}>
      {tracks.map((track, i) => (
        <li key={`${track.id}-${i}`} className="list-track">
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
            <strong>{track.title}</strong>
            <span className="muted">{[track.artist, track.album].filter(Boolean).join(' — ')}</span>
          </button>
          {track.why !== undefined ? (
            <span className="why">{track.why}</span>
          ) : (
            <span className="numeric muted">{formatDuration(track.durationSec ?? null)}</span>
          )}
          {onMove !== undefined && onRemove !== undefined && (
            <span className="item-actions">
              <button
                type="button"
                aria-label={`Move ${track.title} up`}
                disabled={i === 0}
                onClick={() => onMove(i, i - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${track.title} down`}
                disabled={i === tracks.length - 1}
                onClick={() => onMove(i, i + 1)}
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
  );
}
