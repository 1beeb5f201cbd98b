/**
 * The shell's security policy (Electron security checklist): locked-down web preferences, no
 * navigation away from the app, no new windows, no permissions, and a strict CSP header.
 */
import { app, shell } from 'electron';
import type { Session, WebContents, WebPreferences } from 'electron';

/**
 * Web preferences for every app window. Most equal Electron's defaults; they are spelled out so a
 * reviewer (and the unit tests) can see the whole policy in one place.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences);

/**
 * Whether a frame may navigate to `url`: only to the app's own page. For the dev server that is
 * its origin (Vite serves every module from it); for a file it is the same file, because every
 * file: URL shares the opaque origin and "same origin" would admit the whole disk.
 */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const home = parseUrl(appUrl);
  if (target === undefined || home === undefined || target.protocol !== home.protocol) return false;
  switch (home.protocol) {
    case 'http:':
    case 'https:':
      return target.origin === home.origin;
    case 'file:':
      return target.host === home.host && target.pathname === home.pathname;
    default:
      return false;
  }
}

/** Whether `url` may be handed to the system browser: web links only, never file: or custom schemes. */
export function isExternalWebLink(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed?.protocol === 'https:' || parsed?.protocol === 'http:';
}

/**
 * Guards one WebContents: blocks navigation away from `appUrl`, refuses every new window (web
 * links open in the system browser instead) and refuses `<webview>`.
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  const blockForeign = (event: Readonly<{ url: string; preventDefault: () => void }>): void => {
    if (!isAllowedNavigation(event.url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Denies every permission request and check (camera, notifications, clipboard…) and stamps the
 * CSP header on responses. The header complements the `<meta>` policy in index.html, which is the
 * one that reliably covers file: pages.
 */
export function hardenSession(session: Session, policy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] },
    });
  });
}

/**
 * App-wide guards that must be in place before the first window exists: the sandbox for every
 * renderer, and {@link hardenWebContents} on every WebContents as it is created.
 */
export function hardenApp(appUrl: string): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
