// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlaylistView, RecommendedRow } from '../../src/shared/api-contract-ui';
import { PlaylistsScreen } from '../../src/renderer/src/features/playlists/components/PlaylistsScreen';
import { axeViolations } from './renderer-axe';
import { fakeApi, renderScreen, row } from './renderer-harness';

afterEach(cleanup);

const entry = (n: number): RecommendedRow => ({
  ...row(n),
  score: 0.7,
  audio: 0.7,
  cf: 0.6,
  why: `in the Jazz mix (${n})`,
  reasons: [],
});

/** Saved playlists kept in memory, answering like the engine host. */
function savedPlaylists(initial: Record<string, number[]>) {
  const lists = new Map(
    Object.entries(initial).map(([name, ns]) => [name, ns.map((n) => row(n).id)]),
  );
  const view = (name: string): PlaylistView => {
    const ids = lists.get(name);
    if (ids === undefined) throw new Error(`no playlist called "${name}"`);
    const tracks = ids.map((id) => ({ ...row(parseInt(id, 16)), durationSec: 200 }));
    return {
      name,
      kind: 'manual',
      count: ids.length,
      durationSec: 200 * ids.length,
      updatedAt: '2026-11-27T10:00:00Z',
      createdAt: '2026-11-27T10:00:00Z',
      tracks,
    };
  };
  return {
    lists,
    handlers: {
      'playlists:list-all': () => ({
        playlists: [...lists.keys()].sort().map((name) => view(name)),
        damaged: [],
      }),
      'playlists:get-playlist': ({ name }: { name: string }) => view(name),
      'playlists:save-playlist': ({
        name,
        trackIds,
      }: {
        name: string;
        trackIds: readonly string[];
      }) => {
        lists.set(name, [...trackIds]);
        return view(name);
      },
      'playlists:rename-playlist': ({ name, newName }: { name: string; newName: string }) => {
        lists.set(newName, lists.get(name) ?? []);
        lists.delete(name);
        return view(newName);
      },
      'playlists:delete-playlist': ({ name }: { name: string }) => ({
        deleted: lists.delete(name),
      }),
    },
  };
}

