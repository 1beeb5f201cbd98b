/**
 * Scan benchmark: `npm run bench:scan -- <folder> [--copies N] [--workers N]`.
 * Scans the folder into a fresh data folder and prints tracks per second, per-stage
 * milliseconds, peak RSS, and RSS as the scan progresses (flat memory shows as flat numbers).
 * `--copies N` scans N full copies of the folder, to show memory does not grow with the library.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/engine/engine';
import { peakSampler, treeRss } from './tree-rss';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { copies: { type: 'string', default: '1' }, workers: { type: 'string' } },
});
const source = positionals[0];
if (!source) {
  console.error('usage: npm run bench:scan -- <folder> [--copies N] [--workers N]');
  process.exit(2);
}
const copies = Number(values.copies);
const scratch = await mkdtemp(join(tmpdir(), 'deepcut-bench-'));
let folder = source;
if (copies > 1) {
  folder = join(scratch, 'library');
  // Hidden entries (a corpus's .debs cache) are not music and the scan skips them anyway.
  const visible = (path: string): boolean => path === source || !basename(path).startsWith('.');
  for (let i = 0; i < copies; i++) {
    await cp(source, join(folder, `copy-${i}`), { recursive: true, filter: visible });
  }
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rssAt: string[] = [];
let nextMark = 0.1;
const sampler = peakSampler();
const engine = await Engine.open({
  dataDir: join(scratch, 'data'),
  workers: values.workers ? Number(values.workers) : undefined,
});
try {
  const summary = await engine.scan([folder], {
    onProgress: (p) => {
      if (p.job !== 'scan' || p.phase !== 'analyse' || p.total === 0) return;
      while (p.done / p.total >= nextMark && nextMark <= 1.0001) {
        rssAt.push(
          `${Math.round(nextMark * 100)}%: ${mb(treeRss())} (engine ${mb(process.memoryUsage().rss)})`,
        );
        nextMark += 0.1;
      }
    },
  });
  const tracks = summary.analysed + summary.failed.length;
  console.log(`date:         ${new Date().toISOString()}`);
  console.log(
    `machine:      ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  );
  console.log(`backend:      ${summary.backend}`);
  console.log(`folder:       ${source}${copies > 1 ? ` × ${copies} copies` : ''}`);
  console.log(
    `tracks:       ${tracks} (${summary.analysed} analysed, ${summary.failed.length} failed)`,
  );
  console.log(`wall:         ${summary.seconds.toFixed(1)} s`);
  console.log(`rate:         ${(tracks / summary.seconds).toFixed(2)} tracks/s`);
  console.log('stage ms (summed over files; decode and mel run in worker processes in parallel):');
  for (const [stage, ms] of Object.entries(summary.stages)) {
    console.log(
      `  ${stage.padEnd(7)} ${ms.toFixed(0).padStart(8)} ms  ${(ms / Math.max(1, tracks)).toFixed(1).padStart(7)} ms/track`,
    );
  }
  const cpu = process.cpuUsage();
  console.log(`engine CPU:   ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (this process)`);
  console.log(
    `peak RSS:     ${mb(sampler.peak())} engine + workers + ffmpeg (sampled every 250 ms); engine alone ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  console.log(`RSS during:   ${rssAt.join(', ')} (engine + workers + ffmpeg)`);
  if (summary.failed.length > 0) console.log('failed:', summary.failed.slice(0, 10));
} finally {
  sampler.stop();
  await engine.close();
  await rm(scratch, { recursive: true, force: true });
}
