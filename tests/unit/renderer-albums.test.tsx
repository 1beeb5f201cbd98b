// @vitest-environment jsdom
/**
 * Artwork and guessed tags over the typed fake API: the Albums grid (covers by track id, the
 * album's page, Play, Play next, Add to queue, an album that has gone), the cover in the player
 * bar, Up next and a playlist, a group header's cover, and titles, artists and albums read from
 * the path shown in italics with a tooltip.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlbumSummary } from '../../src/shared/api-contract-player';
import { LibraryScreen } from '../../src/renderer/src/features/library/components/LibraryScreen';
import { PlayerBar } from '../../src/renderer/src/features/player/PlayerBar';
import { UpNextScreen } from '../../src/renderer/src/features/queue/components/UpNextScreen';
import { TrackList } from '../../src/renderer/src/features/playlists/components/TrackList';
import { INFERRED_HINT } from '../../src/renderer/src/features/common/components/TagText';
import { fakeApi, renderScreen, row } from './renderer-harness';

afterEach(cleanup);

const library = { kind: 'library' } as const;

function album(n: number, overrides: Partial<AlbumSummary> = {}): AlbumSummary {
  return {
    id: (0xa000 + n).toString(16).padStart(16, '0'),
    name: `Album ${n}`,
    artist: `Artist ${n}`,
    various: false,
    year: 2000 + n,
    tracks: 3,
    durationSec: 600,
    artworkTrackId: n % 2 === 0 ? row(n * 10).id : null,
    inferred: false,
    ...overrides,
  };
}

function albumsEngine(albums: readonly AlbumSummary[]) {
  const tracks = [row(10, { artwork: true }), row(11), row(12)];
  return fakeApi({
    'library:list-tracks': ({ offset = 0, limit = 200 }) => ({
      total: 3,
      offset,
      rows: tracks.slice(offset, offset + limit),
    }),
    'library:list-albums': ({ sort }) =>
      sort === 'year' ? [...albums].sort((a, b) => (b.year ?? 0) - (a.year ?? 0)) : [...albums],
    'library:get-album': ({ id }) => (id === albums[0]?.id ? tracks : []),
    'feedback:check-tracks': () => ({ loved: [], excluded: [] }),
    'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
  });
}

describe('the Albums grid', () => {
  it('shows each album’s cover by a track id, never a path, and a placeholder without one', async () => {
    const user = userEvent.setup();
    const albums = [
      album(2),
      album(3, { various: true, artist: null, year: null }),
      album(4, { inferred: true }),
    ];
    const fake = albumsEngine(albums);
    renderScreen(<LibraryScreen />, fake.api);
    await user.click(await screen.findByRole('button', { name: 'Albums' }));
    const tiles = await screen.findAllByTestId('album-tile');
    expect(tiles).toHaveLength(3);
    const covers = tiles.map((tile) => within(tile).getByTestId('artwork'));
    expect(covers.map((c) => c.dataset.artwork)).toEqual(['picture', 'none', 'picture']);
    expect(covers[0]?.querySelector('img')?.getAttribute('src')).toBe(
      `/artwork/${row(20).id}?size=256`,
    );
    expect(within(tiles[1]!).getByText('Various artists')).toBeTruthy();
    const guessed = within(tiles[2]!).getByText('Album 4');
    expect(guessed.className).toContain('inferred');
    expect(guessed.getAttribute('title')).toBe(INFERRED_HINT);
    expect(within(tiles[0]!).getByText('Artist 2 · 2002')).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'year');
    await waitFor(() => expect(fake.callsTo('library:list-albums').at(-1)?.sort).toBe('year'));
  });

  it('a cover’s ▶ plays the album in order; its page plays, plays next and queues it', async () => {
    const user = userEvent.setup();
    const albums = [album(1, { artworkTrackId: row(10).id })];
    const fake = albumsEngine(albums);
    const harness = renderScreen(<LibraryScreen />, fake.api);
    await user.click(await screen.findByRole('button', { name: 'Albums' }));
    await user.click(await screen.findByRole('button', { name: 'Play Album 1' }));
    await waitFor(() =>
      expect(harness.player.getState().queue.map((e) => e.track.id)).toEqual(
        [10, 11, 12].map((n) => row(n).id),
      ),
    );
    expect(fake.callsTo('library:get-album')[0]).toEqual({ id: albums[0]?.id });

    await user.click(screen.getByRole('button', { name: /^Album 1/ }));
    expect(await screen.findByRole('heading', { name: 'Album 1' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Tracks of Album 1' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    // The page's cover is the large one.
    expect(document.querySelector('.album-header img')?.getAttribute('src')).toBe(
      `/artwork/${row(10).id}?size=512`,
    );
    await user.click(screen.getByRole('button', { name: 'Add to queue' }));
    expect(harness.player.getState().queue).toHaveLength(6);
    await user.click(screen.getByRole('button', { name: 'Play next' }));
    expect(
      harness.player
        .getState()
        .queue.map((e) => e.track.id)
        .slice(0, 4),
    ).toEqual([10, 10, 11, 12].map((n) => row(n).id));
    await user.click(within(list).getByRole('button', { name: 'Play from Track 11' }));
    await waitFor(() => expect(harness.player.current()?.track.id).toBe(row(11).id));
    await user.click(screen.getByRole('button', { name: '← All albums' }));
    expect(await screen.findAllByTestId('album-tile')).toHaveLength(1);
  });

  it('says so when an album has gone since the grid was read', async () => {
    const user = userEvent.setup();
    const fake = albumsEngine([album(1), album(2)]);
    renderScreen(<LibraryScreen />, fake.api);
    await user.click(await screen.findByRole('button', { name: 'Albums' }));
    await user.click(await screen.findByRole('button', { name: 'Play Album 2' }));
    expect(await screen.findByText('“Album 2” has no tracks now.')).toBeTruthy();
  });

  it('windows a grid of 10,000 albums: only some rows of covers are in the page', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 10_000 }, (_, i) => album(i + 1));
    renderScreen(<LibraryScreen />, albumsEngine(many).api);
    await user.click(await screen.findByRole('button', { name: 'Albums' }));
    const tiles = await screen.findAllByTestId('album-tile');
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.length).toBeLessThan(100);
    expect(screen.getByRole('list', { name: '10,000 albums' })).toBeTruthy();
  });
});

describe('artwork and guessed tags elsewhere', () => {
  it('the player bar and Up next show the cover and mark what was read from the path', async () => {
    const fake = fakeApi({
      'feedback:check-tracks': () => ({ loved: [], excluded: [] }),
      'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
    });
    const guessed = row(1, {
      title: 'forest theme',
      album: 'Forest',
      artist: null,
      artwork: true,
      inferred: ['title', 'album'],
    });
    const harness = renderScreen(
      <>
        <PlayerBar />
        <UpNextScreen />
      </>,
      fake.api,
    );
    harness.player.playQueue([guessed, row(2)], 0, library);
    const bar = await screen.findByRole('contentinfo', { name: 'Player' });
    await waitFor(() => expect(within(bar).getByTestId('artwork').dataset.artwork).toBe('picture'));
    expect(bar.querySelector('img')?.getAttribute('src')).toBe(`/artwork/${guessed.id}?size=64`);
    const title = within(bar).getByText('forest theme');
    expect(title.className).toContain('inferred');
    expect(title.getAttribute('title')).toBe(INFERRED_HINT);
    expect(within(bar).getByText('Forest').className).toContain('inferred');
    // Up next: the row without artwork has the placeholder; tags as they are.
    const upNext = screen.getAllByTestId('artwork').filter((a) => !bar.contains(a));
    expect(upNext.map((a) => a.dataset.artwork)).toContain('none');
    expect(screen.getByText('Artist 2 — Album 0')).toBeTruthy();
  });

  it('a cover that fails to load turns into the placeholder', async () => {
    const fake = fakeApi({});
    renderScreen(
      <TrackList
        label="A list"
        tracks={[{ ...row(3), artwork: true }]}
        onPlayFrom={() => undefined}
        onDetails={() => undefined}
      />,
      fake.api,
    );
    const art = screen.getByTestId('artwork');
    art.querySelector('img')?.dispatchEvent(new Event('error'));
    await waitFor(() => expect(art.dataset.artwork).toBe('none'));
  });

  it('an album group’s header shows its cover; artist groups have none', async () => {
    const user = userEvent.setup();
    const tracks = [row(10, { artwork: true }), row(11), row(20)];
    const fake = fakeApi({
      'library:list-tracks': ({ offset = 0, limit = 200 }) => ({
        total: 3,
        offset,
        rows: tracks.slice(offset, offset + limit),
      }),
      'library:list-groups': ({ by }) =>
        by === 'album'
          ? [
              { name: 'Album 1', count: 2, artworkTrackId: row(10).id },
              { name: 'Album 2', count: 1, artworkTrackId: null },
            ]
          : [{ name: 'Artist 3', count: 3, artworkTrackId: row(10).id }],
    });
    renderScreen(<LibraryScreen />, fake.api);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Group by' }), 'album');
    const headers = await screen.findAllByTestId('group-row');
    expect(headers.map((h) => within(h).getByTestId('artwork').dataset.artwork)).toEqual([
      'picture',
      'none',
    ]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Group by' }), 'artist');
    const [artist] = await screen.findAllByTestId('group-row');
    await waitFor(() => expect(within(artist!).queryByTestId('artwork')).toBeNull());
  });
});
