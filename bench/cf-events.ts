/**
 * NeuMF from a listening history of realistic size (200 sessions of 30 events over 5,000
 * tracks, tests/integration/cf-event-fixtures.ts): a first training, a warm start after ten
 * more sessions, and the session taste the recommender asks for (fold-in of a 50-event
 * session, one more event, the top 20), from NeuMF alone and from the hybrid the app uses
 * (cf/hybrid-taste.ts), in the same run. Prints figures; never passes or fails. Part of
 * `npm run bench:cf`, or alone:
 *
 *   node --import tsx bench/cf-events.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { trainProfileCf } from '../src/main/engine/cf/cf-job';
import { EventTasteSource } from '../src/main/engine/cf/event-taste';
import { HybridTasteSource } from '../src/main/engine/cf/hybrid-taste';
import type { SessionSignal, TasteSource } from '../src/main/engine/cf/session-taste';
import { initBackend } from '../src/main/engine/embed/backend';
import { mulberry32 } from '../src/main/engine/embed/init';
import { syntheticHistory } from '../tests/integration/cf-event-fixtures';

const GROUPS = 50;
const TRACKS_PER_GROUP = 100;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function summary(label: string, ms: readonly number[]): string {
  return `${label}: median ${median(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms over ${ms.length}`;
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

/** 40 plays of one group's tracks and 10 skips of others', like a long evening. */
function session(rand: () => number, tracksOf: (g: number) => string[]): SessionSignal[] {
  const g = Math.floor(rand() * GROUPS);
  const own = tracksOf(g);
  const events: SessionSignal[] = [];
  for (let k = 0; k < 50; k++) {
    const skip = k % 5 === 4;
    const pool = skip ? tracksOf((g + 1 + Math.floor(rand() * (GROUPS - 1))) % GROUPS) : own;
    events.push({
      track: pool[Math.floor(rand() * pool.length)] ?? '',
      signal: skip ? 'skip' : 'play',
    });
  }
  return events;
}

/** Runs the benchmark and prints its figures. */
export async function eventsBench(): Promise<void> {
  const backend = await initBackend();
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const options = { groups: GROUPS, tracksPerGroup: TRACKS_PER_GROUP, eventsPerSession: 30 };
  const history = syntheticHistory({ ...options, sessions: 200 });
  const more = syntheticHistory({
    ...options,
    sessions: 10,
    start: '2026-12-01T08:00:00.000Z',
    sessionPrefix: 'more-',
    seed: 9,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'deepcut-cf-events-'));
  try {
    console.log(`train-cf on a synthetic log (${backend.name}), load ${load()}`);
    const cold = await trainProfileCf({ dataDir, profile: 'default', events: history.events });
    if (cold === null) throw new Error('nothing to learn from');
    console.log(
      `  first training: ${cold.events} events, ${cold.sessions} sessions, ${cold.tracks} tracks; ` +
        `${cold.epochs} epochs in ${cold.seconds.toFixed(1)} s (${(cold.seconds / cold.epochs).toFixed(2)} s/epoch), loss ${cold.loss.toFixed(4)}`,
    );
    const warm = await trainProfileCf({
      dataDir,
      profile: 'default',
      events: [...history.events, ...more.events],
    });
    if (warm === null) throw new Error('nothing to learn from');
    console.log(
      `  warm start after 10 more sessions: ${warm.epochs} epochs in ${warm.seconds.toFixed(1)} s, loss ${warm.loss.toFixed(4)}`,
    );

    const sources: [string, TasteSource][] = [
      ['NeuMF alone', new EventTasteSource(dataDir, 'default')],
      ['hybrid (NeuMF + co-play)', new HybridTasteSource(dataDir, 'default')],
    ];
    for (const [label, source] of sources) {
      console.log(`  ${label}:`);
      await tastes(source, history.tracksOf, cold.tracks);
    }
    console.log(`  load ${load()}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Times a source's tastes as the recommender asks for them. */
async function tastes(
  source: TasteSource,
  tracksOf: (g: number) => string[],
  tracks: number,
): Promise<void> {
  const started = performance.now();
  await source.taste([]);
  console.log(`    loading the model for tastes: ${(performance.now() - started).toFixed(0)} ms`);
  const rand = mulberry32(4);
  const foldIns: number[] = [];
  const withEvents: number[] = [];
  const tops: number[] = [];
  for (let s = 0; s < 33; s++) {
    const events = session(rand, tracksOf);
    const t0 = performance.now();
    const taste = await source.taste(events);
    const foldIn = performance.now() - t0;
    if (taste === null) throw new Error('no model');
    const [, top] = time(() => taste.top(20));
    const skip = events[0]?.track ?? '';
    const [, withEvent] = time(() => taste.withEvent({ track: skip, signal: 'skip' }).top(20));
    // The first few warm up TF.js's kernels.
    if (s < 3) continue;
    foldIns.push(foldIn);
    tops.push(top);
    withEvents.push(withEvent);
  }
  console.log(`    ${summary('fold-in of a 50-event session', foldIns)}`);
  console.log(`    ${summary(`top 20 of ${tracks} tracks`, tops)}`);
  console.log(`    ${summary('withEvent (one skip more) then top 20', withEvents)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await eventsBench();
