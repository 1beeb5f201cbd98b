/**
 * End to end in headless Chromium through the real `deepcut serve` and the real engine: the first
 * run (type a folder), the scan with its progress bar, play, skip, and the skip in the event log.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/main/engine/events/event-log';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/browser';
import { TITLES, writeE2eLibrary } from './support/music';
import { builtRenderer } from './support/renderer-build';
import { startServe, type Served } from './support/serve';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

let dir: string;
let music: string;
let served: Served;
let browser: Browser;
let page: Page;

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `web-${name}.png`) });
}

describe.skipIf(!hasChromium)(
  `web mode end to end${hasChromium ? '' : ` (${NO_CHROMIUM})`}`,
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'deepcut-e2e-'));
      await mkdir(SCREENSHOTS, { recursive: true });
      const [renderer, folder] = await Promise.all([builtRenderer(), writeE2eLibrary(dir)]);
      music = folder;
      served = await startServe(['--data', join(dir, 'data')], { DEEPCUT_RENDERER_DIR: renderer });
      browser = await launchChromium();
      page = await browser.newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await served?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('first run → choose a folder → scan progress → play → skip → the event is in the log', async () => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));

      // First run: an empty library asks for a folder.
      await page.goto(served.url);
      await expect.poll(() => page.url()).toBe(`${served.origin}/`);
      const field = page.getByLabel('Music folder (full path)');
      await field.waitFor();
      await screenshot('1-first-run');
      await field.fill(music);
      await page.getByRole('button', { name: 'Add folder and scan' }).click();

      // The scan's progress bar fills from the engine's progress events alone.
      const bar = page.getByRole('progressbar', { name: 'Scan progress' });
      await expect
        .poll(
          async () => [await bar.getAttribute('data-done'), await bar.getAttribute('data-total')],
          {
            timeout: 60_000,
          },
        )
        .toEqual(['3', '3']);
      await page
        .getByTestId('scan-outcome')
        .getByText('Scan finished: 3 tracks')
        .waitFor({ timeout: 60_000 });
      const rows = page.getByTestId('track-row');
      await expect.poll(() => rows.count()).toBe(3);
      expect(await rows.first().textContent()).toContain(TITLES[0]);
      await screenshot('2-library');

      // Play the first track for a moment.
      await page.getByRole('button', { name: `Play ${TITLES[0]}` }).click();
      await expect.poll(() => page.getByTestId('now-playing-title').textContent()).toBe(TITLES[0]);
      const position = page.getByRole('slider', { name: 'Position' });
      await expect
        .poll(async () => Number(await position.inputValue()), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(1);
      await screenshot('3-playing');

      // Skip to the next one.
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect.poll(() => page.getByTestId('now-playing-title').textContent()).toBe(TITLES[1]);
      await screenshot('4-skipped');

      // The skip is in the profile's event log on disk.
      const log = new EventLog({ dataDir: join(dir, 'data') });
      try {
        await expect
          .poll(async () => (await log.readAll()).events.length, { timeout: 10_000 })
          .toBeGreaterThanOrEqual(1);
        const [event] = (await log.readAll()).events;
        expect(event).toMatchObject({ end: 'next', source: { kind: 'library' } });
        expect(event?.session).toMatch(/\S/);
        expect(event?.msPlayed).toBeGreaterThanOrEqual(500);
        expect(event?.msPlayed).toBeLessThan(12_000);
        expect(event?.durationMs).toBeGreaterThan(11_000);
        expect(event?.durationMs).toBeLessThan(13_000);
        const played = await page.evaluate(async (id) => {
          const response = await fetch('/api/library:get-track', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id }),
          });
          return ((await response.json()) as { value: { title: string } }).value.title;
        }, event?.track ?? '');
        expect(played).toBe(TITLES[0]);
      } finally {
        await log.close();
      }
      expect(errors).toEqual([]);
    });
  },
);
