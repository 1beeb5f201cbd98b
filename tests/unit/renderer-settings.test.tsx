// @vitest-environment jsdom
import { cleanup, screen, waitFor, within, fireEvent } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../src/shared/api-types';
import type { FeedbackList } from '../../src/shared/feedback';
import { SettingsScreen } from '../../src/renderer/src/features/settings/components/SettingsScreen';
import { appSettings, fakeApi, renderScreen } from './renderer-harness';

afterEach(cleanup);

function engine(folders: string[]) {
  let adventurous = 0.3;
  const status = (): EngineStatus => ({
    dataDir: '/home/me/.config/Deepcut',
    folders: [...folders],
    total: 1200,
    analysed: 1190,
    failed: 10,
    backend: 'wasm',
    nativeAcceleration: false,
    modelVersion: 'cnn1-0123456789ab',
  });
  return fakeApi({
    'engine:get-status': status,
    'settings:get-settings': () => appSettings({ adventurous }),
    'settings:update-settings': (change) => {
      adventurous = change.adventurous ?? adventurous;
      return appSettings({ adventurous });
    },
    'library:add-folder': ({ path }) => {
      if (!path.startsWith('/')) throw new Error(`give the folder's full path, not "${path}"`);
      folders.push(path);
      return [...folders];
    },
    'library:remove-folder': ({ path }) => folders.splice(folders.indexOf(path), 1) && [...folders],
    'scan:start': () => ({ scanId: 'scan-1' }),
    'learning:reset-learning': ({ keepEvents }) => ({
      profile: 'default',
      modelsRemoved: true,
      eventsRemoved: keepEvents ? 0 : 42,
    }),
  });
}

