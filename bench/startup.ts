/**
 * Startup benchmark: `npm run bench:startup [-- --tracks N --runs N]`.
 * Fills a fresh library with N synthetic tracks (default 100,000: tags and random vectors in a
 * real LanceDB, no audio), starts the real `deepcut serve` on it, and times in headless Chromium
 * how long the library screen takes to show its first rows: from navigation (the URL with the
 * token, as a person opens it) to the first row visible. Prints the first open, right after the
 * server printed its address, and the median of later opens, and the peak memory of serve and of
 * its engine process. Target: ≤ 1 s.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { LibraryStore } from '../src/main/engine/store/library-store';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../tests/e2e/support/browser';
import { builtRenderer } from '../tests/e2e/support/renderer-build';
import { startServe } from '../tests/e2e/support/serve';
import { childPids } from '../tests/helpers/processes';
import { randomTrack, seededRandom } from '../tests/integration/store-fixtures';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
  },
});
const total = Number(values.tracks);
const runs = Number(values.runs);
if (!hasChromium) {
  console.error(`bench:startup needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  process.exit(2);
}

const WORDS = [
  'blue',
  'night',
  'river',
  'echo',
  'gold',
  'rain',
  'static',
  'velvet',
  'ember',
  'drift',
];
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Fills the store with tracks whose tags vary like a real library's. */
async function fillLibrary(dataDir: string): Promise<void> {
  const store = await LibraryStore.open(dataDir, { annThreshold: total + 1 });
  try {
    const random = seededRandom(2026);
    const started = performance.now();
    for (let start = 0; start < total; start += 5000) {
      const batch = [];
      for (let i = start; i < Math.min(total, start + 5000); i++) {
        const word = (k: number): string => WORDS[(i * 7 + k * 13) % WORDS.length] ?? 'x';
        batch.push({
          ...randomTrack(i, random),
          title: `${word(1)} ${word(2)} ${i}`,
          artist: `Artist ${i % 4000}`,
          album: `Album ${i % 9000}`,
          trackNo: (i % 12) + 1,
        });
      }
      await store.writeTracks(batch);
    }
    await store.compact();
    await store.setFolders(['/music']);
    console.log(`library: ${total} tracks written in ${seconds(performance.now() - started)}`);
  } finally {
    await store.close();
  }
}

async function firstRowsMs(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  try {
    const started = performance.now();
    await page.goto(url);
    await page.getByTestId('track-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    return performance.now() - started;
  } finally {
    await page.close();
  }
}

async function rssMb(pid: number | undefined): Promise<string> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
  return kb === undefined ? 'n/a' : `${(Number(kb) / 1024).toFixed(0)} MB`;
}

const scratch = await mkdtemp(join(tmpdir(), 'deepcut-bench-startup-'));
try {
  const dataDir = join(scratch, 'data');
  const [renderer] = await Promise.all([builtRenderer(), fillLibrary(dataDir)]);
  const browser = await launchChromium();
  try {
    const spawned = performance.now();
    const served = await startServe(['--data', dataDir], { DEEPCUT_RENDERER_DIR: renderer });
    console.log(`deepcut serve printed its address after ${seconds(performance.now() - spawned)}`);
    try {
      const first = await firstRowsMs(browser, served.url);
      const later: number[] = [];
      for (let i = 0; i < runs; i++) later.push(await firstRowsMs(browser, served.url));
      later.sort((a, b) => a - b);
      const median = later[Math.floor(later.length / 2)] ?? NaN;
      console.log(`first rows, first open:            ${seconds(first)}`);
      console.log(
        `first rows, later opens (median):  ${seconds(median)} (of ${runs}; min ${seconds(later[0] ?? NaN)}, max ${seconds(later.at(-1) ?? NaN)})`,
      );
      console.log(`target ≤ 1.00 s: ${Math.max(first, median) <= 1000 ? 'met' : 'missed'}`);
      const servePid = served.child.pid ?? 0;
      console.log(`serve process peak RSS: ${await rssMb(servePid)}`);
      // The engine runs in serve's child process (engine-host/process-entry.ts).
      for (const pid of childPids(servePid))
        console.log(`engine process (pid ${pid}) peak RSS: ${await rssMb(pid)}`);
    } finally {
      await served.stop();
    }
  } finally {
    await browser.close();
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
