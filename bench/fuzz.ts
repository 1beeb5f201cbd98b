/**
 * Media fuzz benchmark: `npm run bench:fuzz -- [--cases N] [--seed S] [--zzuf-share F]
 * [--workers N] [--keep DIR]`.
 *
 * Fuzzed files of every format the library scans (mp3, flac, ogg, opus, m4a AAC and ALAC, wav,
 * aiff), each encoded by the bundled ffmpeg from a 30 s and a 6 s seed, go one by one through a
 * scan's own analysis (jobs/scan-items.ts analyseFile on the scan's AnalysisPool: tags and
 * duration, artwork, decode, Meyda log-mel, loudness, the mel cache), a pool's capacity at a
 * time. Two sources:
 * - the structure-aware mutator of the tests (tests/helpers/media-fuzz.ts): cuts at every page,
 *   frame, block, box and chunk boundary and at random offsets, headers alone, absurd and zero
 *   sizes, flipped bytes, repeated boxes;
 * - zzuf (Debian's package), a share of the cases (default 25 %): random bit flips at 0.1–5 %,
 *   over the whole file or its first 4 KB.
 * Each case file is written, analysed and deleted, so 10,000 cases need no more disk than a few.
 *
 * Prints cases/s, outcomes by format, failures by reason (numbers folded so that like reasons
 * count together), the slowest cases, and as FAILURES of the harness: any case past a stage's
 * bound (the pool's "timed out …"), a lost worker, or a case whose whole analysis outlasted the
 * sum of the bounds. Exits 1 when there is any.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BOUNDS, STUCK_GRACE_MS } from '../src/main/engine/jobs/analysis-bounds';
import { AnalysisPool } from '../src/main/engine/jobs/analysis-pool';
import { analyseFile } from '../src/main/engine/jobs/scan-items';
import { StageClock } from '../src/main/engine/jobs/stage-clock';
import { fuzzCases, fuzzSeeds, seededRandom, type FuzzCase } from '../tests/helpers/media-fuzz';
import { extensionOf, type Format } from '../tests/helpers/synth';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '16' },
    'zzuf-share': { type: 'string', default: '0.25' },
    workers: { type: 'string' },
    keep: { type: 'string' },
  },
});
const total = Number(values.cases);
const seed = Number(values.seed);
const zzufShare = Number(values['zzuf-share']);
if (!(total > 0) || !(zzufShare >= 0 && zzufShare <= 1)) {
  console.error('usage: npm run bench:fuzz -- [--cases N] [--seed S] [--zzuf-share 0..1]');
  process.exit(2);
}

/** What a fuzzed file must never cause: a stage past its bound, a lost or stuck worker. */
const HARNESS_FAILURE = /timed out|worker exited|stopped answering|pool closed/;
/** The longest a case may take in all: every stage's bound and the pool's grace. */
const CASE_BOUND_MS =
  Object.values(DEFAULT_BOUNDS).reduce((sum, ms) => sum + ms, 0) + STUCK_GRACE_MS;
const ZZUF_RATIOS = [0.001, 0.004, 0.01, 0.02, 0.05];

const load = (): string =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

/** A seed file's bytes with zzuf's bit flips at `ratio` (`head`: only in the first 4 KB). */
function zzuf(bytes: Uint8Array, zzufSeed: number, ratio: number, head: boolean): Promise<Buffer> {
  const args = ['-s', String(zzufSeed), '-r', String(ratio), ...(head ? ['-b', '0-4095'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn('zzuf', args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`zzuf exited ${code}`)),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(bytes);
  });
}

/** Folds the numbers out of a reason, so that like failures count together. */
const reasonKind = (reason: string): string =>
  reason.replace(/0x[0-9a-f]+/gi, 'N').replace(/\d+(\.\d+)?/g, 'N');

type Outcome = Readonly<{
  index: number;
  source: 'mutator' | 'zzuf';
  format: Format;
  mutation: string;
  ms: number;
  reason: string | null;
}>;

