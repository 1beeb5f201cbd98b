import type { JSX } from 'react';
import type { AlbumSummary } from '../../../../shared/api-contract-player';
import { useApi } from '../../lib/api';
import { formatDuration } from '../../lib/format';
import { Artwork } from '../artwork/Artwork';
import { Notice } from '../common/components/Notice';
import { INFERRED_HINT } from '../common/components/TagText';
import { useAsync } from '../common/hooks/use-async';
import { TrackList } from '../playlists/components/TrackList';
import { useUi } from '../screens/hooks/use-ui';
import { albumByline } from './AlbumsView';
import { useAlbumPlayer } from './use-album-player';

/** An album's page: its cover large, what it is, Play / Play next / Add to queue, its tracks. */
export function AlbumDetail(
  props: Readonly<{ album: AlbumSummary; onBack: () => void }>,
): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const { album } = props;
  const player = useAlbumPlayer();
  const tracks = useAsync(
    () => api.library.getAlbum({ id: album.id }),
    [api, album.id, ui.revision],
  );
  const rows = tracks.value ?? [];
  const length = rows.reduce((sum, row) => sum + (row.durationSec ?? 0), 0);
  return (
    <div className="album-page">
      <button type="button" className="link-like" onClick={props.onBack}>
        ← All albums
      </button>
      <div className="album-header">
        <Artwork trackId={album.artworkTrackId} size={512} />
        <div>
          <h3
            className={album.inferred ? 'inferred' : undefined}
            title={album.inferred ? INFERRED_HINT : undefined}
          >
            {album.name}
          </h3>
          <p className="muted">
            {albumByline(album)} · {rows.length || album.tracks}{' '}
            {(rows.length || album.tracks) === 1 ? 'track' : 'tracks'} ·{' '}
            {formatDuration(length || album.durationSec)}
          </p>
          <div className="album-actions">
            <button
              type="button"
              className="primary"
              disabled={rows.length === 0}
              onClick={() => player.play(album, rows)}
            >
              Play
            </button>
            <button
              type="button"
              disabled={rows.length === 0}
              onClick={() => player.playNext(rows)}
            >
              Play next
            </button>
            <button
              type="button"
              disabled={rows.length === 0}
              onClick={() => player.addToQueue(rows)}
            >
              Add to queue
            </button>
          </div>
        </div>
      </div>
      {tracks.error !== null && (
        <Notice kind="error" title="The album’s tracks could not be read.">
          {tracks.error}
        </Notice>
      )}
      {player.error !== null && <p className="error">{player.error}</p>}
      <TrackList
        label={`Tracks of ${album.name}`}
        tracks={rows}
        onPlayFrom={(index) => player.play(album, rows, index)}
        onDetails={(id) => ui.showTrack(id)}
      />
    </div>
  );
}
