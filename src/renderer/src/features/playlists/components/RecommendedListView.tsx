import { useState, type JSX } from 'react';
import type { RecommendedRow } from '../../../../../shared/api-contract-ui';
import type { EventSource } from '../../../../../shared/events';
import { useApi } from '../../../lib/api';
import { PromptDialog } from '../../common/components/PromptDialog';
import { useUi } from '../../screens/hooks/use-ui';
import { usePlayList } from '../hooks/use-play-list';
import { saveNewPlaylist } from '../save-playlist';
import { TrackList } from './TrackList';

/** A list the recommender made (a mix, a radio, a path): play it or save it as a playlist. */
export function RecommendedListView(
  props: Readonly<{
    title: string;
    subtitle: string;
    kind: 'radio' | 'path' | 'mix' | 'manual';
    source: EventSource;
    tracks: readonly RecommendedRow[];
    onSaved: (name: string) => void;
  }>,
): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const { playRecommended } = usePlayList();
  const [saving, setSaving] = useState(false);
  const { tracks } = props;
  return (
    <div className="list-detail">
      <div className="list-head">
        <div>
          <h3>{props.title}</h3>
          <p className="muted">{props.subtitle}</p>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={tracks.length === 0}
            onClick={() => playRecommended(props.source, tracks, 0)}
          >
            Play
          </button>
          <button type="button" disabled={tracks.length === 0} onClick={() => setSaving(true)}>
            Save as playlist
          </button>
        </div>
      </div>
      <TrackList
        label={`Tracks of ${props.title}`}
        tracks={tracks}
        onPlayFrom={(i) => playRecommended(props.source, tracks, i)}
        onDetails={ui.showTrack}
      />
      {saving && (
        <PromptDialog
          title={`Save “${props.title}”`}
          label="Playlist name"
          initial={props.title.slice(0, 200)}
          submitLabel="Save"
          onClose={() => setSaving(false)}
          onSubmit={async (name) => {
            await saveNewPlaylist(
              api,
              name,
              props.kind,
              tracks.map((t) => t.id),
            );
            ui.notify(`Saved “${name}”.`);
            props.onSaved(name);
          }}
        />
      )}
    </div>
  );
}
