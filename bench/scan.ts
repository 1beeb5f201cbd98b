/**
 * Scan benchmark: `npm run bench:scan -- [folder] [--copies N] [--workers N] [--no-floor]`.
 * Default folder: the dev corpus (../corpus-dev beside the project, or /work/corpus-dev).
 *
 * In one run, so that both see the same machine load:
 * 1. the decode floor: the bundled ffmpeg decoding the very excerpts a scan decodes, with the
 *    very command it runs (audio/decode.ts excerptDecodeArgs), alone: one process per file, two
 *    at a time, output read and dropped;
 * 2. a scan of the folder into a fresh data folder (tags, artwork, decode, Meyda log-mel,
 *    loudness, embedding, LanceDB), its tracks/s, CPU split by process, peak RSS;
 * 3. the floor again: the ratio is scan time over the mean of both floors;
 * 4. with `--copies N`, a scan of N copies of the folder, its RSS at every tenth: memory flat
 *    as the library grows shows as flat numbers.
 * Load averages are printed beside every figure: the machine is shared.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { excerptDecodeArgs } from '../src/main/engine/audio/decode';
import { planExcerpts } from '../src/main/engine/audio/excerpts';
import { resolveFfmpegPath } from '../src/main/engine/audio/ffmpeg-path';
import { Engine } from '../src/main/engine/engine';
import { readMetadata } from '../src/main/engine/library/tags';
import { walkLibrary } from '../src/main/engine/library/walk';
import { ownCpuMs, workerCpuSampler } from './scan-cpu';
import { peakSampler, treeRss } from './tree-rss';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    copies: { type: 'string', default: '1' },
    workers: { type: 'string' },
    'no-floor': { type: 'boolean', default: false },
  },
});
const source = resolve(positionals[0] ?? defaultCorpus());
const copies = Number(values.copies);
const workers = values.workers ? Number(values.workers) : undefined;

function defaultCorpus(): string {
  const beside = resolve(import.meta.dirname, '../../corpus-dev');
  for (const dir of [beside, '/work/corpus-dev']) if (existsSync(dir)) return dir;
  console.error('usage: npm run bench:scan -- <folder> [--copies N] [--workers N] [--no-floor]');
  process.exit(2);
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const load = (): string =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
const rate = (n: number, s: number): string => `${(n / s).toFixed(2)} tracks/s`;

type FloorRun = Readonly<{ seconds: number; cpuMs: number; failed: number }>;

/** The decode floor over `files`: one ffmpeg per file, `parallel` at a time. */
async function decodeFloor(
  files: readonly Readonly<{ path: string; durationSec: number | null }>[],
  parallel: number,
): Promise<FloorRun> {
  const ffmpeg = resolveFfmpegPath();
  const cpuBefore = ownCpuMs().reaped;
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    for (let file = files[next++]; file; file = files[next++]) {
      const args = excerptDecodeArgs(file.path, planExcerpts(file.durationSec), 2);
      const ok = await new Promise<boolean>((done) => {
        const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'] });
        child.stdout.on('data', () => undefined);
        child.on('error', () => done(false));
        child.on('close', (code) => done(code === 0));
      });
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, cpuMs: ownCpuMs().reaped - cpuBefore, failed };
}

type ScanRun = Readonly<{
  tracks: number;
  failed: number;
  seconds: number;
  cpu: Readonly<{ engineMs: number; workersMs: number; ffmpegMs: number; treeMs: number }>;
  peakRss: number;
  rssAt: readonly string[];
  stages: Readonly<Record<string, number>>;
  backend: string;
  failures: readonly unknown[];
}>;

