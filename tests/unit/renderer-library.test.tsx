// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListTracksArg } from '../../src/shared/api-contract';
import type { TrackPage, TrackRow } from '../../src/shared/api-types';
import { LibraryScreen } from '../../src/renderer/src/features/library/components/LibraryScreen';
import { axeViolations } from './renderer-axe';
import { fakeApi, renderScreen, row } from './renderer-harness';

afterEach(cleanup);

/** A library of `size` tracks answered page by page, as the engine does (sort, search). */
function library(size: number): (arg: ListTracksArg) => TrackPage {
  return (arg) => {
    const search = (arg.search ?? '').toLowerCase();
    const offset = arg.offset ?? 0;
    const limit = arg.limit ?? 100;
    if (search === '' && (arg.sort ?? 'title') === 'title') {
      // The full list is never built for the unfiltered case: 100,000 rows stay virtual.
      const count = Math.max(0, Math.min(limit, size - offset));
      const rows = Array.from({ length: count }, (_, i) => {
        const n = offset + i;
        return row(arg.direction === 'desc' ? size - 1 - n : n);
      });
      return { total: size, offset, rows };
    }
    const key = arg.sort ?? 'title';
    const all: TrackRow[] = Array.from({ length: size }, (_, n) => row(n)).filter((r) =>
      `${r.title} ${r.artist} ${r.album}`.toLowerCase().includes(search),
    );
    all.sort((a, b) =>
      String(a[key === 'duration' ? 'durationSec' : key]).localeCompare(
        String(b[key === 'duration' ? 'durationSec' : key]),
      ),
    );
    if (arg.direction === 'desc') all.reverse();
    return { total: all.length, offset, rows: all.slice(offset, offset + limit) };
  };
}

/** Tracks per album in {@link albumLibrary}. */
const PER_ALBUM = 10;

/**
 * A library of `size` tracks sorted by album as the engine would (album N holds tracks 10N …
 * 10N+9, albums in number order), with the groups `library:list-groups` gives for it.
 */
function albumLibrary(size: number) {
  const albums = Math.ceil(size / PER_ALBUM);
  const nth = (n: number, direction?: 'asc' | 'desc'): number => {
    if (direction !== 'desc') return n;
    // Albums reversed, each album's tracks still in order.
    const album = albums - 1 - Math.floor(n / PER_ALBUM);
    return album * PER_ALBUM + (n % PER_ALBUM);
  };
  return {
    'library:list-tracks': (arg: ListTracksArg): TrackPage => {
      const offset = arg.offset ?? 0;
      const count = Math.max(0, Math.min(arg.limit ?? 100, size - offset));
      const rows = Array.from({ length: count }, (_, i) => row(nth(offset + i, arg.direction)));
      return { total: size, offset, rows };
    },
    'library:list-groups': ({ direction }: { direction?: 'asc' | 'desc' }) =>
      Array.from({ length: albums }, (_, i) => {
        const album = direction === 'desc' ? albums - 1 - i : i;
        return {
          name: `Album ${album}`,
          count: Math.min(PER_ALBUM, size - album * PER_ALBUM),
        };
      }),
  };
}

