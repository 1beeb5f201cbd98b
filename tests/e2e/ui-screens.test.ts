/**
 * Every screen end to end, in headless Chromium through the real `deepcut serve` over a scanned,
 * synthesized library: library (search, menu, radio), up next (reasons, a skip re-ranks), the
 * playlists (a mix saved, exported as M3U8), the discover map, track details (spectrogram,
 * history) and settings. Each screen is screenshotted in the dark and the light theme and passes
 * axe-core with no serious or critical violation (contrast included: this is a real layout).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/browser';
import { call as callApi, capture as captureScreen, goTo, SCREENSHOTS } from './support/page-tools';
import { builtRenderer } from './support/renderer-build';
import { startServe, type Served } from './support/serve';
import { UI_TRACKS, writeUiLibrary } from './support/ui-music';

let dir: string;
let served: Served;
let browser: Browser;
let page: Page;

const capture = (name: string): Promise<void> => captureScreen(page, name);
const call = <T>(channel: string, arg: unknown): Promise<T> => callApi<T>(page, channel, arg);
const go = (screen: string): Promise<void> => goTo(page, screen);

describe.skipIf(!hasChromium)(
  `every screen end to end${hasChromium ? '' : ` (${NO_CHROMIUM})`}`,
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'deepcut-ui-e2e-'));
      await mkdir(SCREENSHOTS, { recursive: true });
      const data = join(dir, 'data');
      const [renderer, music] = await Promise.all([builtRenderer(), writeUiLibrary(dir)]);
      const scan = await runCliProcess(['scan', music, '--data', data, '--json']);
      expect(scan.code, scan.stderr).toBe(0);
      served = await startServe(['--data', data], { DEEPCUT_RENDERER_DIR: renderer });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    });
    afterAll(async () => {
      await browser?.close();
      await served?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('walks library, up next, playlists, discover, details and settings', async () => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(served.url);

      // Library: every track, search as you type, the menu.
      const rows = page.getByTestId('track-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(UI_TRACKS.length);
      await capture('library');
      await page.getByRole('searchbox', { name: 'Search the library' }).fill('clicks');
      await expect.poll(() => rows.count()).toBe(3);
      await page.getByRole('searchbox', { name: 'Search the library' }).fill('');
      await expect.poll(() => rows.count()).toBe(UI_TRACKS.length);

      // Some history for the details screen, through the same API the player uses.
      const first = (
        await call<{ rows: { id: string; title: string }[] }>('library:list-tracks', { limit: 1 })
      ).rows[0];
      expect(first).toBeDefined();
      const startedAt = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
      await call('events:record', {
        track: first?.id,
        startedAt: startedAt(90),
        msPlayed: 6000,
        end: 'finished',
        source: { kind: 'library' },
      });
      await call('events:record', {
        track: first?.id,
        startedAt: startedAt(60),
        msPlayed: 500,
        end: 'next',
        source: { kind: 'library' },
      });

      // Start a radio from the menu; Up next shows why each track is there.
      await rows.filter({ hasText: 'Mid sine' }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Start radio' }).click();
      await expect.poll(() => page.getByTestId('now-playing-title').textContent()).toBe('Mid sine');
      await go('Up next');
      await page.getByText('the seed of this radio').waitFor();
      const queued = page.getByRole('list', { name: 'Up next' }).getByRole('listitem');
      await expect.poll(() => queued.count()).toBeGreaterThanOrEqual(3);
      await capture('up-next');

      // A skip re-ranks the rest of the queue through the engine.
      const reranked = page.waitForResponse((r) => r.url().endsWith('/api/recommend:rerank-queue'));
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      const reply = (await (await reranked).json()) as { ok: boolean };
      expect(reply.ok).toBe(true);

      // Playlists: save a mix, then export it as M3U8.
      await go('Playlists');
      const mixes = page
        .getByRole('navigation', { name: 'Playlists and mixes' })
        .getByRole('list', { name: 'Mixes' })
        .getByRole('button');
      await expect.poll(() => mixes.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await mixes.first().click();
      await page.getByRole('button', { name: 'Save as playlist' }).click();
      await page.getByRole('textbox', { name: 'Playlist name' }).fill('Walk mix');
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'Walk mix' }).waitFor();
      // The export is a download: the page never names a path, the browser saves the file.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export M3U8' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('Walk mix.m3u8');
      const exported = join(dir, 'exports', 'walk mix.m3u8');
      await file.saveAs(exported);
      expect((await readFile(exported, 'utf8')).startsWith('#EXTM3U')).toBe(true);
      await capture('playlists');

      // Discover: the map, a track by keyboard.
      await go('Discover');
      const map = page.getByRole('application', { name: /Map of 12 tracks/ });
      await map.waitFor({ timeout: 30_000 });
      await map.focus();
      await page.keyboard.press('ArrowRight');
      await page.locator('.map-info strong').waitFor();
      await capture('discover');

      // Track details: spectrogram, neighbours, the history recorded above.
      await go('Library');
      await rows.filter({ hasText: first?.title ?? '' }).click();
      await page.keyboard.press('i');
      await page.getByRole('heading', { name: first?.title ?? '' }).waitFor();
      await page.getByRole('img', { name: /Mel spectrogram/ }).waitFor();
      await page.getByText('1 play · 1 skip · 2 listens').waitFor();
      await capture('details');

      // Settings: folders, the engine.
      await page.keyboard.press('Escape');
      await go('Settings');
      await page.getByText(join(dir, 'data')).waitFor();
      await page.getByRole('slider', { name: 'Familiar to adventurous' }).waitFor();
      await capture('settings');

      expect(errors).toEqual([]);
    });
  },
);
