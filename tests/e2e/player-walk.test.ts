/**
 * The player end to end, in headless Chromium through the real `deepcut serve` over a scanned,
 * synthesized library of four album folders (one with a cover.jpg) and a symlink leading out of
 * the music folder: the Albums grid and an album's page with covers, the cover in the player
 * bar, a radio's Next with a live seek bar, volume, shuffle and its undo, repeat one, Play next,
 * saving the queue, a mix that extends itself, Love and "Don't play this" (the banned track in
 * none of ten radios), crossfade on, a file deleted while queued (said in words, skipped), and
 * a file added to the watched folder appearing without a rescan. New screens are screenshotted
 * in both themes and pass axe-core with no serious or critical violation.
 */
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli';
import { encode, synthesize } from '../helpers/synth';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/browser';
import { call as callApi, capture, goTo, SCREENSHOTS } from './support/page-tools';
import { writePlayerLibrary, type PlayerLibrary } from './support/player-music';
import { builtRenderer } from './support/renderer-build';
import { startServe, type Served } from './support/serve';
import { UI_TRACKS } from './support/ui-music';

let dir: string;
let library: PlayerLibrary;
let served: Served;
let browser: Browser;
let page: Page;
let scanOutput: string;

const call = <T>(channel: string, arg: unknown): Promise<T> => callApi<T>(page, channel, arg);
const title = () => page.getByTestId('now-playing-title').textContent();
const bar = () => page.getByRole('contentinfo', { name: 'Player' });
const seconds = (text: string | null): number => {
  const [m, s] = (text ?? '0:00').split(':').map(Number);
  return (m ?? 0) * 60 + (s ?? 0);
};
const position = async () =>
  seconds(
    ((await bar().getByRole('slider', { name: 'Position' }).getAttribute('aria-valuetext')) ?? '')
      .split(' of ')[0]
      ?.trim() ?? null,
  );

