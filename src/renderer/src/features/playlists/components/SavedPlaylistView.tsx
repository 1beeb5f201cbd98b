import { useState, type JSX } from 'react';
import type { PlaylistView } from '../../../../../shared/api-contract-ui';
import { useApi } from '../../../lib/api';
import { downloadText } from '../../../lib/download';
import { formatDuration } from '../../../lib/format';
import { Modal } from '../../common/components/Modal';
import { Notice } from '../../common/components/Notice';
import { PromptDialog } from '../../common/components/PromptDialog';
import { messageOf } from '../../common/errors';
import { useAsync } from '../../common/hooks/use-async';
import { moved } from '../../common/moved';
import { useUi } from '../../screens/hooks/use-ui';
import { usePlayList } from '../hooks/use-play-list';
import { TrackList } from './TrackList';

type Dialog = 'rename' | 'delete' | null;

/** A saved playlist: play, rename, export as M3U8, delete, reorder and remove tracks. */
export function SavedPlaylistView(
  props: Readonly<{ name: string; onChanged: (name: string | null) => void }>,
): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const { playSaved } = usePlayList();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<string | null>(null);
  const loaded = useAsync(() => api.playlists.getPlaylist({ name: props.name }), [api, props.name]);
  const [edited, setEdited] = useState<PlaylistView | null>(null);
  const playlist = edited?.name === props.name ? edited : loaded.value;

  if (loaded.error !== null && playlist === undefined) {
    return (
      <Notice kind="error" title={`“${props.name}” could not be opened.`}>
        {loaded.error}
      </Notice>
    );
  }
  if (playlist === undefined) return <Notice kind="loading" title="Opening the playlist…" />;

  const saveOrder = async (tracks: PlaylistView['tracks']): Promise<void> => {
    const previous = playlist;
    setEdited({ ...playlist, tracks, count: tracks.length });
    try {
      await api.playlists.savePlaylist({
        name: playlist.name,
        kind: playlist.kind,
        trackIds: tracks.map((t) => t.id),
      });
      setError(null);
    } catch (caught) {
      setEdited(previous);
      setError(`The change was not saved: ${messageOf(caught)}`);
    }
  };

  return (
    <div className="list-detail">
      <div className="list-head">
        <div>
          <h3>{playlist.name}</h3>
          <p className="muted">
            {playlist.kind} · {playlist.count} tracks · {formatDuration(playlist.durationSec)}
          </p>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={playlist.count === 0}
            onClick={() => playSaved(playlist.name, playlist.tracks, 0)}
          >
            Play
          </button>
          <button type="button" onClick={() => setDialog('rename')}>
            Rename
          </button>
          <button
            type="button"
            onClick={() => {
              api.playlists
                .exportM3u({ name: playlist.name })
                .then((done) => {
                  downloadText(done.fileName, done.text);
                  ui.notify(`Exported ${done.tracks} tracks as ${done.fileName}.`);
                })
                .catch((caught: unknown) => setError(messageOf(caught)));
            }}
          >
            Export M3U8
          </button>
          <button type="button" className="danger" onClick={() => setDialog('delete')}>
            Delete
          </button>
        </div>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {playlist.count === 0 ? (
        <Notice kind="empty" title="This playlist is empty.">
          Add tracks from the Library: open a track’s menu and choose Add to playlist.
        </Notice>
      ) : (
        <TrackList
          label={`Tracks of ${playlist.name}`}
          tracks={playlist.tracks}
          onPlayFrom={(i) => playSaved(playlist.name, playlist.tracks, i)}
          onDetails={ui.showTrack}
          onMove={(from, to) => void saveOrder(moved(playlist.tracks, from, to))}
          onRemove={(index) => void saveOrder(playlist.tracks.filter((_, i) => i !== index))}
        />
      )}
      {dialog === 'rename' && (
        <PromptDialog
          title={`Rename “${playlist.name}”`}
          label="New name"
          initial={playlist.name}
          submitLabel="Rename"
          onClose={() => setDialog(null)}
          onSubmit={async (newName) => {
            const renamed = await api.playlists.renamePlaylist({ name: playlist.name, newName });
            ui.notify(`Renamed to “${renamed.name}”.`);
            props.onChanged(renamed.name);
          }}
        />
      )}
      {dialog === 'delete' && (
        <Modal title={`Delete “${playlist.name}”?`} onClose={() => setDialog(null)}>
          <p>The playlist goes; its tracks stay in your library and on disk.</p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setDialog(null)}>
              Keep it
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setDialog(null);
                api.playlists
                  .deletePlaylist({ name: playlist.name })
                  .then(() => {
                    ui.notify(`Deleted “${playlist.name}”.`);
                    props.onChanged(null);
                  })
                  .catch((caught: unknown) => setError(messageOf(caught)));
              }}
            >
              Delete
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
