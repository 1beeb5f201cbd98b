// `npm start`: make sure Electron's binary is present, rebuild out/ only when the sources are newer
// than it (a rebuild costs seconds on every launch; the check costs milliseconds), then launch.
// `npm start -- --rebuild` forces the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { preview } from 'electron-vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const OUTPUTS = [
  'out/main/index.js',
  'out/main/engine-host.js',
  'out/main/analysis-worker.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json'];

const OFFLINE_MESSAGE = `
Electron's binary could not be downloaded (offline?). The engine works without it:
  npx deepcut scan <folder>
Run \`npm start\` again once you are online; the download happens only once.
`;

/** The Electron executable, or undefined when it was never downloaded. */
function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH) return process.env.ELECTRON_EXEC_PATH;
  try {
    // electron/index.js resolves the path once at load; forget it so a retry sees a new download.
    delete require.cache[require.resolve('electron')];
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** npm 11 blocks Electron's postinstall, so the first start runs its download step. */
function ensureElectronBinary() {
  if (electronBinary() !== undefined) return true;
  process.stdout.write('Downloading the Electron binary (first run only)…\n');
  const installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  const result = spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  return result.status === 0 && electronBinary() !== undefined;
}

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stats.mtimeMs,
  );
}

function buildIsStale() {
  const outputs = OUTPUTS.map((path) => join(root, path));
  if (!outputs.every((path) => existsSync(path))) return true;
  const oldestOutput = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  const newestInput = Math.max(...INPUTS.map((path) => newestMtime(join(root, path))));
  return newestInput > oldestOutput;
}

if (!ensureElectronBinary()) {
  process.stderr.write(OFFLINE_MESSAGE);
  process.exit(1);
}
// electron-vite reads package.json from the working directory.
process.chdir(root);
const skipBuild = !process.argv.includes('--rebuild') && !buildIsStale();
await preview({ root }, { skipBuild });
