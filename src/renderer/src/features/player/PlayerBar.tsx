import type { JSX } from 'react';
import { Icon } from '../../app/icons';
import { Artwork, artworkOf } from '../artwork/Artwork';
import { ArtistAlbum, isInferred, TagText } from '../common/components/TagText';
import { FeedbackButtons } from '../feedback/FeedbackButtons';
import { formatDuration } from '../../lib/format';
import type { RepeatMode } from './queue-model';
import { usePlayer } from './use-player';
import { VolumeControl } from './VolumeControl';

const NEXT_REPEAT: Readonly<Record<RepeatMode, RepeatMode>> = {
  off: 'all',
  all: 'one',
  one: 'off',
};
const REPEAT_LABEL: Readonly<Record<RepeatMode, string>> = {
  off: 'Repeat: off',
  all: 'Repeat: all',
  one: 'Repeat: this track',
};

/**
 * Now playing, the transport (shuffle, previous, play/pause, next, repeat, stop), the seek bar,
 * stop after this track, and the volume.
 */
export function PlayerBar(): JSX.Element {
  const [player, state] = usePlayer();
  const entry = state.queue[state.index];
  const track = entry?.track;
  const idle = track === undefined;
  const seekable = !idle && state.duration > 0;
  return (
    <footer className="player-bar" aria-label="Player">
      <div className="now-playing" aria-live="polite">
        {idle ? (
          <span className="muted">Nothing playing</span>
        ) : (
          <>
            <Artwork trackId={artworkOf(track)} size={64} className="now-art" />
            <div className="now-text">
              <strong data-testid="now-playing-title">
                {isInferred(track, 'title') ? (
                  <TagText value={track.title} inferred />
                ) : (
                  track.title
                )}
              </strong>
              <ArtistAlbum row={track} className="muted" />
            </div>
            <FeedbackButtons track={track} />
          </>
        )}
      </div>
      <div className="transport">
        <div className="controls">
          <button
            type="button"
            className="icon-button"
            aria-label="Shuffle"
            aria-pressed={state.shuffled}
            disabled={idle}
            onClick={() => player.toggleShuffle()}
          >
            <Icon name="shuffle" />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => player.previous()}
            disabled={idle}
            aria-label="Previous"
          >
            <Icon name="previous" />
          </button>
          <button
            type="button"
            className="icon-button play-button"
            onClick={() => player.toggle()}
            disabled={idle}
            aria-label={state.playing ? 'Pause' : 'Play'}
          >
            <Icon name={state.playing ? 'pause' : 'play'} />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => player.next()}
            disabled={idle}
            aria-label="Next"
          >
            <Icon name="next" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={REPEAT_LABEL[state.repeat]}
            aria-pressed={state.repeat !== 'off'}
            onClick={() => player.setRepeat(NEXT_REPEAT[state.repeat])}
          >
            <Icon name={state.repeat === 'one' ? 'repeatOne' : 'repeat'} />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => player.stop()}
            disabled={idle}
            aria-label="Stop"
          >
            <Icon name="stop" />
          </button>
        </div>
        <div className="seek">
          <span className="time">{formatDuration(state.position)}</span>
          <input
            type="range"
            aria-label="Position"
            min={0}
            max={Math.max(1, Math.floor(state.duration))}
            step={1}
            value={Math.min(Math.floor(state.position), Math.floor(state.duration))}
            aria-valuetext={`${formatDuration(state.position)} of ${formatDuration(state.duration)}`}
            disabled={!seekable}
            onChange={(event) => player.seek(Number(event.target.value))}
          />
          <span className="time" data-testid="track-duration">
            {state.loading && state.duration === 0 ? '…' : formatDuration(state.duration)}
          </span>
        </div>
      </div>
      <div className="player-extras">
        <button
          type="button"
          className="icon-button"
          aria-label="Stop after this track"
          aria-pressed={state.stopAfterCurrent}
          disabled={idle}
          onClick={() => player.setStopAfterCurrent(!state.stopAfterCurrent)}
        >
          <Icon name="stopAfter" />
        </button>
        <VolumeControl />
      </div>
      {state.error !== null && (
        <p className="player-error" role="alert">
          {state.error}
        </p>
      )}
    </footer>
  );
}
