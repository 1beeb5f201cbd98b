// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListTracksArg } from '../../src/shared/api-contract';
import type { TrackPage, TrackRow } from '../../src/shared/api-types';
import { LibraryScreen } from '../../src/renderer/src/features/library/components/LibraryScreen';
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
    const groupCells = await screen.findAllByText(/^Album \d+$/, { selector: '.group-cell' });
    // Album N holds tracks 10N … 10N+9: one heading per album, not per track.
    expect(groupCells.length).toBeGreaterThan(1);
    expect(new Set(groupCells.map((c) => c.textContent)).size).toBe(groupCells.length);
  });

  it('plays on double-click and by keyboard, and offers the track menu', async () => {
    const user = userEvent.setup();
    const radio = [1, 2, 3].map((n) => ({
      ...row(100 + n),
      score: 0.9,
      audio: 0.9,
      cf: null,
      why: `sounds like Track 5 #${n}`,
    }));
    const fake = fakeApi({
      'library:list-tracks': library(50),
      'recommend:make-radio': () => radio,
    });
    const harness = renderScreen(<LibraryScreen />, fake.api);
    await screen.findByText('50 tracks');

    await user.dblClick(screen.getByText('Track 3'));
    expect(harness.player.getState().queue[harness.player.getState().index]?.title).toBe('Track 3');

    const rows = screen.getAllByTestId('track-row');
    rows[0]?.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(harness.player.getState().queue[0]?.title).toBe('Track 2');

    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['Start radio', 'Path to…', 'Show similar', 'Add to playlist…']);
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(harness.player.getState().queue.map((r) => r.title)).toEqual([
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

  it('says what to do when the library is empty or nothing matches', async () => {
    const fake = fakeApi({ 'library:list-tracks': () => ({ total: 0, offset: 0, rows: [] }) });
    renderScreen(<LibraryScreen />, fake.api);
    expect(await screen.findByText('No tracks yet.')).toBeTruthy();
    expect(screen.getByText(/Add music folders in Settings/)).toBeTruthy();
  });
});
