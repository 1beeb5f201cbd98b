/**
 * Electron entry: app lifecycle only. Policy lives in shell/security.ts, windows in
 * shell/window.ts, the engine process in shell/engine-process.ts, IPC in shell/ipc.ts.
 */
import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import type { RendererSource } from './shell/window';
import { contentSecurityPolicy } from './shell/csp';
import { EngineProcess } from './shell/engine-process';
import { broadcast, registerApiHandlers } from './shell/ipc';
import { handleMediaProtocol, registerMediaScheme } from './shell/media-protocol';
import { hardenApp, hardenSession } from './shell/security';
import { createMainWindow, focusWindow, loadRenderer, rendererUrl } from './shell/window';

// The build puts this file in out/main/, beside out/preload/ and out/renderer/.
const outDir = join(import.meta.dirname, '..');
// A packaged app never honours the dev-server variable: it would let the environment pick the page.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const renderer: RendererSource =
  devServerUrl === undefined
    ? { kind: 'file', path: join(outDir, 'renderer', 'index.html') }
    : { kind: 'dev-server', url: devServerUrl };

let mainWindow: BrowserWindow | undefined;
let engine: EngineProcess | undefined;

/** Starts the engine process and connects it to IPC and the media protocol. */
function startEngine(appUrl: string): EngineProcess {
  const host = new EngineProcess({
    // Built beside this file by electron-vite (electron.vite.config.ts).
    modulePath: join(import.meta.dirname, 'engine-host.js'),
    // DEEPCUT_DATA moves the library, as for the CLI (the end-to-end spec uses a scratch one).
    dataDir: process.env.DEEPCUT_DATA || app.getPath('userData'),
    appVersion: app.getVersion(),
    // The message's event and payload belong together (host-protocol.ts); TS cannot pair them.
    onEvent: ({ event, payload }) => broadcast(event, payload as never),
    onRestarted: (reason) => broadcast('engine:restarted', { reason }),
  });
  host.start();
  registerApiHandlers(host, appUrl);
  handleMediaProtocol((request) => host.media(request));
  return host;
}

async function openMainWindow(): Promise<void> {
  const window = createMainWindow({
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    iconPath: join(outDir, '..', 'resources', 'icon.png'),
    appVersion: app.getVersion(),
  });
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  await loadRenderer(window, renderer);
}

function failStartup(error: unknown): void {
  console.error('Deepcut could not open its window:', error);
  app.exit(1);
}

// A second launch hands over to the running instance instead of opening a second library.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenApp(rendererUrl(renderer));
  registerMediaScheme();
  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('window-all-closed', () => {
    // macOS apps stay running without windows until the user quits them.
    if (process.platform !== 'darwin') app.quit();
  });
  // The engine closes its library before the app exits (a playback's last event included).
  app.on('will-quit', (event) => {
    const running = engine;
    if (running === undefined) return;
    engine = undefined;
    event.preventDefault();
    void running.stop().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, contentSecurityPolicy({ devServerUrl }));
      engine = startEngine(rendererUrl(renderer));
      // macOS: clicking the dock icon with no window open opens one again.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow().catch(failStartup);
      });
      return openMainWindow();
    })
    .catch(failStartup);
}