const scratch = await mkdtemp(join(tmpdir(), 'deepcut-fuzz-'));
const pool = new AnalysisPool(values.workers ? { workers: Number(values.workers) } : {});
try {
  console.log(`date:    ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const seedSets: Map<Format, Uint8Array>[] = [];
  for (const seconds of [30, 6]) {
    const files = await fuzzSeeds(join(scratch, `seeds-${seconds}s`), seconds);
    const bytes = new Map<Format, Uint8Array>();
    for (const [format, path] of files) bytes.set(format, await readFile(path));
    seedSets.push(bytes);
  }
  const zzufCount = Math.round(total * zzufShare);
  const mutatorCount = total - zzufCount;
  // The mutator's cases, half from each seed length; zzuf's drawn at their turn.
  const mutated: FuzzCase[] = seedSets.flatMap((set, i) =>
    fuzzCases(set, Math.ceil(mutatorCount / seedSets.length), seed + i),
  );
  mutated.length = Math.min(mutated.length, mutatorCount);
  const random = seededRandom(seed ^ 0x5eed);
  const formats = [...(seedSets[0]?.keys() ?? [])];
  type Planned = Readonly<{ source: 'mutator' | 'zzuf'; make: () => Promise<FuzzCase> }>;
  const plan: Planned[] = mutated.map((c) => ({ source: 'mutator', make: async () => c }));
  for (let i = 0; i < zzufCount; i++) {
    const format = formats[i % formats.length] as Format;
    const set = seedSets[Math.floor(random() * seedSets.length)] as Map<Format, Uint8Array>;
    const ratio = ZZUF_RATIOS[Math.floor(random() * ZZUF_RATIOS.length)] as number;
    const head = random() < 0.5;
    const zzufSeed = seed * 100_000 + i;
    const at = Math.floor(random() * (plan.length + 1));
    plan.splice(at, 0, {
      source: 'zzuf',
      make: async () => ({
        format,
        mutation: `zzuf -s ${zzufSeed} -r ${ratio}${head ? ' -b 0-4095' : ''}`,
        bytes: await zzuf(set.get(format) ?? new Uint8Array(), zzufSeed, ratio, head),
      }),
    });
  }
  console.log(
    `cases:   ${plan.length} (${mutated.length} structure-aware, ${zzufCount} zzuf), ${pool.capacity} at a time on ${pool.pids.length} workers  [${load()}]`,
  );

  const music = join(scratch, 'music');
  const dataDir = join(scratch, 'data');
  await mkdir(music, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  const clock = new StageClock();
  const outcomes: Outcome[] = [];
  const started = performance.now();
  let next = 0;
  let lastReport = started;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < plan.length; index = next++) {
      const planned = plan[index] as Planned;
      const c = await planned.make();
      const path = join(music, `case-${String(index).padStart(6, '0')}.${extensionOf(c.format)}`);
      await writeFile(path, c.bytes);
      const t = performance.now();
      const item = await analyseFile(
        {
          file: { path, size: c.bytes.length, mtimeMs: Date.now() },
          root: music,
          dataDir,
          extras: { artwork: true, loudness: true },
        },
        pool,
        clock,
        undefined,
      );
      const ms = performance.now() - t;
      if (values.keep === undefined) await rm(path, { force: true });
      const reason = item.result.ok ? null : item.result.reason;
      outcomes.push({
        index,
        source: planned.source,
        format: c.format,
        mutation: c.mutation,
        ms,
        reason,
      });
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        const seconds = (lastReport - started) / 1000;
        console.log(
          `  … ${outcomes.length} cases in ${seconds.toFixed(0)} s (${(outcomes.length / seconds).toFixed(1)}/s)  [${load()}]`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: pool.capacity }, lane));
  const seconds = (performance.now() - started) / 1000;

  const analysed = outcomes.filter((o) => o.reason === null).length;
  const harness = outcomes.filter(
    (o) => (o.reason !== null && HARNESS_FAILURE.test(o.reason)) || o.ms > CASE_BOUND_MS,
  );
  console.log(
    `done:    ${outcomes.length} cases in ${seconds.toFixed(1)} s = ${(outcomes.length / seconds).toFixed(1)} cases/s  [${load()}]`,
  );
  console.log(
    `outcome: ${analysed} analysed, ${outcomes.length - analysed} failed with a reason, ${harness.length} FAILURES (past a bound or a worker lost)`,
  );
  console.log('by format (analysed / failed):');
  for (const format of formats) {
    const mine = outcomes.filter((o) => o.format === format);
    const ok = mine.filter((o) => o.reason === null).length;
    console.log(`  ${format.padEnd(9)} ${String(ok).padStart(6)} / ${mine.length - ok}`);
  }
  const byReason = new Map<string, number>();
  for (const o of outcomes) {
    if (o.reason !== null)
      byReason.set(reasonKind(o.reason), (byReason.get(reasonKind(o.reason)) ?? 0) + 1);
  }
  console.log('failures by reason:');
  for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${String(n).padStart(6)}  ${reason}`);
  }
  const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (q: number): string => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(0);
  console.log(`case ms: p50 ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${at(1)}`);
  console.log('slowest:');
  for (const o of [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5)) {
    console.log(
      `  ${o.ms.toFixed(0).padStart(6)} ms  ${o.format} ${o.source} case ${o.index}: ${o.mutation} → ${o.reason ?? 'analysed'}`,
    );
  }
  for (const o of harness) {
    console.log(
      `FAILURE ${o.format} case ${o.index} (${o.mutation}): ${o.reason ?? 'analysed'} after ${o.ms.toFixed(0)} ms`,
    );
  }
  process.exitCode = harness.length > 0 ? 1 : 0;
} finally {
  await pool.close();
  if (values.keep !== undefined) console.log(`kept: ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
}
