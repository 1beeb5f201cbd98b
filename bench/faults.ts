/**
 * kill -9 at seeded points: `npm run bench:faults [-- --points 50 --seed 1]`.
 *
 * A synthesized library of 12 tracks in two folders, a data folder with 2,900 listening events,
 * a NeuMF model and a playlist, and a Last.fm file of 1,500 scrobbles. Each op (scan,
 * train-audio, train-cf, import-history, playlist saves) is run once unkilled to time it; then
 * the points go round the ops, each killing the op's child process (SIGKILL) at a seeded delay
 * within that time, on its own copy of the data folder. After each kill the store must open with
 * no damage found, every acknowledged event and playlist must be there, the models must load, and
 * the same work run again must complete (tests/helpers/kill-points.ts). Prints one line a point
 * and a summary by op; exits 1 when any point found a problem. Never fails on time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  calibrate,
  FAULT_OPS,
  killPoint,
  prepareFaultBed,
  type FaultOp,
  type KillPoint,
} from '../tests/helpers/kill-points';
import { percentile, seconds } from './timing';

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const points = Number(values.points);
const firstSeed = Number(values.seed);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const started = performance.now();
const root = await mkdtemp(join(tmpdir(), 'deepcut-bench-faults-'));
console.log(`bench:faults: ${points} kill points, seeds from ${firstSeed}; load ${load()}`);
try {
  const bed = await prepareFaultBed(root);
  console.log(`prepared the library and data folders in ${seconds(started)}`);
  const workMs = new Map<FaultOp, number>();
  for (const op of FAULT_OPS) {
    const ms = await calibrate(op, bed);
    workMs.set(op, ms);
    console.log(`${op.padEnd(15)} runs ${(ms / 1000).toFixed(1)} s unkilled (load ${load()})`);
  }
  const results: KillPoint[] = [];
  for (let i = 0; i < points; i++) {
    const op = FAULT_OPS[i % FAULT_OPS.length] ?? 'scan';
    const seed = firstSeed + i;
    const point = await killPoint(op, seed, bed, workMs.get(op) ?? 1_000);
    results.push(point);
    const verdict = point.problems.length === 0 ? 'ok' : `PROBLEMS: ${point.problems.join('; ')}`;
    console.log(
      `${String(i + 1).padStart(3)} ${op.padEnd(15)} seed ${String(seed).padEnd(4)} ` +
        `kill at ${(point.delayMs / 1000).toFixed(2).padStart(6)} s` +
        `${point.killed ? '' : ' (ended first)'}  acks ${String(point.acks).padStart(3)}  ` +
        `next run ${(point.nextRunMs / 1000).toFixed(1)} s  ${verdict}`,
    );
  }
  console.log(`\nop               points  killed  problems  next run p50`);
  for (const op of FAULT_OPS) {
    const mine = results.filter((r) => r.op === op);
    const next = mine.map((r) => r.nextRunMs).sort((a, b) => a - b);
    console.log(
      `${op.padEnd(17)}${String(mine.length).padStart(6)}${String(mine.filter((r) => r.killed).length).padStart(8)}` +
        `${String(mine.filter((r) => r.problems.length > 0).length).padStart(10)}` +
        `${(percentile(next, 0.5) / 1000).toFixed(1).padStart(12)} s`,
    );
  }
  const bad = results.filter((r) => r.problems.length > 0).length;
  const killed = results.filter((r) => r.killed).length;
  console.log(
    `\n${results.length} points (${killed} killed mid-work), ${bad} with problems, ` +
      `in ${seconds(started)}; load ${load()}`,
  );
  if (bad > 0) {
    console.log(`the data folders of failed points are kept under ${root}`);
    values.keep = true;
    process.exitCode = 1;
  }
} finally {
  if (!values.keep) await rm(root, { recursive: true, force: true });
}