describe('library screen', () => {
  it('windows 100,000 tracks: few rows in the page, the right ones after a scroll', async () => {
    const fake = fakeApi({ 'library:list-tracks': library(100_000) });
    renderScreen(<LibraryScreen />, fake.api);
    const grid = await screen.findByRole('grid', { name: 'Library tracks' });
    // The first page arrives after the grid is on screen: wait for it before reading the count.
    await screen.findByText('100,000 tracks');
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    expect(screen.getAllByTestId('track-row').length).toBeLessThan(60);

    const body = grid.querySelector('.grid-body') as HTMLElement;
    act(() => {
      body.scrollTop = 50_000 * 34;
      fireEvent.scroll(body);
    });
    await waitFor(() => expect(screen.getByText('Track 50000')).toBeTruthy());
    expect(fake.callsTo('library:list-tracks').some((a) => a.offset === 50_000)).toBe(true);
    expect(screen.getAllByTestId('track-row').length).toBeLessThan(60);
    expect(screen.queryByText('Track 10')).toBeNull();
  });

  it('searches as you type, sorts by a column both ways, and groups by album', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({ 'library:list-tracks': library(200) });
    renderScreen(<LibraryScreen />, fake.api);
    await screen.findByText('200 tracks');

    await user.type(screen.getByRole('searchbox', { name: 'Search the library' }), 'track 19');
    await screen.findByText('11 tracks');
    expect(fake.callsTo('library:list-tracks').at(-1)?.search).toBe('track 19');
    await user.clear(screen.getByRole('searchbox', { name: 'Search the library' }));
    await screen.findByText('200 tracks');

    await user.click(screen.getByRole('button', { name: /Artist/ }));
    await waitFor(() =>
      expect(fake.callsTo('library:list-tracks').at(-1)).toMatchObject({
        sort: 'artist',
        direction: 'asc',
      }),
    );
    const header = screen.getByRole('columnheader', { name: /Artist/ });
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    await user.click(screen.getByRole('button', { name: /Artist/ }));
    await waitFor(() => expect(header.getAttribute('aria-sort')).toBe('descending'));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Group by' }), 'album');
    await waitFor(() =>
      expect(fake.callsTo('library:list-tracks').at(-1)).toMatchObject({ sort: 'album' }),
    );
    // The fake answers no groups: the table says so and how to see the tracks anyway.
    expect(await screen.findByText('The groups could not be read.')).toBeTruthy();
  });

  it('groups 100,000 tracks by album under headers that close and open', async () => {
    const user = userEvent.setup();
    const fake = fakeApi(albumLibrary(100_000));
    const harness = renderScreen(<LibraryScreen />, fake.api);
    await screen.findByText('100,000 tracks');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Group by' }), 'album');
    const grid = await screen.findByRole('treegrid', { name: 'Library tracks' });
    expect(fake.callsTo('library:list-groups')).toEqual([
      { by: 'album', direction: 'asc', search: '' },
    ]);
    // Every album's header is a row: 10,000 of them over 100,000 tracks, plus the column heads.
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('110001'));
    const header = (name: string): HTMLElement =>
      screen.getByRole('row', { name: `${name}, 10 tracks` });
    const album0 = header('Album 0');
    expect(album0.getAttribute('aria-expanded')).toBe('true');
    expect(album0.getAttribute('aria-level')).toBe('1');
    await screen.findByText('Track 9');
    expect(
      screen.getAllByTestId('group-row').length + screen.getAllByTestId('track-row').length,
    ).toBeLessThan(60);
    expect(await axeViolations()).toEqual([]);

    // A click closes the group: its tracks leave the table, the next album moves up.
    await user.click(album0);
    expect(album0.getAttribute('aria-expanded')).toBe('false');
    expect(grid.getAttribute('aria-rowcount')).toBe('109991');
    expect(screen.queryByText('Track 9')).toBeNull();
    expect(header('Album 1').getAttribute('aria-rowindex')).toBe('3');
    expect(
      screen.getByText('Track 10').closest('[role="row"]')?.getAttribute('aria-rowindex'),
    ).toBe('4');

    // By keyboard on the header: Enter and Space toggle, → opens, ← closes.
    album0.focus();
    await user.keyboard('{Enter}');
    expect(album0.getAttribute('aria-expanded')).toBe('true');
    expect(grid.getAttribute('aria-rowcount')).toBe('110001');
    await user.keyboard(' ');
    expect(album0.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{ArrowRight}');
    expect(album0.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowRight}');
    expect(album0.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowLeft}');
    expect(album0.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{ArrowRight}');
    // From a track, ← goes to its album's header; Enter on a track plays from it.
    await user.keyboard('{ArrowDown}{ArrowDown}');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Track 1'));
    await user.keyboard('{Enter}');
    expect(
      harness.player
        .getState()
        .queue.slice(0, 2)
        .map((e) => e.track.title),
    ).toEqual(['Track 1', 'Track 2']);
    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(document.activeElement).toBe(album0));
    expect(album0.getAttribute('aria-expanded')).toBe('true');
    expect(await axeViolations()).toEqual([]);

    // Far down the list the headers still line up with the pages of rows loaded there.
    const body = grid.querySelector('.grid-body') as HTMLElement;
    act(() => {
      // Track 50,000 is the first of album 5,000: after 5,001 headers and 50,000 tracks.
      body.scrollTop = (50_000 + 5_000) * 34;
      fireEvent.scroll(body);
    });
    const album5000 = await screen.findByRole('row', { name: 'Album 5000, 10 tracks' });
    expect(album5000.getAttribute('aria-rowindex')).toBe(String(55_000 + 2));
    expect(fake.callsTo('library:list-tracks').some((a) => a.offset === 50_000)).toBe(true);
    await waitFor(() =>
      expect(
        screen.getByText('Track 50000').closest('[role="row"]')?.getAttribute('aria-rowindex'),
      ).toBe(String(55_001 + 2)),
    );
  });

  it('plays on double-click and by keyboard, and offers the track menu', async () => {
    const user = userEvent.setup();
    const radio = [1, 2, 3].map((n) => ({
      ...row(100 + n),
      score: 0.9,
      audio: 0.9,
      cf: null,
      why: `sounds like Track 5 #${n}`,
      reasons: [],
    }));
    const fake = fakeApi({
      'library:list-tracks': library(50),
      'recommend:make-radio': () => radio,
    });
    const harness = renderScreen(<LibraryScreen />, fake.api);
    await screen.findByText('50 tracks');

    await user.dblClick(screen.getByText('Track 3'));
    expect(harness.player.getState().queue[harness.player.getState().index]?.track.title).toBe(
      'Track 3',
    );

    const rows = screen.getAllByTestId('track-row');
    rows[0]?.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(harness.player.getState().queue[0]?.track.title).toBe('Track 2');

    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual([
      'Play now',
      'Play next',
      'Add to queue',
      'Add to playlist…',
      'Start radio',
      'Path to…',
      'Show similar',
      'Love',
      'Don’t play this',
      'Don’t play Artist 2',
      'Don’t play the album “Album 0”',
    ]);
    await user.click(within(menu).getByRole('menuitem', { name: 'Start radio' }));
    await waitFor(() =>
      expect(harness.player.getState().queue.map((e) => e.track.title)).toEqual([
        'Track 2',
        'Track 101',
        'Track 102',
        'Track 103',
      ]),
    );
    expect(fake.callsTo('recommend:make-radio')[0]?.seeds).toEqual([
      { kind: 'track', id: row(2).id },
    ]);
    expect(harness.notes.getState().notes.get(row(102).id)?.why).toBe('sounds like Track 5 #2');
    expect(harness.generated[0]?.title).toBe('Radio from Track 2');

    fireEvent.contextMenu(screen.getByText('Track 4'));
    await user.click(await screen.findByRole('menuitem', { name: 'Show similar' }));
    expect(harness.shown).toEqual([row(4).id]);
  });

  it('selects several tracks by Shift and Ctrl clicks and by keys, and queues them', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({ 'library:list-tracks': library(500) });
    const harness = renderScreen(<LibraryScreen />, fake.api);
    await screen.findByText('500 tracks');
    const rowOf = (title: string): HTMLElement =>
      screen.getByText(title, { exact: true }).closest('[role="row"]') as HTMLElement;

    await user.click(screen.getByText('Track 0', { exact: true }));
    await user.dblClick(rowOf('Track 0'));
    await user.click(rowOf('Track 2'));
    await user.keyboard('{Shift>}');
    await user.click(rowOf('Track 4'));
    await user.keyboard('{/Shift}{Control>}');
    await user.click(rowOf('Track 7'));
    await user.keyboard('{/Control}');
    const selected = screen
      .getAllByRole('row')
      .filter((r) => r.getAttribute('aria-selected') === 'true')
      .map((r) => r.textContent);
    expect(selected).toHaveLength(4);
    fireEvent.contextMenu(rowOf('Track 3'));
    await user.click(await screen.findByRole('menuitem', { name: 'Play next (4 tracks)' }));
    await waitFor(() =>
      expect(
        harness.player
          .getState()
          .queue.map((e) => e.track.title)
          .slice(0, 5),
      ).toEqual(['Track 0', 'Track 2', 'Track 3', 'Track 4', 'Track 7']),
    );

    // By keys: Shift+↓ extends from the active row; Ctrl+A takes the whole list, loaded or not.
    rowOf('Track 10').focus();
    await user.click(rowOf('Track 10'));
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}{Shift>}{F10}{/Shift}');
    expect(await screen.findByRole('menuitem', { name: 'Add to queue (3 tracks)' })).toBeTruthy();
    await user.keyboard('{Escape}{Control>}a{/Control}{Shift>}{F10}{/Shift}');
    await user.click(await screen.findByRole('menuitem', { name: 'Add to queue (500 tracks)' }));
    await waitFor(() => expect(harness.player.getState().queue).toHaveLength(200 + 4 + 500));
    expect(harness.player.getState().queue.at(-1)?.track.title).toBe('Track 499');
  });

  it('says what to do when the library is empty or nothing matches', async () => {
    const fake = fakeApi({ 'library:list-tracks': () => ({ total: 0, offset: 0, rows: [] }) });
    renderScreen(<LibraryScreen />, fake.api);
    expect(await screen.findByText('No tracks yet.')).toBeTruthy();
    expect(screen.getByText(/Add music folders in Settings/)).toBeTruthy();
  });
});
