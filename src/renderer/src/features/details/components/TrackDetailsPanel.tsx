import { useEffect, useRef, useState, type JSX } from 'react';
import type { HistoryEntry, TrackInfo } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { formatDuration } from '../../../lib/format';
import { Notice } from '../../common/components/Notice';
import { useAsync } from '../../common/hooks/use-async';
import { useTrackActions } from '../../library/hooks/use-track-actions';
import { usePlayer } from '../../player/use-player';
import { AddToPlaylistDialog } from '../../playlists/components/AddToPlaylistDialog';
import { rowOf } from '../../queue/queue-actions';
import { useQueueNotes } from '../../queue/queue-notes';
import { useUi } from '../../screens/hooks/use-ui';
import { Spectrogram } from './Spectrogram';

const NEIGHBOURS = 12;

function tagsOf(track: TrackInfo): [string, string][] {
  const size = `${(track.sizeBytes / 1_048_576).toFixed(1)} MB`;
  const rows: [string, string | number | null][] = [
    ['Artist', track.artist],
    ['Album', track.album],
    ['Album artist', track.albumArtist],
    [
      'Track',
      track.trackNo === null
        ? null
        : `${track.trackNo}${track.discNo === null ? '' : ` (disc ${track.discNo})`}`,
    ],
    ['Year', track.year],
    ['Genre', track.genre],
    ['Length', formatDuration(track.durationSec)],
    ['File', track.path],
    ['Size', size],
    [
      'Analysis',
      track.status === 'analysed'
        ? `analysed (${track.modelVersion ?? 'no model'})`
        : `failed: ${track.error ?? 'unknown reason'}`,
    ],
  ];
  return rows
    .filter((r): r is [string, string | number] => r[1] !== null && r[1] !== '')
    .map(([k, v]) => [k, String(v)]);
}

const SIGNAL_LABELS = {
  play: 'played',
  skip: 'skipped',
  partial: 'partly heard',
  neutral: 'stopped early',
} as const;

function historyLine(entry: HistoryEntry): string {
  const { event } = entry;
  const when = new Date(event.startedAt).toLocaleString();
  return `${when} · heard ${formatDuration(event.msPlayed / 1000)} of ${formatDuration(event.durationMs / 1000)} · ${SIGNAL_LABELS[entry.signal]}`;
}

/**
 * Everything about one track: its mel spectrogram with axes, tags, nearest neighbours by sound
 * with their similarity, and its play and skip history. Escape or the close button closes it.
 */
export function TrackDetailsPanel(
  props: Readonly<{ id: string; onClose: () => void }>,
): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  const actions = useTrackActions();
  const [adding, setAdding] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const details = useAsync(
    () => api.library.getTrackDetails({ id: props.id, neighbours: NEIGHBOURS }),
    [api, props.id, ui.revision],
  );
  const value = details.value?.track.id === props.id ? details.value : undefined;

  const loaded = value !== undefined;
  useEffect(() => heading.current?.focus(), [props.id, loaded]);

  const play = (): void => {
    if (value === undefined) return;
    notes.replace(new Map(), null, false);
    player.playQueue([rowOf(value.track)], 0, { kind: 'library' });
  };
  const plays = value?.history.filter((h) => h.signal === 'play').length ?? 0;
  const skips = value?.history.filter((h) => h.signal === 'skip').length ?? 0;

  return (
    <aside
      className="details-panel"
      aria-labelledby="details-title"
      onKeyDown={(event) => event.key === 'Escape' && !event.defaultPrevented && props.onClose()}
    >
      <div className="details-head">
        <h2 id="details-title" ref={heading} tabIndex={-1}>
          {value?.track.title ?? 'Track details'}
        </h2>
        <button type="button" aria-label="Close the track details" onClick={props.onClose}>
          ✕
        </button>
      </div>
      {details.error !== null && value === undefined && (
        <Notice kind="error" title="The track could not be read.">
          {details.error}
        </Notice>
      )}
      {value === undefined && details.error === null && (
        <Notice kind="loading" title="Reading the track…" />
      )}
      {value !== undefined && (
        <div className="details-body">
          <p className="muted">
            {[value.track.artist, value.track.album].filter(Boolean).join(' — ')}
          </p>
          <div className="toolbar">
            <button type="button" className="primary" onClick={play}>
              Play
            </button>
            <button
              type="button"
              disabled={value.track.status !== 'analysed'}
              onClick={() => void actions.startRadio(value.track)}
            >
              Start radio
            </button>
            <button type="button" onClick={() => setAdding(true)}>
              Add to playlist…
            </button>
          </div>
          {value.thumbnail === null ? (
            <p className="muted">No spectrogram: this track was not analysed.</p>
          ) : (
            <Spectrogram
              thumbnail={value.thumbnail}
              durationSec={value.track.durationSec}
              title={value.track.title}
            />
          )}
          <h3>Tags</h3>
          <dl className="tags">
            {tagsOf(value.track).map(([key, text]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
          <h3>Sounds like</h3>
          {value.neighbours.length === 0 ? (
            <p className="muted">Nothing yet: similar tracks appear once the track is analysed.</p>
          ) : (
            <ol className="neighbours" aria-label={`Tracks that sound like ${value.track.title}`}>
              {value.neighbours.map((n) => (
                <li key={n.id}>
                  <button type="button" className="link-like" onClick={() => ui.showTrack(n.id)}>
                    {n.title}
                    <span className="muted"> {n.artist ?? ''}</span>
                  </button>
                  <meter
                    min={0}
                    max={1}
                    value={Math.max(0, n.score)}
                    aria-label={`similarity ${n.score.toFixed(2)}`}
                  />
                  <span className="numeric">{n.score.toFixed(2)}</span>
                </li>
              ))}
            </ol>
          )}
          <h3>History</h3>
          <p className="muted">
            {value.history.length === 0
              ? 'Never played here yet.'
              : `${plays} ${plays === 1 ? 'play' : 'plays'} · ${skips} ${skips === 1 ? 'skip' : 'skips'} · ${value.history.length} listens`}
          </p>
          <ul className="history">
            {value.history.map((h) => (
              <li key={`${h.event.startedAt}-${h.event.session}`} className={`signal-${h.signal}`}>
                {historyLine(h)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {adding && value !== undefined && (
        <AddToPlaylistDialog
          trackIds={[value.track.id]}
          what={`“${value.track.title}”`}
          onDone={ui.notify}
          onClose={() => setAdding(false)}
        />
      )}
      {actions.element}
    </aside>
  );
}
