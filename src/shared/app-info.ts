/** Facts about the app that the shell, the preload and the renderer agree on. Pure TypeScript. */

/** The product name shown in titles and headers. */
export const APP_NAME = 'Deepcut';

/**
 * URL scheme of the media protocol the shell will register to stream local audio and artwork;
 * the Content-Security-Policy already admits it so the player needs no policy change.
 */
export const MEDIA_SCHEME = 'deepcut-media';

const VERSION_SWITCH = '--deepcut-app-version=';

/**
 * The command-line switch that carries the app version into the renderer process. A sandboxed
 * preload cannot reach `app.getVersion()`, but it can read its own `process.argv`.
 */
export function appVersionArgument(version: string): string {
  return `${VERSION_SWITCH}${version}`;
}

/** The version passed by {@link appVersionArgument}, or `'unknown'` when the switch is absent. */
export function appVersionFromArgv(argv: readonly string[]): string {
  const found = argv.find((arg) => arg.startsWith(VERSION_SWITCH));
  return found === undefined ? 'unknown' : found.slice(VERSION_SWITCH.length);
}
