import type { JSX } from 'react';
import { Icon } from '../../app/icons';
import { formatDuration } from '../../lib/format';
import { usePlayer } from './use-player';

/** Now playing, with play/pause, previous, next, stop and a seek slider. */
export function PlayerBar(): JSX.Element {
  const [player, state] = usePlayer();
  const track = state.queue[state.index];
  const idle = track === undefined;
  return (
    <footer className="player-bar" aria-label="Player">
      <div className="now-playing" aria-live="polite">
        {idle ? (
          <span className="muted">Nothing playing</span>
        ) : (
          <>
            <strong data-testid="now-playing-title">{track.title}</strong>
            <span className="muted">{[track.artist, track.album].filter(Boolean).join(' — ')}</span>
          </>
        )}
      </div>
      <div className="controls">
        <button
          type="button"
          onClick={() => player.previous()}
          disabled={idle}
          aria-label="Previous"
        >
          <Icon name="previous" />
        </button>
        <button
          type="button"
          onClick={() => player.toggle()}
          disabled={idle}
          aria-label={state.playing ? 'Pause' : 'Play'}
        >
          <Icon name={state.playing ? 'pause' : 'play'} />
        </button>
        <button type="button" onClick={() => player.next()} disabled={idle} aria-label="Next">
          <Icon name="next" />
        </button>
        <button type="button" onClick={() => player.stop()} disabled={idle} aria-label="Stop">
          <Icon name="stop" />
        </button>
      </div>
      <div className="seek">
        <span className="time">{formatDuration(state.position)}</span>
        <input
          type="range"
          aria-label="Position"
          min={0}
          max={Math.max(1, state.duration)}
          step={1}
          value={Math.min(state.position, state.duration)}
          disabled={idle}
          onChange={(event) => player.seek(Number(event.target.value))}
        />
        <span className="time">{formatDuration(state.duration)}</span>
      </div>
      {state.error !== null && (
        <p className="player-error" role="alert">
          {state.error}
        </p>
      )}
    </footer>
  );
}
