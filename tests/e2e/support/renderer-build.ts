/**
 * The built renderer for end-to-end tests, made once with the app's own renderer config
 * (electron.vite.config.ts) into a cache folder beside node_modules, never into out/, and made
 * again only when a source file is newer than the build.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'deepcut-e2e');
/** Where the built renderer lands. */
export const RENDERER_DIR = join(CACHE, 'renderer');
const SOURCES = ['src/renderer', 'src/shared', 'src/preload/api.d.ts', 'electron.vite.config.ts'];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((name) => newestMtime(join(path, name))));
  return Math.max(info.mtimeMs, ...times);
}

async function isFresh(): Promise<boolean> {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = (await stat(index)).mtimeMs;
  const sources = await Promise.all(SOURCES.map((path) => newestMtime(join(ROOT, path))));
  return Math.max(...sources) < built;
}

/** Builds the renderer unless the cached build is current; returns its folder. */
export async function builtRenderer(): Promise<string> {
  if (await isFresh()) return RENDERER_DIR;
  const { default: config } = (await import('../../../electron.vite.config')) as {
    default: { renderer: InlineConfig };
  };
  await mkdir(CACHE, { recursive: true });
  // Built beside the target and swapped in, so two test files building at once never serve a
  // half-written folder.
  const scratch = join(CACHE, `renderer-${process.pid}-${Date.now()}`);
  await build({
    ...config.renderer,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir: scratch, emptyOutDir: true },
  });
  await rm(RENDERER_DIR, { recursive: true, force: true });
  await rename(scratch, RENDERER_DIR).catch(async () => {
    // Another build won the race; its result is as good as this one.
    await rm(scratch, { recursive: true, force: true });
  });
  return RENDERER_DIR;
}