describe('playlists screen', () => {
  it('lists saved playlists and mixes; plays a mix with its reasons; saves it', async () => {
    const user = userEvent.setup();
    const saved = savedPlaylists({ Evening: [1, 2, 3] });
    const fake = fakeApi({
      ...saved.handlers,
      'recommend:list-mixes': () => [
        { name: 'Jazz · Artist 1', size: 120, entries: [4, 5, 6].map(entry) },
      ],
    });
    const harness = renderScreen(<PlaylistsScreen />, fake.api);
    const nav = screen.getByRole('navigation', { name: 'Playlists and mixes' });
    await user.click(await within(nav).findByRole('button', { name: /Jazz · Artist 1/ }));
    expect(screen.getByText('in the Jazz mix (5)')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(harness.player.getState().queue.map((e) => e.track.title)).toEqual([
      'Track 4',
      'Track 5',
      'Track 6',
    ]);
    expect(harness.notes.getState().adaptive).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Save as playlist' }));
    const dialog = screen.getByRole('dialog', { name: /Save “Jazz · Artist 1”/ });
    const name = within(dialog).getByRole('textbox', { name: 'Playlist name' });
    await user.clear(name);
    await user.type(name, 'evening');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    // A name taken (whatever its case) is refused in the dialog, and nothing typed is lost.
    expect(await within(dialog).findByRole('alert')).toHaveProperty(
      'textContent',
      'A playlist called “evening” exists already: choose another name.',
    );
    await user.type(name, ' jazz');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(saved.lists.get('evening jazz')).toEqual([4, 5, 6].map((n) => row(n).id)),
    );
    expect(harness.notices).toContain('Saved “evening jazz”.');
  });

  it('reorders, removes, renames and deletes a saved playlist', async () => {
    const user = userEvent.setup();
    const saved = savedPlaylists({ Evening: [1, 2, 3] });
    const fake = fakeApi(saved.handlers);
    const harness = renderScreen(<PlaylistsScreen />, fake.api);
    await user.click(await screen.findByRole('button', { name: /Evening/ }));
    await screen.findByRole('list', { name: 'Tracks of Evening' });

    await user.click(screen.getByRole('button', { name: 'Move Track 3 up' }));
    await waitFor(() =>
      expect(saved.lists.get('Evening')).toEqual([1, 3, 2].map((n) => row(n).id)),
    );
    await user.click(screen.getByRole('button', { name: 'Remove Track 1 from the playlist' }));
    await waitFor(() => expect(saved.lists.get('Evening')).toEqual([3, 2].map((n) => row(n).id)));

    await user.click(screen.getByRole('button', { name: 'Play from Track 2' }));
    expect(harness.player.getState().queue.map((e) => e.track.title)).toEqual(['Track 2']);

    await user.click(screen.getByRole('button', { name: 'Rename' }));
    const field = screen.getByRole('textbox', { name: 'New name' });
    await user.clear(field);
    await user.type(field, 'Late{Enter}');
    await screen.findByRole('heading', { name: 'Late' });
    expect([...saved.lists.keys()]).toEqual(['Late']);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete “Late”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Choose a playlist or a mix.');
    expect(saved.lists.size).toBe(0);
  });

  it('reorders a saved playlist by dragging and by its handle’s arrow keys', async () => {
    const user = userEvent.setup();
    const saved = savedPlaylists({ Evening: [1, 2, 3, 4] });
    const fake = fakeApi(saved.handlers);
    renderScreen(<PlaylistsScreen />, fake.api);
    await user.click(await screen.findByRole('button', { name: /Evening/ }));
    const list = await screen.findByRole('list', { name: 'Tracks of Evening' });
    const items = (): HTMLElement[] => within(list).getAllByRole('listitem');
    const titles = (): string[] =>
      items().map((li) => li.querySelector('strong')?.textContent ?? '');

    // HTML5 drag and drop: Track 1 dropped on Track 3 takes its place.
    const dataTransfer = { effectAllowed: 'none', setData: () => undefined, getData: () => '' };
    fireEvent.dragStart(items()[0] as HTMLElement, { dataTransfer });
    fireEvent.dragOver(items()[2] as HTMLElement, { dataTransfer });
    expect(items()[2]?.className).toContain('drop-target');
    fireEvent.drop(items()[2] as HTMLElement, { dataTransfer });
    await waitFor(() =>
      expect(fake.callsTo('playlists:save-playlist')).toEqual([
        { name: 'Evening', kind: 'manual', trackIds: [2, 3, 1, 4].map((n) => row(n).id) },
      ]),
    );
    expect(titles()).toEqual(['Track 2', 'Track 3', 'Track 1', 'Track 4']);
    expect(items().some((li) => li.className.includes('drop-target'))).toBe(false);

    // A drop with nothing dragged from this list (a file from the desktop, say) changes nothing.
    fireEvent.drop(items()[0] as HTMLElement, { dataTransfer });
    expect(fake.callsTo('playlists:save-playlist')).toHaveLength(1);

    // The handle: ↑ moves its track up one place and keeps the focus on it.
    within(items()[3] as HTMLElement)
      .getByRole('button', { name: /Reorder Track 4/ })
      .focus();
    await user.keyboard('{ArrowUp}');
    await waitFor(() =>
      expect(saved.lists.get('Evening')).toEqual([2, 3, 4, 1].map((n) => row(n).id)),
    );
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('aria-label')).toMatch(/Reorder Track 4/),
    );
    expect(screen.getByText('Moved “Track 4” to position 3.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('exports M3U8 as a download and imports the text of a picked file, never a path', async () => {
    const user = userEvent.setup();
    const saved = savedPlaylists({ Evening: [1] });
    const fake = fakeApi({
      ...saved.handlers,
      'playlists:export-m3u': ({ name }) => ({
        fileName: `${name}.m3u8`,
        text: '#EXTM3U\n#EXTINF:200,A - B\n/music/b.flac\n',
        tracks: 1,
      }),
      'playlists:import-m3u': ({ fileName }) => {
        if (fileName === 'broken.m3u8') throw new Error('not a playlist');
        return {
          playlist: {
            name: 'old',
            kind: 'imported',
            count: 2,
            durationSec: 400,
            updatedAt: '2026-11-27T10:00:00Z',
          },
          byPath: 1,
          byTags: 1,
          unmatched: [
            {
              line: 7,
              location: '/gone/x.mp3',
              reason: 'no library track at this path or with these tags',
            },
          ],
        };
      },
    });
    // jsdom has no object URLs or downloads: record what would be saved.
    const downloads: string[] = [];
    URL.createObjectURL = () => 'blob:test';
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.download);
    });
    const harness = renderScreen(<PlaylistsScreen />, fake.api);
    await user.click(await screen.findByRole('button', { name: /Evening/ }));
    await user.click(await screen.findByRole('button', { name: 'Export M3U8' }));
    await waitFor(() => expect(harness.notices).toContain('Exported 1 tracks as Evening.m3u8.'));
    expect(downloads).toEqual(['Evening.m3u8']);
    click.mockRestore();

    const picker = screen.getByLabelText('M3U8 file to import');
    const text = '#EXTM3U\n/music/a.flac\n';
    await user.upload(picker, new File([text], 'old.m3u8', { type: 'audio/x-mpegurl' }));
    await waitFor(() =>
      expect(harness.notices.at(-1)).toBe(
        'Imported “old”: 2 tracks; 1 not in the library (first: line 7, /gone/x.mp3).',
      ),
    );
    expect(fake.callsTo('playlists:import-m3u')).toEqual([{ text, fileName: 'old.m3u8' }]);
    await user.upload(picker, new File(['x'], 'broken.m3u8'));
    expect(await screen.findByText('broken.m3u8 was not imported: not a playlist')).toBeTruthy();
  });
});
