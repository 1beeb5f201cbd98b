import { createHash } from 'node:crypto';
import react from '@vitejs/plugin-react';
import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as csp from '../../src/main/shell/csp';
import * as security from '../../src/main/shell/security';
import * as mainWindow from '../../src/main/shell/window';
import type { ElectronMock, Headers } from '../helpers/electron-mock';
import { FakeWebContents, navigationEvent } from '../helpers/electron-mock';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);
beforeEach(() => mock.reset());

const DEV_URL = 'http://localhost:5173';
const FILE_URL = 'file:///opt/deepcut/out/renderer/index.html';

function hardened(appUrl: string): FakeWebContents {
  const contents = new FakeWebContents();
  security.hardenWebContents(contents as unknown as WebContents, appUrl);
  return contents;
}

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('window web preferences', () => {
  it('keep the renderer isolated, sandboxed and without Node', () => {
    expect(security.SECURE_WEB_PREFERENCES).toEqual({
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
    });
  });

  it('are what the main window is built with, plus the preload and the version switch', () => {
    mainWindow.createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      iconPath: '/app/resources/icon.png',
      appVersion: '1.2.3',
    });
    const [window] = mock.windows;
    expect(window?.options.webPreferences).toEqual({
      ...security.SECURE_WEB_PREFERENCES,
      preload: '/app/out/preload/index.cjs',
      additionalArguments: ['--deepcut-app-version=1.2.3'],
    });
  });

  it('leave the window hidden until its first paint', () => {
    const created = mainWindow.createMainWindow({
      preloadPath: 'p',
      iconPath: 'i',
      appVersion: '1',
    });
    const [window] = mock.windows;
    expect(window?.options.show).toBe(false);
    expect(created.show).not.toHaveBeenCalled();
    window?.emit('ready-to-show');
    expect(created.show).toHaveBeenCalledOnce();
  });
});

describe('navigation', () => {
  it.each([
    [`${DEV_URL}/`, DEV_URL, true],
    [`${DEV_URL}/src/App.tsx?t=1`, DEV_URL, true],
    ['http://localhost:5174/', DEV_URL, false],
    ['https://localhost:5173/', DEV_URL, false],
    ['https://evil.example/', DEV_URL, false],
    [`${FILE_URL}#/library`, FILE_URL, true],
    ['file:///etc/passwd', FILE_URL, false],
    ['file:///opt/deepcut/out/renderer/other.html', FILE_URL, false],
    ['http://localhost:5173/', FILE_URL, false],
    ['javascript:alert(1)', FILE_URL, false],
    ['not a url', DEV_URL, false],
  ])('to %s from %s allowed: %s', (url, appUrl, allowed) => {
    expect(security.isAllowedNavigation(url, appUrl)).toBe(allowed);
  });

  it.each(['will-navigate', 'will-redirect'])('%s away from the app is blocked', (event) => {
    const contents = hardened(DEV_URL);
    const away = navigationEvent('https://evil.example/');
    const home = navigationEvent(`${DEV_URL}/index.html`);
    contents.emit(event, away);
    contents.emit(event, home);
    expect(away.prevented()).toBe(true);
    expect(home.prevented()).toBe(false);
  });

  it('refuses <webview>', () => {
    const contents = hardened(FILE_URL);
    const attach = navigationEvent('https://evil.example/');
    contents.emit('will-attach-webview', attach);
    expect(attach.prevented()).toBe(true);
  });
});

describe('new windows', () => {
  it('are denied; web links open in the system browser', () => {
    const contents = hardened(FILE_URL);
    expect(contents.windowOpenHandler?.({ url: 'https://musicbrainz.org/' })).toEqual({
      action: 'deny',
    });
    expect(mock.shell.openExternal).toHaveBeenCalledWith('https://musicbrainz.org/');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', FILE_URL])(
    'are denied and %s is not opened anywhere',
    (url) => {
      const contents = hardened(FILE_URL);
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(mock.shell.openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('app-wide guards', () => {
  it('sandbox every renderer and harden every WebContents as it is created', () => {
    security.hardenApp(FILE_URL);
    expect(mock.app.enableSandbox).toHaveBeenCalledOnce();
    const contents = new FakeWebContents();
    mock.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    const away = navigationEvent('https://example.com/');
    contents.emit('will-navigate', away);
    expect(away.prevented()).toBe(true);
  });
});

describe('session', () => {
  function hardenedSession(): ElectronMock['session']['defaultSession'] {
    const session = mock.session.defaultSession;
    security.hardenSession(session as unknown as Session, 'default-src the-policy');
    return session;
  }

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'])(
    'denies the %s permission request and check',
    (permission) => {
      const session = hardenedSession();
      const request = session.setPermissionRequestHandler.mock.lastCall?.[0];
      const check = session.setPermissionCheckHandler.mock.lastCall?.[0];
      const callback = vi.fn();
      request?.(null, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check?.(null, permission)).toBe(false);
    },
  );

  it('adds the CSP header to responses and keeps their other headers', () => {
    const listener = hardenedSession().webRequest.onHeadersReceived.mock.lastCall?.[0];
    let headers: Headers | undefined;
    listener?.(
      { url: FILE_URL, responseHeaders: { 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ['default-src the-policy'],
    });
  });
});

describe('content security policy', () => {
  it('is strict for the built app', () => {
    const policy = csp.contentSecurityPolicy();
    const parsed = directives(policy);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain("'unsafe-inline'");
    expect(parsed.get('default-src')).toEqual(["'self'"]);
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    expect(parsed.get('style-src')).toEqual(["'self'"]);
    expect(parsed.get('connect-src')).toEqual(["'self'"]);
    expect(parsed.get('img-src')).toEqual(["'self'", 'data:']);
    expect(parsed.get('media-src')).toEqual(["'self'", 'deepcut-media:']);
    expect(parsed.get('object-src')).toEqual(["'none'"]);
    expect(parsed.get('base-uri')).toEqual(["'none'"]);
    expect(parsed.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('leaves frame-ancestors out of the <meta> form, where browsers ignore it', () => {
    const meta = directives(csp.contentSecurityPolicy({ delivery: 'meta' }));
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(meta.get('object-src')).toEqual(["'none'"]);
  });

  it('admits only the dev server socket and the React Refresh preamble in development', () => {
    const policy = csp.contentSecurityPolicy({ devServerUrl: DEV_URL });
    const parsed = directives(policy);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(parsed.get('script-src')).toEqual(["'self'", csp.REACT_REFRESH_PREAMBLE_HASH]);
    expect(parsed.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(parsed.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(parsed.get('object-src')).toEqual(["'none'"]);
  });

  it('pins the hash of the preamble the installed React plugin injects', () => {
    const preamble = react.preambleCode.replace('__BASE__', '/');
    const hash = createHash('sha256').update(preamble).digest('base64');
    expect(csp.REACT_REFRESH_PREAMBLE_HASH).toBe(`'sha256-${hash}'`);
  });
});