/** Scans `folder` into a fresh data folder under `scratch`. */
async function scanOnce(folder: string, scratch: string, name: string): Promise<ScanRun> {
  const rssAt: string[] = [];
  let nextMark = 0.1;
  const engine = await Engine.open({ dataDir: join(scratch, name), workers });
  const cpuBefore = ownCpuMs();
  const peak = peakSampler();
  const workerCpu = workerCpuSampler();
  try {
    const summary = await engine.scan([folder], {
      onProgress: (p) => {
        if (p.job !== 'scan' || p.phase !== 'analyse' || p.total === 0) return;
        while (p.done / p.total >= nextMark && nextMark <= 1.0001) {
          rssAt.push(`${Math.round(nextMark * 100)}%: ${mb(treeRss())}`);
          nextMark += 0.1;
        }
      },
    });
    workerCpu.stop();
    const cpuAfter = ownCpuMs();
    const split = workerCpu.totals();
    const engineMs = cpuAfter.self - cpuBefore.self;
    return {
      tracks: summary.analysed + summary.failed.length,
      failed: summary.failed.length,
      seconds: summary.seconds,
      cpu: {
        engineMs,
        ...split,
        // The workers are reaped when the scan's pool closes: all of their tree, exactly.
        treeMs: engineMs + cpuAfter.reaped - cpuBefore.reaped,
      },
      peakRss: peak.peak(),
      rssAt,
      stages: summary.stages,
      backend: summary.backend,
      failures: summary.failed.slice(0, 5),
    };
  } finally {
    workerCpu.stop();
    peak.stop();
    await engine.close();
  }
}

function printScan(label: string, run: ScanRun): void {
  const perTrack = (ms: number): string => `${(ms / Math.max(1, run.tracks)).toFixed(0)} ms/track`;
  console.log(
    `${label}: ${run.tracks} tracks (${run.failed} failed) in ${run.seconds.toFixed(1)} s = ${rate(run.tracks, run.seconds)}  [${load()}]`,
  );
  const { engineMs, workersMs, ffmpegMs, treeMs } = run.cpu;
  console.log(
    `  CPU: ${perTrack(treeMs)} in all (engine ${perTrack(engineMs)}, workers ${perTrack(workersMs)}, ffmpeg ${perTrack(ffmpegMs)})`,
  );
  console.log(
    `  stages (ms/track, summed over files): ${Object.entries(run.stages)
      .filter(([, ms]) => ms >= 0.5 * run.tracks)
      .map(([stage, ms]) => `${stage} ${(ms / run.tracks).toFixed(0)}`)
      .join(', ')}`,
  );
  console.log(`  peak RSS (engine + workers + ffmpeg, every 250 ms): ${mb(run.peakRss)}`);
  console.log(`  RSS during: ${run.rssAt.join(', ')}`);
  if (run.failures.length > 0) console.log('  failed:', run.failures);
}

const scratch = await mkdtemp(join(tmpdir(), 'deepcut-bench-'));
try {
  console.log(`date:    ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`folder:  ${source}`);
  const walk = await walkLibrary([source]);
  const files: { path: string; durationSec: number | null }[] = [];
  for (const f of walk.files) {
    // Untimed: the floor decodes what the scan plans from the same tags; this also warms the
    // page cache for the floor and the scan alike.
    const durationSec = await readMetadata(f.path).then(
      (m) => m.tags.durationSec,
      () => null,
    );
    await readFile(f.path);
    files.push({ path: f.path, durationSec });
  }
  console.log(`files:   ${files.length}`);

  const floors: FloorRun[] = [];
  const floor = async (label: string): Promise<void> => {
    if (values['no-floor']) return;
    const run = await decodeFloor(files, 2);
    floors.push(run);
    console.log(
      `${label}: ${rate(files.length, run.seconds)} (${run.seconds.toFixed(1)} s, ffmpeg CPU ${(run.cpuMs / files.length).toFixed(0)} ms/track, ${run.failed} failed)  [${load()}]`,
    );
  };
  await floor('floor (before)');
  const scan = await scanOnce(source, scratch, 'data-1');
  printScan(`scan (${scan.backend})`, scan);
  await floor('floor (after)');
  if (floors.length > 0) {
    const floorSeconds = floors.reduce((s, r) => s + r.seconds, 0) / floors.length;
    console.log(
      `ratio:   scan time / floor time = ${(scan.seconds / floorSeconds).toFixed(2)} (floor ${rate(files.length, floorSeconds)}, scan ${rate(scan.tracks, scan.seconds)})`,
    );
  }

  if (copies > 1) {
    const library = join(scratch, 'library');
    // Hidden entries (a corpus's .debs cache) are not music and the scan skips them anyway.
    const visible = (path: string): boolean => path === source || !basename(path).startsWith('.');
    for (let i = 0; i < copies; i++) {
      await cp(source, join(library, `copy-${i}`), { recursive: true, filter: visible });
    }
    const many = await scanOnce(library, scratch, 'data-many');
    printScan(`scan of ${copies} copies`, many);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
