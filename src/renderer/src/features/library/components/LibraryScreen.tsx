import { useCallback, useMemo, useState, type JSX } from 'react';
import type { TrackRow, TrackSortKey } from '../../../../../shared/api-types';
import { formatCount } from '../../../lib/format';
import { AlbumsView, type AlbumSort } from '../../albums/AlbumsView';
import { Notice } from '../../common/components/Notice';
import { usePlayer } from '../../player/use-player';
import { useQueueNotes } from '../../queue/queue-notes';
import { useUi } from '../../screens/hooks/use-ui';
import { useTrackActions } from '../hooks/use-track-actions';
import { useTrackGroups } from '../hooks/use-track-groups';
import { useTrackWindow, type TrackView } from '../hooks/use-track-window';
import { TrackGrid, type GroupKey } from './TrackGrid';

/** Tracks queued after the one played from the library (the rest of what is loaded in order). */
const QUEUE_AFTER = 200;

/**
 * The library: search as you type, sort by any column, group by album or artist (groups that
 * open and close), play, act.
 */
export function LibraryScreen(): JSX.Element {
  const ui = useUi();
  const [player, playerState] = usePlayer();
  const [notes] = useQueueNotes();
  const actions = useTrackActions();
  const [sort, setSort] = useState<TrackSortKey>('title');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [group, setGroup] = useState<GroupKey | null>(null);
  const [search, setSearch] = useState('');
  const [shape, setShape] = useState<'tracks' | 'albums'>('tracks');
  const [albumSort, setAlbumSort] = useState<AlbumSort>('album');
  const view: TrackView = useMemo(() => ({ sort, direction, search }), [sort, direction, search]);
  const tracks = useTrackWindow(view, ui.revision);
  const grouping = useTrackGroups(group, view, ui.revision);
  const playingId = playerState.queue[playerState.index]?.track.id;

  const sortBy = (key: TrackSortKey): void => {
    if (key === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDirection('asc');
      // Grouping is a sort by the group's column; another sort ends it.
      if (group !== null && key !== group) setGroup(null);
    }
  };
  const groupBy = (value: string): void => {
    const key = value === 'album' || value === 'artist' ? value : null;
    setGroup(key);
    if (key !== null) {
      setSort(key);
      setDirection('asc');
    }
  };

  const play = useCallback(
    (index: number) => {
      const queue: TrackRow[] = [];
      for (let i = index; i < index + QUEUE_AFTER; i++) {
        const row = tracks.rowAt(i);
        if (row === undefined) break;
        queue.push(row);
      }
      if (queue.length === 0) return;
      notes.replace(new Map(), null, false);
      player.playQueue(queue, 0, { kind: 'library' });
    },
    [tracks, notes, player],
  );

  const total = tracks.total;
  return (
    <section className="screen library-screen" aria-labelledby="library-title">
      <div className="screen-head">
        <h2 id="library-title">Library</h2>
        <div className="toolbar">
          <input
            type="search"
            className="search"
            aria-label="Search the library"
            placeholder="Search title, artist, album"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <div className="library-view-switch" role="group" aria-label="Show">
            <button
              type="button"
              aria-pressed={shape === 'tracks'}
              onClick={() => setShape('tracks')}
            >
              Tracks
            </button>
            <button
              type="button"
              aria-pressed={shape === 'albums'}
              onClick={() => setShape('albums')}
            >
              Albums
            </button>
          </div>
          {shape === 'tracks' ? (
            <label className="field-inline">
              <span>Group by</span>
              <select value={group ?? 'none'} onChange={(event) => groupBy(event.target.value)}>
                <option value="none">Nothing</option>
                <option value="album">Album</option>
                <option value="artist">Artist</option>
              </select>
            </label>
          ) : (
            <label className="field-inline">
              <span>Sort by</span>
              <select
                value={albumSort}
                onChange={(event) => setAlbumSort(event.target.value as AlbumSort)}
              >
                <option value="album">Album</option>
                <option value="artist">Artist</option>
                <option value="year">Year</option>
              </select>
            </label>
          )}
          <span className="muted count" role="status">
            {total === null
              ? 'Loading…'
              : `${formatCount(total)} ${total === 1 ? 'track' : 'tracks'}`}
          </span>
        </div>
      </div>
      {tracks.error !== null && (
        <Notice kind="error" title="The library could not be read.">
          {tracks.error} — it is read again when the engine is back; check Settings if this stays.
        </Notice>
      )}
      {grouping.error !== null && (
        <Notice kind="error" title="The groups could not be read.">
          {grouping.error} — choose Group by: Nothing to see the tracks.
        </Notice>
      )}
      {total === 0 && search === '' && (
        <Notice kind="empty" title="No tracks yet.">
          They appear here as the scan adds them. Add music folders in Settings.
        </Notice>
      )}
      {total === 0 && search !== '' && (
        <Notice kind="empty" title={`Nothing matches “${search}”.`}>
          Search looks at titles, artists and albums; try fewer words.
        </Notice>
      )}
      {total !== 0 && shape === 'albums' && <AlbumsView search={search} sort={albumSort} />}
      {total !== 0 && shape === 'tracks' && (
        <TrackGrid
          // Another grouping starts with every group open.
          key={group ?? 'none'}
          listKey={`${sort}:${direction}:${search}`}
          tracks={tracks}
          sort={sort}
          direction={direction}
          onSort={sortBy}
          group={group}
          groups={grouping.groups}
          playingId={playingId}
          onPlay={play}
          onMenu={(row, anchor, selected) =>
            actions.openMenu(
              {
                first: row,
                count: selected.length,
                rows: () => tracks.rowsAt(selected),
              },
              anchor,
            )
          }
          onDetails={(row) => ui.showTrack(row.id)}
        />
      )}
      {actions.element}
    </section>
  );
}
