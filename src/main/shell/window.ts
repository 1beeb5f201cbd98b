/** The main window: how it is built, where its page comes from, and how it is brought forward. */
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { APP_NAME, appVersionArgument } from '../../shared/app-info';
import { SECURE_WEB_PREFERENCES } from './security';

/** Where the renderer page comes from: the Vite dev server, or the built index.html. */
export type RendererSource =
  Readonly<{ kind: 'dev-server'; url: string }> | Readonly<{ kind: 'file'; path: string }>;

/** Options for {@link createMainWindow}. */
export type MainWindowOptions = Readonly<{
  /** The built preload script (CommonJS: sandboxed preloads cannot load ES modules). */
  preloadPath: string;
  iconPath: string;
  appVersion: string;
}>;

// The renderer's dark --bg, so the window never flashes white while the page loads.
const BACKGROUND_COLOR = '#14161c';

/** The URL the renderer is served from: the only place its frames may navigate to. */
export function rendererUrl(source: RendererSource): string {
  return source.kind === 'dev-server' ? source.url : pathToFileURL(source.path).href;
}

/** Builds the hidden main window with the secure web preferences; it shows itself once painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: APP_NAME,
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: false,
    backgroundColor: BACKGROUND_COLOR,
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      preload: options.preloadPath,
      additionalArguments: [appVersionArgument(options.appVersion)],
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Loads the renderer page into `window`. */
export function loadRenderer(window: BrowserWindow, source: RendererSource): Promise<void> {
  return source.kind === 'dev-server' ? window.loadURL(source.url) : window.loadFile(source.path);
}

/** Brings `window` to the front, un-minimising it; a no-op while no window exists. */
export function focusWindow(window: BrowserWindow | undefined): void {
  if (window === undefined || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
