import { useMemo, useState, type JSX, type ReactNode } from 'react';
import type { MapPoint } from '../../../../../shared/api-contract-ui';
import { useApi } from '../../../lib/api';
import { formatCount } from '../../../lib/format';
import { Notice } from '../../common/components/Notice';
import { PromptDialog } from '../../common/components/PromptDialog';
import { useAsync } from '../../common/hooks/use-async';
import { usePlayer } from '../../player/use-player';
import { rowOf } from '../../queue/queue-actions';
import { useQueueNotes } from '../../queue/queue-notes';
import { useUi } from '../../screens/hooks/use-ui';
import { colourBy, COLOUR_KEYS, nearestMix, type ColourKey } from '../map-colours';
import { MapCanvas } from './MapCanvas';

/** Tracks per mix asked for when colouring by mix (the rest go to the nearest mix's centre). */
const MIX_LENGTH = 200;
/** Most tracks a selection plays at once. */
const PLAY_LIMIT = 500;

const COLOUR_LABELS: Readonly<Record<ColourKey, string>> = {
  artist: 'Artist',
  album: 'Album',
  genre: 'Genre',
  mix: 'Mix',
};

/**
 * The discover map: every analysed track placed by how it sounds (a 2D projection of the audio
 * embeddings, made in the engine), coloured by a tag or by mix. Hover or arrow keys show a
 * track, a click or Enter plays it, a lasso selects tracks to play or save as a playlist.
 */
export function DiscoverScreen(): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  const [key, setKey] = useState<ColourKey>('artist');
  const [focused, setFocused] = useState(-1);
  const [selection, setSelection] = useState<ReadonlySet<number>>(new Set());
  const [saving, setSaving] = useState(false);
  const map = useAsync(() => api.discover.getMap({}), [api, ui.revision]);
  const mixes = useAsync(
    () => (key === 'mix' ? api.recommend.listMixes({ count: MIX_LENGTH }) : Promise.resolve(null)),
    [api, key === 'mix', ui.revision],
  );
  const points = useMemo(() => map.value?.points ?? [], [map.value]);

  const colouring = useMemo(() => {
    if (key !== 'mix') return colourBy(points, (p) => p[key]);
    const mixOf = nearestMix(points, mixes.value ?? []);
    return colourBy(points, (_, i) => mixOf[i] ?? null);
  }, [points, key, mixes.value]);

  const play = (list: readonly MapPoint[], why: string): void => {
    if (list.length === 0) return;
    notes.replace(new Map(list.map((p) => [p.id, { why, score: null }])), null, false);
    player.playQueue(list.slice(0, PLAY_LIMIT).map(rowOf), 0, { kind: 'library' });
  };
  const selected = [...selection].flatMap((i) => points[i] ?? []);
  const focusedPoint = points[focused];

  if (map.error !== null && map.value === undefined) {
    return (
      <Screen>
        <Notice kind="error" title="The map could not be made.">
          {map.error}
        </Notice>
      </Screen>
    );
  }
  if (map.value === undefined) {
    return (
      <Screen>
        <Notice kind="loading" title="Drawing the map of your library…">
          The first time after a scan this takes a few seconds (longer for large libraries); then it
          is cached.
        </Notice>
      </Screen>
    );
  }
  if (points.length === 0) {
    return (
      <Screen>
        <Notice kind="empty" title="No analysed tracks to map yet.">
          Add a music folder in Settings; tracks appear here once the scan has listened to them.
        </Notice>
      </Screen>
    );
  }

  return (
    <Screen
      toolbar={
        <>
          <label className="field-inline">
            <span>Colour by</span>
            <select value={key} onChange={(event) => setKey(event.target.value as ColourKey)}>
              {COLOUR_KEYS.map((k) => (
                <option key={k} value={k}>
                  {COLOUR_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">{formatCount(points.length)} tracks</span>
        </>
      }
    >
      <div className="discover-layout">
        <MapCanvas
          points={points}
          colours={colouring.colours}
          selected={selection}
          focused={focused}
          onFocus={setFocused}
          onPlay={(i) => points[i] !== undefined && play([points[i]], 'you picked it on the map')}
          onSelect={(indices) => setSelection(new Set(indices))}
        />
        <div className="map-side">
          <div className="map-info" aria-live="polite">
            {focusedPoint === undefined ? (
              <p className="muted">
                Point at a dot to see the track; click to play it; drag around dots to select them.
              </p>
            ) : (
              <>
                <strong>{focusedPoint.title}</strong>
                <span className="muted">
                  {[focusedPoint.artist, focusedPoint.album, focusedPoint.genre]
                    .filter(Boolean)
                    .join(' — ')}
                </span>
                <button
                  type="button"
                  className="link-like"
                  onClick={() => ui.showTrack(focusedPoint.id)}
                >
                  Details
                </button>
              </>
            )}
          </div>
          {selected.length > 0 && (
            <div className="map-selection" role="group" aria-label="Selection">
              <p>{formatCount(selected.length)} tracks selected</p>
              <div className="toolbar">
                <button
                  type="button"
                  className="primary"
                  onClick={() => play(selected, 'in your selection on the map')}
                >
                  Play
                </button>
                <button type="button" onClick={() => setSaving(true)}>
                  Save as playlist…
                </button>
                <button type="button" onClick={() => setSelection(new Set())}>
                  Clear
                </button>
              </div>
            </div>
          )}
          <ul className="legend" aria-label={`Colours by ${COLOUR_LABELS[key].toLowerCase()}`}>
            {key === 'mix' && mixes.loading && <li className="muted">Finding the mixes…</li>}
            {key === 'mix' && mixes.error !== null && (
              <li className="error">The mixes could not be made: {mixes.error}</li>
            )}
            {colouring.legend.map((entry) => (
              <li key={entry.label}>
                <span className="swatch" style={{ background: entry.colour }} aria-hidden="true" />
                {entry.label} <span className="muted">{formatCount(entry.count)}</span>
              </li>
            ))}
          </ul>
          {key === 'mix' && (mixes.value?.length ?? 0) > 0 && (
            <p className="muted legend-note">
              Tracks outside a mix’s playlist take the colour of the mix nearest them on the map.
            </p>
          )}
        </div>
      </div>
      {saving && (
        <PromptDialog
          title="Save the selection as a playlist"
          label="Playlist name"
          submitLabel="Save"
          onClose={() => setSaving(false)}
          onSubmit={async (name) => {
            const saved = await api.playlists.savePlaylist({
              name,
              kind: 'manual',
              trackIds: selected.slice(0, 10_000).map((p) => p.id),
            });
            ui.notify(`Saved “${saved.name}” with ${saved.count} tracks.`);
          }}
        />
      )}
    </Screen>
  );
}

function Screen(props: Readonly<{ toolbar?: JSX.Element; children: ReactNode }>): JSX.Element {
  return (
    <section className="screen discover-screen" aria-labelledby="discover-title">
      <div className="screen-head">
        <h2 id="discover-title">Discover</h2>
        {props.toolbar !== undefined && <div className="toolbar">{props.toolbar}</div>}
      </div>
      {props.children}
    </section>
  );
}
