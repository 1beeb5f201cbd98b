import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The app's name as Electron derives its userData folder from it. */
export const APP_NAME = 'Deepcut';

/**
 * The OS app-data folder for Deepcut: the same folder Electron's `app.getPath('userData')`
 * gives, so the CLI and the desktop app share one library.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
  }
}

/** `--data DIR` wins, then `DEEPCUT_DATA`, then the OS default. */
export function resolveDataDir(flag?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.DEEPCUT_DATA;
  return chosen ? resolve(chosen) : defaultDataDir(process.platform, env);
}
