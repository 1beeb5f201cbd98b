/**
 * The app's settings, in `<data>/settings.json` beside the library, so the desktop app and the
 * web mode over the same data folder agree. A missing or damaged file reads as the defaults (a
 * settings file is not worth refusing to start over); writes replace it atomically.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  MAX_CROSSFADE_SEC,
  NORMALISATIONS,
  THEMES,
  type AppSettings,
} from '../../../shared/api-contract-ui';
import { DEFAULT_ADVENTUROUS } from '../recommend/types';

/** The settings of a new library: no crossfade, no levelling, the system's colours, watched folders. */
export const DEFAULT_SETTINGS: AppSettings = {
  adventurous: DEFAULT_ADVENTUROUS,
  crossfadeSec: 0,
  normalisation: 'off',
  theme: 'system',
  watchFolders: true,
};
const DEFAULTS = DEFAULT_SETTINGS;

// Each setting falls back on its own: one bad value (or a file from before it existed) keeps the rest.
const fileSchema = z.object({
  adventurous: z.number().min(0).max(1).catch(DEFAULTS.adventurous),
  crossfadeSec: z.number().min(0).max(MAX_CROSSFADE_SEC).catch(DEFAULTS.crossfadeSec),
  normalisation: z.enum(NORMALISATIONS).catch(DEFAULTS.normalisation),
  theme: z.enum(THEMES).catch(DEFAULTS.theme),
  watchFolders: z.boolean().catch(DEFAULTS.watchFolders),
});

/** Reads and writes one data folder's settings; writes are serialised. */
export class SettingsFile {
  private readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  async read(): Promise<AppSettings> {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(this.path, 'utf8'));
    } catch {
      return DEFAULTS;
    }
    const parsed = fileSchema.safeParse(value);
    return parsed.success ? parsed.data : DEFAULTS;
  }

  /** Applies a change and returns the settings as saved. */
  update(change: Partial<AppSettings>): Promise<AppSettings> {
    const run = this.queue.then(async () => {
      const next: AppSettings = { ...(await this.read()), ...definedOnly(change) };
      await mkdir(join(this.path, '..'), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(`${JSON.stringify(next, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function definedOnly(change: Partial<AppSettings>): Partial<AppSettings> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
}
