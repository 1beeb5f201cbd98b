import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, navigationEvent } from '../helpers/electron-mock';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);

beforeEach(() => {
  mock.reset();
  // src/main/index.ts does its work on import, so each test evaluates it afresh.
  vi.resetModules();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Runs the Electron entry and lets app.whenReady() and the first page load settle. */
async function startApp(): Promise<void> {
  await import('../../src/main/index');
  await new Promise((resolve) => setImmediate(resolve));
}

describe('single instance', () => {
  it('a second launch quits at once and opens nothing', async () => {
    mock.app.requestSingleInstanceLock.mockReturnValue(false);
    await startApp();
    expect(mock.app.quit).toHaveBeenCalledOnce();
    expect(mock.app.whenReady).not.toHaveBeenCalled();
    expect(mock.windows).toHaveLength(0);
    expect(mock.app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance brings its window forward when launched again', async () => {
    await startApp();
    const [window] = mock.windows;
    expect(mock.windows).toHaveLength(1);
    expect(mock.app.quit).not.toHaveBeenCalled();
    if (window === undefined) throw new Error('no window');
    window.minimized = true;
    mock.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });
});

describe('startup', () => {
  it('hardens the app and the session and opens one sandboxed window on the built page', async () => {
    await startApp();
    expect(mock.app.enableSandbox).toHaveBeenCalledOnce();
    expect(mock.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(mock.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(mock.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    const [window] = mock.windows;
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      preload: expect.stringMatching(/preload[/\\]index\.cjs$/),
    });
    expect(window?.loadURL).not.toHaveBeenCalled();
    expect(window?.loadFile.mock.lastCall?.[0]).toMatch(/renderer[/\\]index\.html$/);
  });

  it('lets every WebContents navigate to the loaded page and nowhere else', async () => {
    await startApp();
    const page = mock.windows[0]?.loadFile.mock.lastCall?.[0] ?? '';
    const contents = new FakeWebContents();
    mock.app.emit('web-contents-created', {}, contents);
    const home = navigationEvent(pathToFileURL(page).href);
    const away = navigationEvent('https://example.com/');
    contents.emit('will-navigate', home);
    contents.emit('will-navigate', away);
    expect(home.prevented()).toBe(false);
    expect(away.prevented()).toBe(true);
  });

  it('loads the dev server only in an unpackaged app', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await startApp();
    expect(mock.windows[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173');

    mock.reset();
    vi.resetModules();
    mock.app.isPackaged = true;
    await startApp();
    expect(mock.windows[0]?.loadURL).not.toHaveBeenCalled();
    expect(mock.windows[0]?.loadFile).toHaveBeenCalledOnce();
  });

  it('exits with an error when the window cannot open', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mock.app.whenReady.mockRejectedValue(new Error('no display'));
    await startApp();
    expect(mock.app.exit).toHaveBeenCalledWith(1);
    expect(error).toHaveBeenCalledOnce();
  });
});

describe('shutdown', () => {
  it.runIf(process.platform !== 'darwin')('quits when the last window closes', async () => {
    await startApp();
    mock.app.emit('window-all-closed');
    expect(mock.app.quit).toHaveBeenCalledOnce();
  });
});

describe('engine process', () => {
  it('registers the media scheme before ready, then starts one engine on the app data folder', async () => {
    await startApp();
    expect(mock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(mock.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(
      mock.app.whenReady.mock.invocationCallOrder[0] ?? 0,
    );
    expect(mock.utilityProcesses).toHaveLength(1);
    const [engine] = mock.utilityProcesses;
    expect(engine?.modulePath).toMatch(/engine-host\.js$/);
    expect(engine?.args).toContain('--data-dir=/tmp/deepcut-test-userData');
    expect(mock.protocol.handle.mock.lastCall?.[0]).toBe('deepcut-media');
    expect(mock.ipcHandlers.has('library:list-tracks')).toBe(true);
  });

  it('on quit, lets the engine shut down first, then quits', async () => {
    await startApp();
    const [engine] = mock.utilityProcesses;
    engine?.emit('spawn');
    const preventDefault = vi.fn();
    mock.app.emit('will-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(engine?.posted).toContainEqual({ type: 'shutdown' }));
    expect(mock.app.quit).not.toHaveBeenCalled();
    engine?.exit(0);
    await vi.waitFor(() => expect(mock.app.quit).toHaveBeenCalledOnce());
    // The second will-quit (from that quit) goes through.
    const again = vi.fn();
    mock.app.emit('will-quit', { preventDefault: again });
    expect(again).not.toHaveBeenCalled();
  });
});
