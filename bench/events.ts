/**
 * Event log benchmark: `node --import tsx bench/events.ts [--appends N] [--history N] [--dir D]`.
 * In a fresh folder under D (default: the OS temp folder; put it on the disk the data folder
 * lives on, since fsync cost is the disk's), prints p50/p95/p99 of acknowledged (fsync'd)
 * appends one at a time, of record() (session assigned) after a log of --history events, of a
 * 1,000-event appendMany, and the time to read the whole log back.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventLog } from '../src/main/engine/events/event-log';
import type { ListeningEvent } from '../src/shared/events';
import { draftOf } from '../tests/helpers/events';
import { percentile } from './timing';

const { values } = parseArgs({
  options: {
    appends: { type: 'string', default: '1000' },
    history: { type: 'string', default: '100000' },
    dir: { type: 'string', default: tmpdir() },
  },
});
const appends = Number(values.appends);
const history = Number(values.history);

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const event = (n: number): ListeningEvent => ({
  track: (n % 5000).toString(16).padStart(16, '0'),
  session: `s-${Math.floor(n / 12)}`,
  startedAt: new Date(T0 + n * 240_000).toISOString(),
  msPlayed: 180_000,
  durationMs: 200_000,
  end: 'next',
  source: { kind: 'radio', id: 'fedcba9876543210' },
});

function report(label: string, times: number[]): void {
  times.sort((a, b) => a - b);
  const f = (p: number) => percentile(times, p).toFixed(2).padStart(8);
  console.log(`${label.padEnd(40)} p50 ${f(0.5)} ms   p95 ${f(0.95)} ms   p99 ${f(0.99)} ms`);
}

async function timeEach(runs: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await f(i);
    times.push(performance.now() - start);
  }
  return times;
}

const root = await mkdtemp(join(values.dir, 'deepcut-bench-events-'));
try {
  const log = new EventLog({ dataDir: root });
  report(
    `append, one at a time (${appends})`,
    await timeEach(appends, (i) => log.append(event(i))),
  );

  const big = new EventLog({ dataDir: root, profile: 'big' });
  for (let done = 0; done < history; done += 1000) {
    await big.appendMany(
      Array.from({ length: Math.min(1000, history - done) }, (_, i) => event(done + i)),
    );
  }
  const first = performance.now();
  await big.record(draftOf(event(history)));
  console.log(
    `record, first in a process (reads ${history})   ${(performance.now() - first).toFixed(1)} ms`,
  );
  report(
    `record, later (${appends})`,
    await timeEach(appends, (i) => big.record(draftOf(event(history + 1 + i)))),
  );
  report(
    'appendMany of 1,000 (20 runs)',
    await timeEach(20, (i) =>
      log.appendMany(Array.from({ length: 1000 }, (_, j) => event(appends + i * 1000 + j))),
    ),
  );
  const readStart = performance.now();
  const contents = await big.readAll();
  const seconds = (performance.now() - readStart) / 1000;
  const megabytes = (await stat(big.path)).size / 2 ** 20;
  console.log(
    `readAll: ${contents.events.length} events, ${megabytes.toFixed(1)} MB in ${seconds.toFixed(2)} s`,
  );
  await log.close();
  await big.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
