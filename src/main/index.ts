/** Electron entry: app lifecycle only. Policy lives in shell/security.ts, windows in shell/window.ts. */
import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import type { RendererSource } from './shell/window';
import { contentSecurityPolicy } from './shell/csp';
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
  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('window-all-closed', () => {
    // macOS apps stay running without windows until the user quits them.
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, contentSecurityPolicy({ devServerUrl }));
      // macOS: clicking the dock icon with no window open opens one again.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow().catch(failStartup);
      });
      return openMainWindow();
    })
    .catch(failStartup);
}
