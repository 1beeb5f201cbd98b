import type { JSX } from 'react';
import { Icon } from '../../app/icons';
import { usePlayer } from './use-player';

/** Mute and the volume slider (also M, + and − from anywhere outside a field). */
export function VolumeControl(): JSX.Element {
  const [player, state] = usePlayer();
  const percent = Math.round(state.volume * 100);
  return (
    <div className="volume">
      <button
        type="button"
        className="icon-button"
        aria-label="Mute"
        aria-pressed={state.muted}
        aria-keyshortcuts="M"
        onClick={() => player.toggleMute()}
      >
        <Icon name={state.muted || state.volume === 0 ? 'muted' : 'volume'} />
      </button>
      <input
        type="range"
        aria-label="Volume"
        min={0}
        max={100}
        step={1}
        value={state.muted ? 0 : percent}
        aria-valuetext={state.muted ? `muted (${percent} %)` : `${percent} %`}
        onChange={(event) => player.setVolume(Number(event.target.value) / 100)}
      />
    </div>
  );
}
