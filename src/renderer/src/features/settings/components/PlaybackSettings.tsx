import { useEffect, useState, type JSX } from 'react';
import { MAX_CROSSFADE_SEC, type AppSettings } from '../../../../../shared/api-contract-ui';
import { messageOf } from '../../common/errors';
import { usePlayer } from '../../player/use-player';
import { useNotify } from '../../screens/hooks/use-notify';
import { useSettings } from '../settings-store';

const LEVELLING: ReadonlyArray<readonly [AppSettings['normalisation'], string]> = [
  ['off', 'Off: each file as it was mastered'],
  ['track', 'Per track: every track as loud as the next'],
  ['album', 'Per album: albums level, their quiet and loud tracks kept'],
];

type Output = Readonly<{ deviceId: string; label: string }>;

/** The output devices the browser names (labels need the page to have been granted audio). */
async function outputDevices(): Promise<Output[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices
    .filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default' && d.deviceId !== '')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Output ${i + 1}` }));
}

/** Crossfade, loudness levelling and the output device. */
export function PlaybackSettings(): JSX.Element {
  const [store, settings] = useSettings();
  const [player] = usePlayer();
  const notify = useNotify();
  const [fade, setFade] = useState<number | null>(null);
  const [devices, setDevices] = useState<readonly Output[]>([]);
  const device = player.device();
  const [deviceId, setDeviceId] = useState(device.deviceId);

  useEffect(() => {
    if (!device.choosable) return;
    let live = true;
    outputDevices()
      .then((found) => live && setDevices(found))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [device.choosable]);

  const save = (change: Partial<AppSettings>): void => {
    store.update(change).catch((error: unknown) => notify(`Not saved: ${messageOf(error)}`));
  };
  const crossfade = fade ?? settings?.crossfadeSec ?? 0;
  return (
    <section className="card" aria-labelledby="playback-title">
      <h3 id="playback-title">Playback</h3>
      <label className="slider">
        <span>Crossfade</span>
        <input
          type="range"
          min={0}
          max={MAX_CROSSFADE_SEC}
          step={1}
          aria-label="Crossfade"
          value={crossfade}
          aria-valuetext={crossfade === 0 ? 'off' : `${crossfade} seconds`}
          disabled={settings === null}
          onChange={(event) => setFade(Number(event.target.value))}
          onPointerUp={() => fade !== null && save({ crossfadeSec: fade })}
          onKeyUp={() => fade !== null && save({ crossfadeSec: fade })}
        />
        <output className="slider-value">{crossfade === 0 ? 'Off' : `${crossfade} s`}</output>
      </label>
      <p className="muted">
        One track fades into the next. Never between consecutive tracks of an album: those follow
        each other without a gap, as the album was made.
      </p>
      <fieldset className="choices">
        <legend>Loudness levelling</legend>
        {LEVELLING.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="normalisation"
              value={value}
              checked={settings?.normalisation === value}
              disabled={settings === null}
              onChange={() => save({ normalisation: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <p className="muted">
        From the files’ ReplayGain tags, or the loudness Deepcut measured when it analysed them;
        never louder than keeps a track from clipping.
      </p>
      <label className="field">
        <span>Output device</span>
        {device.choosable ? (
          <select
            value={deviceId}
            onChange={(event) => {
              const id = event.target.value;
              player
                .setDevice(id)
                .then(() => setDeviceId(id))
                .catch((error: unknown) => notify(`Could not switch: ${messageOf(error)}`));
            }}
          >
            <option value="">The system’s default</option>
            {devices.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        ) : (
          <span className="muted">
            This browser plays through the system’s default output; choose the device there.
          </span>
        )}
      </label>
    </section>
  );
}
