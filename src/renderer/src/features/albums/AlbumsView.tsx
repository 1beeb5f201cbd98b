import { useCallback, useLayoutEffect, useState, type JSX, type UIEvent } from 'react';
import type { AlbumSummary } from '../../../../shared/api-contract-player';
import { useApi } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { Artwork } from '../artwork/Artwork';
import { Notice } from '../common/components/Notice';
import { INFERRED_HINT } from '../common/components/TagText';
import { useAsync } from '../common/hooks/use-async';
import { useUi } from '../screens/hooks/use-ui';
import { AlbumDetail } from './AlbumDetail';
import { useAlbumPlayer } from './use-album-player';

/** Narrowest a cover is drawn, and the gaps between covers, in CSS pixels. */
const MIN_TILE = 160;
const GAP = 16;
/** The name and artist under a cover, and the gap below them. */
const CAPTION = 52;
const ROW_GAP = 20;
/** Columns and visible rows when the grid has no size yet (first paint, a DOM without layout). */
const FALLBACK_COLUMNS = 5;
const FALLBACK_ROWS = 6;
/** Rows of covers rendered above and below the view. */
const OVERSCAN = 2;

/** The size and scroll of the grid's viewport, followed as it changes. */
function useViewport(): Readonly<{
  attach: (element: HTMLDivElement | null) => void;
  width: number;
  height: number;
  scrollTop: number;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
}> {
  const [attached, setAttached] = useState<HTMLDivElement | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const ref = useCallback((node: HTMLDivElement | null) => setAttached(node), []);
  const onScroll = useCallback(
    (event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop),
    [],
  );
  useLayoutEffect(() => {
    if (attached === null) return;
    const measure = (): void =>
      setSize({ width: attached.clientWidth, height: attached.clientHeight });
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(attached);
    return () => observer.disconnect();
  }, [attached]);
  return {
    attach: ref,
    ...size,
    scrollTop,
    onScroll,
  };
}

export type AlbumSort = 'album' | 'artist' | 'year';

/** How an album's artist line reads. */
export function albumByline(album: AlbumSummary): string {
  const artist = album.various ? 'Various artists' : (album.artist ?? 'Unknown artist');
  return album.year === null ? artist : `${artist} · ${album.year}`;
}

/**
 * The library's albums as a grid of covers, windowed by rows of covers so a library of 10,000
 * albums renders only the rows in view; a cover opens its album, its ▶ plays it. Albums whose
 * name was read from the folder are shown as guessed.
 */
export function AlbumsView(props: Readonly<{ search: string; sort: AlbumSort }>): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const play = useAlbumPlayer();
  const [open, setOpen] = useState<AlbumSummary | null>(null);
  const albums = useAsync(
    () => api.library.listAlbums({ sort: props.sort, search: props.search }),
    [api, props.sort, props.search, ui.revision],
  );
  const list = albums.value ?? [];
  const { attach, onScroll, width, height, scrollTop } = useViewport();
  const columns =
    width > 0 ? Math.max(1, Math.floor((width + GAP) / (MIN_TILE + GAP))) : FALLBACK_COLUMNS;
  const tile = width > 0 ? (width - GAP * (columns - 1)) / columns : MIN_TILE;
  const rowHeight = Math.round(tile + CAPTION + ROW_GAP);
  const rows = Math.ceil(list.length / columns);
  const first = Math.floor(scrollTop / rowHeight);
  const visible = height > 0 ? Math.ceil(height / rowHeight) : FALLBACK_ROWS;
  const from = Math.max(0, first - OVERSCAN);
  const to = Math.min(rows, first + visible + OVERSCAN);

  if (open !== null) return <AlbumDetail album={open} onBack={() => setOpen(null)} />;
  if (albums.error !== null && albums.value === undefined) {
    return (
      <Notice kind="error" title="The albums could not be read.">
        {albums.error} — they are read again when the engine is back.
      </Notice>
    );
  }
  if (albums.value === undefined) return <Notice kind="loading" title="Reading the albums…" />;
  if (list.length === 0) {
    return (
      <Notice
        kind="empty"
        title={props.search === '' ? 'No albums yet.' : `No album matches “${props.search}”.`}
      >
        Tracks join an album when they have an album tag, or sit in a folder named after one.
      </Notice>
    );
  }
  const shown = list.slice(from * columns, to * columns);
  return (
    <div className="albums-scroll" ref={attach} onScroll={onScroll} data-testid="albums-grid">
      <div style={{ height: rows * rowHeight, position: 'relative' }}>
        <ul
          className="albums-grid"
          aria-label={`${formatCount(list.length)} albums`}
          style={{
            transform: `translateY(${from * rowHeight}px)`,
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            gridAutoRows: `${rowHeight - ROW_GAP}px`,
            rowGap: ROW_GAP,
            columnGap: GAP,
          }}
        >
          {shown.map((album) => (
            <li key={album.id} className="album-tile" data-testid="album-tile">
              <button type="button" className="album-open" onClick={() => setOpen(album)}>
                <Artwork trackId={album.artworkTrackId} size={256} />
                <span
                  className={`album-name${album.inferred ? ' inferred' : ''}`}
                  title={album.inferred ? INFERRED_HINT : album.name}
                >
                  {album.name}
                </span>
                <span className="album-artist">{albumByline(album)}</span>
              </button>
              <button
                type="button"
                className="album-play"
                aria-label={`Play ${album.name}`}
                onClick={() => play.play(album)}
              >
                ▶
              </button>
            </li>
          ))}
        </ul>
      </div>
      {play.error !== null && <p className="error">{play.error}</p>}
    </div>
  );
}
