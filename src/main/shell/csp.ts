/**
 * The renderer's Content-Security-Policy, in one place for both deliveries: the `<meta>` tag the
 * renderer build injects into index.html, and the response header the shell adds. No electron
 * import, so the build config can use it too.
 */
import { MEDIA_SCHEME } from '../../shared/app-info';

/**
 * SHA-256 of the inline React Refresh preamble that @vitejs/plugin-react injects into index.html
 * on the dev server. Allowing exactly this script keeps `script-src` free of 'unsafe-inline' even
 * in development; a unit test recomputes it from the installed plugin so an upgrade cannot drift.
 */
export const REACT_REFRESH_PREAMBLE_HASH = "'sha256-Z2/iFzh9VMlVkEOar1f/oSHWwQk3ve1qk/C2WdsC4Xk='";

/** Options for {@link contentSecurityPolicy}. */
export type CspOptions = Readonly<{
  /** The Vite dev server's URL under `electron-vite dev`; absent for the built app. */
  devServerUrl?: string;
  /** `meta` leaves out `frame-ancestors`, which browsers ignore (with a warning) in a `<meta>`. */
  delivery?: 'header' | 'meta';
}>;

/** The policy string for the app's own pages. */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const { devServerUrl, delivery = 'header' } = options;
  const dev = devServerUrl !== undefined;
  const directives: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", REACT_REFRESH_PREAMBLE_HASH] : ["'self'"]],
    // Vite's dev server injects each imported stylesheet as a <style> element (that is how CSS
    // hot-reloads); the build extracts CSS to a file, so production needs only 'self'.
    ['style-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['media-src', ["'self'", `${MEDIA_SCHEME}:`]],
    // The dev server's hot-module-reload socket.
    ['connect-src', dev ? ["'self'", webSocketOrigin(devServerUrl)] : ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ...(delivery === 'header' ? [['frame-ancestors', ["'none'"]] as const] : []),
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

function webSocketOrigin(httpUrl: string): string {
  const url = new URL(httpUrl);
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${url.host}`;
}