describe.skipIf(!hasChromium)(
  `the player end to end${hasChromium ? '' : ` (${NO_CHROMIUM})`}`,
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'deepcut-player-e2e-'));
      await mkdir(SCREENSHOTS, { recursive: true });
      const data = join(dir, 'data');
      const [renderer, written] = await Promise.all([builtRenderer(), writePlayerLibrary(dir)]);
      library = written;
      const scan = await runCliProcess(['scan', library.music, '--data', data, '--json']);
      expect(scan.code, scan.stderr).toBe(0);
      scanOutput = scan.stdout + scan.stderr;
      served = await startServe(['--data', data], { DEEPCUT_RENDERER_DIR: renderer });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      await served?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('plays, queues, loves, bans, crossfades, survives a deleted file and sees a new one', async () => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(served.url);
      const rows = page.getByTestId('track-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(UI_TRACKS.length);

      // The symlink that leads outside the music folder was refused at scan time, with why.
      expect(scanOutput).toMatch(/symlink leads outside the music folders/);
      const tracks = await call<{ rows: { id: string; title: string }[] }>('library:list-tracks', {
        limit: 100,
      });
      expect(tracks.rows.map((r) => r.title)).not.toContain('Outside');
      const idOf = (name: string) => tracks.rows.find((r) => r.title === name)?.id ?? '';

      // Albums: four covers' tiles, the Tones one a picture; its page; Play shows the cover in the bar.
      await page.getByRole('button', { name: 'Albums', exact: true }).click();
      const tiles = page.getByTestId('album-tile');
      await expect.poll(() => tiles.count()).toBe(4);
      const tones = tiles.filter({ hasText: 'Tones' });
      await expect
        .poll(() =>
          tones
            .locator('img')
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
      await capture(page, 'albums');
      await tones.getByRole('button', { name: /^Tones/ }).click();
      await page.getByRole('heading', { name: 'Tones' }).waitFor();
      await page
        .locator('.album-header')
        .getByRole('button', { name: 'Play', exact: true })
        .click();
      await expect.poll(title).toBe('Low sine');
      await expect
        .poll(() =>
          bar()
            .locator('img')
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
      await capture(page, 'album');
      await page.getByRole('button', { name: 'Tracks', exact: true }).click();

      // A radio: Next, and the seek bar works on the track Next started.
      await rows.filter({ hasText: 'Mid sine' }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Start radio' }).click();
      await expect.poll(title).toBe('Mid sine');
      await bar().getByRole('button', { name: 'Next', exact: true }).click();
      await expect.poll(title).not.toBe('Mid sine');
      const duration = page.getByTestId('track-duration');
      await expect.poll(async () => seconds(await duration.textContent())).toBeGreaterThan(0);
      const seek = bar().getByRole('slider', { name: 'Position' });
      await seek.fill('6');
      await expect.poll(position).toBeGreaterThanOrEqual(6);

      // Volume (kept for the next visit), shuffle and its undo.
      await bar().getByRole('slider', { name: 'Volume' }).fill('40');
      await expect
        .poll(() =>
          page.evaluate(() =>
            JSON.stringify(
              Object.values({
                ...(globalThis as unknown as { localStorage: Record<string, string> }).localStorage,
              }),
            ),
          ),
        )
        .toMatch(/0\.4/);
      const queueTitles = () =>
        page
          .getByRole('list', { name: 'Up next' })
          .getByRole('listitem')
          .locator('strong')
          .allTextContents();
      await goTo(page, 'Up next');
      const before = await queueTitles();
      await bar().getByRole('button', { name: 'Shuffle' }).click();
      await bar().getByRole('button', { name: 'Shuffle' }).click();
      expect(await queueTitles()).toEqual(before);

      // Repeat one: the end of the track starts it again.
      const repeated = await title();
      await bar().getByRole('button', { name: 'Repeat: off' }).click();
      await bar().getByRole('button', { name: 'Repeat: all' }).click();
      await seek.fill(String(seconds(await duration.textContent()) - 1));
      await expect.poll(position, { timeout: 15_000 }).toBeLessThan(4);
      expect(await title()).toBe(repeated);
      await bar().getByRole('button', { name: 'Repeat: this track' }).click();

      // Play next from the library's menu; save the queue as a playlist.
      await goTo(page, 'Library');
      await rows.filter({ hasText: 'Deep sine' }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Play next' }).click();
      await goTo(page, 'Up next');
      // Next after the one playing (or playing already, if that one just ended).
      await expect
        .poll(async () => [await title(), ...(await queueTitles())].slice(0, 2))
        .toContain('Deep sine');
      await capture(page, 'up-next-artwork');
      await page.getByRole('button', { name: 'Save as playlist…' }).click();
      await page.getByRole('textbox', { name: 'Playlist name' }).fill('Walk queue');
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(async () =>
          (await call<{ playlists: { name: string }[] }>('playlists:list-all', {})).playlists.map(
            (p) => p.name,
          ),
        )
        .toContain('Walk queue');

      // Love the track playing; "Don't play this" on another: it never comes back in ten radios.
      const loved = (await title()) ?? '';
      await bar()
        .getByRole('button', { name: `Love “${loved}”` })
        .click();
      await goTo(page, 'Library');
      await rows.filter({ hasText: 'White rain' }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Don’t play this' }).click();
      await expect
        .poll(async () => {
          const list = await call<{ loved: unknown[]; banned: unknown[] }>('feedback:list', {});
          return [list.loved.length, list.banned.length];
        })
        .toEqual([1, 1]);
      const banned = idOf('White rain');
      for (const seed of tracks.rows.filter((r) => r.id !== banned).slice(0, 10)) {
        const radio = await call<{ id: string }[]>('recommend:make-radio', {
          seeds: [{ kind: 'track', id: seed.id }],
          count: 30,
        });
        expect(radio.map((r) => r.id)).not.toContain(banned);
      }

      // A mix of a few tracks goes on by itself when it runs low.
      await goTo(page, 'Playlists');
      const mixes = page
        .getByRole('navigation', { name: 'Playlists and mixes' })
        .getByRole('list', { name: 'Mixes' })
        .getByRole('button');
      await expect.poll(() => mixes.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await mixes.first().click();
      const extended = page.waitForResponse((r) =>
        r.url().endsWith('/api/recommend:continue-queue'),
      );
      await page.locator('.list-head').getByRole('button', { name: 'Play', exact: true }).click();
      const more = (await (await extended).json()) as { ok: boolean; value: unknown[] };
      expect(more.ok).toBe(true);
      expect(more.value.length).toBeGreaterThan(0);

      // Crossfade on, then Next: the next track starts and plays on.
      await goTo(page, 'Settings');
      const fade = page.getByRole('slider', { name: 'Crossfade' });
      await fade.focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await expect
        .poll(
          async () =>
            (await call<{ crossfadeSec: number }>('settings:get-settings', {})).crossfadeSec,
        )
        .toBe(3);
      await capture(page, 'settings-playback');
      const faded = await title();
      await bar().getByRole('button', { name: 'Next', exact: true }).click();
      await expect.poll(title).not.toBe(faded);
      const at = await position();
      await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(at);

      // A file deleted while it waits in the queue: said in words, and the player moves on. The
      // watch is paused for this step, or it may take the track out of the queue first (also
      // right, but then nothing is left to report, and which comes first is a race).
      await goTo(page, 'Up next');
      const [, doomed, after] = await queueTitles();
      expect(doomed).toBeDefined();
      await call('settings:update-settings', { watchFolders: false });
      await rm(library.files.get(doomed ?? '') ?? '');
      await bar().getByRole('button', { name: 'Next', exact: true }).click();
      await expect
        .poll(() => bar().getByRole('alert').textContent(), { timeout: 15_000 })
        .toMatch(/file is gone|no longer in the library/i);
      // A skip re-ranks the rest, so which track follows may change; the doomed one never plays.
      await expect.poll(title, { timeout: 15_000 }).not.toBe(doomed);
      expect(after).toBeDefined();
      await capture(page, 'file-gone');
      await call('settings:update-settings', { watchFolders: true });

      // A file added to the watched folder appears without a rescan.
      await goTo(page, 'Library');
      const added = Date.now();
      // Written aside and moved in, as a download or a copy finishes.
      const staged = await encode(
        synthesize({ kind: 'sine', freq: 523 }, 4),
        join(dir, 'staging', 'new.flac'),
        'flac',
        {
          tags: { title: 'New arrival', artist: 'Ada Tone', album: 'Tones' },
        },
      );
      await rename(staged, join(library.music, 'Tones', '09 - New arrival.flac'));
      await expect
        .poll(() => rows.filter({ hasText: 'New arrival' }).count(), { timeout: 60_000 })
        .toBeGreaterThan(0);
      console.log(
        `watch: a new file was in the library list ${Date.now() - added} ms after it was copied`,
      );

      expect(errors).toEqual([]);
    }, 300_000);
  },
);