describe('settings screen', () => {
  it('shows the engine: data folder, backend, native acceleration, model', async () => {
    renderScreen(<SettingsScreen mode="web" />, engine(['/music']).api);
    expect(await screen.findByText('/home/me/.config/Deepcut')).toBeTruthy();
    expect(screen.getByText('WebAssembly')).toBeTruthy();
    expect(screen.getByText(/not installed/)).toBeTruthy();
    expect(screen.getByText('1,200 (1,190 analysed, 10 failed)')).toBeTruthy();
    // The web mode has no native folder picker.
    expect(screen.queryByRole('button', { name: 'Choose…' })).toBeNull();
  });

  it('adds (then scans), refuses a relative path, removes and rescans folders', async () => {
    const user = userEvent.setup();
    const fake = engine(['/music']);
    const harness = renderScreen(<SettingsScreen mode="electron" />, fake.api);
    await screen.findByText('/music');
    const field = screen.getByRole('textbox', { name: 'Add a folder' });
    await user.type(field, 'Music{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'give the folder\'s full path, not "Music"',
    );
    await user.clear(field);
    await user.type(field, '/srv/more music{Enter}');
    await screen.findByText('/srv/more music');
    expect(fake.callsTo('scan:start')).toEqual([{ folders: ['/srv/more music'] }]);

    await user.click(screen.getByRole('button', { name: 'Remove /music from the library' }));
    await waitFor(() => expect(screen.queryByText('/music')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Rescan all' }));
    expect(fake.callsTo('scan:start').at(-1)).toEqual({});
    expect(harness.notices).toContain('Rescanning the library.');
  });

  it('saves the familiar ↔ adventurous setting once the slider rests', async () => {
    const fake = engine([]);
    renderScreen(<SettingsScreen mode="web" />, fake.api);
    const slider = await screen.findByRole('slider', { name: 'Familiar to adventurous' });
    await waitFor(() => expect((slider as HTMLInputElement).value).toBe('0.3'));
    fireEvent.change(slider, { target: { value: '0.6' } });
    fireEvent.change(slider, { target: { value: '0.8' } });
    expect(slider.getAttribute('aria-valuetext')).toBe('80 % adventurous');
    await waitFor(() =>
      expect(fake.callsTo('settings:update-settings')).toEqual([{ adventurous: 0.8 }]),
    );
  });

  it('asks before resetting learning, and whether to keep the history', async () => {
    const user = userEvent.setup();
    const fake = engine([]);
    const harness = renderScreen(<SettingsScreen mode="web" />, fake.api);
    await user.click(await screen.findByRole('button', { name: 'Reset learning…' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset what Deepcut learned?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('learning:reset-learning')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Reset learning…' }));
    await user.click(screen.getByRole('radio', { name: 'Delete it too' }));
    await user.click(screen.getByRole('button', { name: 'Reset learning' }));
    await waitFor(() =>
      expect(fake.callsTo('learning:reset-learning')).toEqual([{ keepEvents: false }]),
    );
    expect(harness.notices).toContain('Learning reset and 42 listening events deleted.');
  });

  it('sets crossfade, levelling and theme, and shows the slider’s value', async () => {
    const user = userEvent.setup();
    let saved = appSettings();
    const fake = fakeApi({
      'engine:get-status': engine([]).api.engine.getStatus,
      'settings:get-settings': () => saved,
      'settings:update-settings': (change) => (saved = { ...saved, ...change }),
      'feedback:list': () => ({ loved: [], banned: [] }),
    });
    renderScreen(<SettingsScreen mode="web" />, fake.api);
    expect(await screen.findByText('30 %')).toBeTruthy();
    const crossfade = screen.getByRole('slider', { name: 'Crossfade' });
    await waitFor(() => expect(crossfade.getAttribute('aria-valuetext')).toBe('off'));
    fireEvent.change(crossfade, { target: { value: '6' } });
    fireEvent.pointerUp(crossfade);
    await waitFor(() => expect(saved.crossfadeSec).toBe(6));
    expect(screen.getByText('6 s')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: /Per album/ }));
    await waitFor(() => expect(saved.normalisation).toBe('album'));
    await user.click(screen.getByRole('radio', { name: 'Light' }));
    await waitFor(() => expect(saved.theme).toBe('light'));
    // Without Web Audio (jsdom) the device cannot be chosen, and the screen says so.
    expect(screen.getByText(/plays through the system’s default output/)).toBeTruthy();
  });

  it('lists loved and banned tracks, artists and albums, each with its undo', async () => {
    const user = userEvent.setup();
    const at = '2026-12-01T10:00:00Z';
    let list: FeedbackList = {
      loved: [
        {
          target: { kind: 'track', id: 'a'.repeat(16) },
          value: 'love',
          at,
          track: { title: 'Blue in Green', artist: 'Miles Davis', album: 'Kind of Blue' },
        },
      ],
      banned: [
        { target: { kind: 'artist', name: 'Kenny G' }, value: 'ban', at },
        {
          target: { kind: 'album', name: 'Greatest Hits', artist: 'Queen' },
          value: 'ban',
          at,
        },
        { target: { kind: 'track', id: 'b'.repeat(16) }, value: 'ban', at, track: null },
      ],
    };
    const fake = fakeApi({
      'engine:get-status': engine([]).api.engine.getStatus,
      'settings:get-settings': () => appSettings(),
      'feedback:list': () => list,
      'feedback:set': ({ target, value }) => {
        list = { ...list, banned: list.banned.slice(1) };
        return { target, value, changed: true };
      },
      'feedback:check-tracks': () => ({ loved: [], excluded: [] }),
    });
    renderScreen(<SettingsScreen mode="web" />, fake.api);
    const loved = await screen.findByRole('list', { name: 'Loved' });
    expect(within(loved).getByText('Blue in Green — Miles Davis')).toBeTruthy();
    const banned = screen.getByRole('list', { name: 'Not played' });
    expect(
      within(banned)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual([
      'Anything by Kenny G',
      'The album “Greatest Hits” by Queen',
      'A track no longer in the library',
    ]);
    await user.click(screen.getByRole('button', { name: 'Play again: Anything by Kenny G' }));
    await waitFor(() =>
      expect(fake.callsTo('feedback:set')[0]).toEqual({
        target: { kind: 'artist', name: 'Kenny G' },
        value: 'none',
      }),
    );
    await waitFor(() => expect(within(banned).queryByText('Anything by Kenny G')).toBeNull());
  });

  it('says which folder is missing and switches the watch off and on', async () => {
    const user = userEvent.setup();
    let saved = appSettings();
    const fake = fakeApi({
      'engine:get-status': engine(['/music', '/media/usb/music']).api.engine.getStatus,
      'settings:get-settings': () => saved,
      'settings:update-settings': (change) => (saved = { ...saved, ...change }),
      'library:get-folder-states': () => [
        { path: '/music', present: true, watching: true, problem: null },
        { path: '/media/usb/music', present: false, watching: false, problem: null },
      ],
    });
    renderScreen(<SettingsScreen mode="web" />, fake.api);
    const missing = (await screen.findByText('/media/usb/music')).closest('li') as HTMLElement;
    expect(within(missing).getByText(/Not there now \(a drive unplugged\?\)/)).toBeTruthy();
    const present = screen.getByText('/music').closest('li') as HTMLElement;
    expect(within(present).queryByText(/Not there/)).toBeNull();
    const watch = screen.getByRole('checkbox', { name: /Pick up files added/ });
    await waitFor(() => expect((watch as HTMLInputElement).checked).toBe(true));
    await user.click(watch);
    await waitFor(() => expect(saved.watchFolders).toBe(false));
    expect((watch as HTMLInputElement).checked).toBe(false);
  });
});
