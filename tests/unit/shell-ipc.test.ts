import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, type ApiResult } from '../../src/shared/api-contract';
import { ipcEventChannel } from '../../src/shared/ipc-names';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);
const { broadcast, registerApiHandlers } = await import('../../src/main/shell/ipc');

const APP_URL = 'file:///opt/deepcut/out/renderer/index.html';
const TRACK = '0123456789abcdef';

const engineCall = vi.fn((channel: string, arg: unknown) =>
  Promise.resolve<ApiResult<unknown>>({ ok: true, value: { channel, arg } }),
);

beforeEach(() => {
  mock.reset();
  engineCall.mockClear();
  registerApiHandlers({ call: engineCall }, APP_URL);
});

/** Invokes a registered handler as the renderer at `url` would. */
function invoke(channel: string, arg: unknown, url = APP_URL): Promise<ApiResult<unknown>> {
  const handler = mock.ipcHandlers.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  const sender = mock.windows[0]?.webContents ?? {};
  return handler({ senderFrame: { url }, sender }, arg) as Promise<ApiResult<unknown>>;
}

describe('IPC handlers', () => {
  it('registers one handler per channel of the contract, and nothing else', () => {
    expect([...mock.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('relays a valid call to the engine with its parsed argument', async () => {
    const reply = await invoke('library:get-track', { id: TRACK });
    expect(engineCall).toHaveBeenCalledWith('library:get-track', { id: TRACK });
    expect(reply).toEqual({
      ok: true,
      value: { channel: 'library:get-track', arg: { id: TRACK } },
    });
  });

  it('refuses a bad argument in main, before it reaches the engine', async () => {
    const reply = await invoke('library:get-track', { id: '../../etc/passwd' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(engineCall).not.toHaveBeenCalled();
    const extra = await invoke('library:get-folders', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('refuses calls from any page but the app', async () => {
    const reply = await invoke('library:get-folders', {}, 'https://example.com/');
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(engineCall).not.toHaveBeenCalled();
  });

  it('answers the folder dialog in main with the chosen folder, or null when cancelled', async () => {
    new mock.BrowserWindow({});
    mock.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/music'] });
    expect(await invoke('dialog:choose-folder', {})).toEqual({
      ok: true,
      value: { path: '/music' },
    });
    expect(mock.dialog.showOpenDialog.mock.lastCall?.[1]).toMatchObject({
      properties: ['openDirectory'],
    });
    expect(await invoke('dialog:choose-folder', {})).toEqual({ ok: true, value: { path: null } });
    expect(engineCall).not.toHaveBeenCalled();
  });
});

describe('broadcast', () => {
  it('sends each event on its own IPC channel to every live window', () => {
    const open = new mock.BrowserWindow({});
    const closed = new mock.BrowserWindow({});
    closed.destroyed = true;
    broadcast('library:changed', { reason: 'scan' });
    expect(open.webContents.send).toHaveBeenCalledWith('deepcut-event:library:changed', {
      reason: 'scan',
    });
    expect(closed.webContents.send).not.toHaveBeenCalled();
  });

  it('never shares an IPC channel between an event and a call', () => {
    const events = EVENTS.map(ipcEventChannel);
    expect(events.filter((name) => (CHANNELS as readonly string[]).includes(name))).toEqual([]);
  });
});
