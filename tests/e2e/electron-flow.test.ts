/**
 * The same flow as web-flow.test.ts in the real Electron app, driven by Playwright's `_electron`.
 * It needs Electron's binary, which `npm install` does not download (see README); where the binary
 * is missing (no internet) the spec is skipped with that reason.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/main/engine/events/event-log';
import { TITLES, writeE2eLibrary } from './support/music';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron executable when it was downloaded, else undefined. */
function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const title = binary
  ? 'Electron app end to end'
  : 'Electron app end to end (skipped: no Electron binary here; `npm start` downloads it once online)';

describe.skipIf(binary === undefined)(title, () => {
  let dir: string;
  let app: ElectronApplication;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deepcut-electron-e2e-'));
    const { build } = await import('electron-vite');
    await build({ root: ROOT });
    app = await electron.launch({
      executablePath: binary,
      args: [join(ROOT, 'out', 'main', 'index.js')],
      env: { ...process.env, DEEPCUT_DATA: join(dir, 'data') },
    });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('first run → choose a folder → scan progress → play → skip → the event is in the log', async () => {
    const music = await writeE2eLibrary(dir);
    // The native dialog cannot be clicked by a test: main's dialog answers with the folder.
    await app.evaluate(({ dialog }, folder) => {
      dialog.showOpenDialog = (() =>
        Promise.resolve({ canceled: false, filePaths: [folder] })) as typeof dialog.showOpenDialog;
    }, music);
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'Choose music folder…' }).click();
    const bar = page.getByRole('progressbar', { name: 'Scan progress' });
    await expect
      .poll(
        async () => [await bar.getAttribute('data-done'), await bar.getAttribute('data-total')],
        {
          timeout: 60_000,
        },
      )
      .toEqual(['3', '3']);
    await page.getByRole('button', { name: `Play ${TITLES[0]}` }).click();
    const position = page.getByRole('slider', { name: 'Position' });
    await expect
      .poll(async () => Number(await position.inputValue()), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => page.getByTestId('now-playing-title').textContent()).toBe(TITLES[1]);
    const log = new EventLog({ dataDir: join(dir, 'data') });
    try {
      await expect
        .poll(async () => (await log.readAll()).events.length, { timeout: 10_000 })
        .toBe(1);
      expect((await log.readAll()).events[0]).toMatchObject({
        end: 'next',
        source: { kind: 'library' },
      });
    } finally {
      await log.close();
    }
  });
});
