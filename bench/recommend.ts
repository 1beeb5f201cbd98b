/**
 * Recommendation latency over a large library: `node --import tsx bench/recommend.ts
 * [--tracks 100000] [--events 20000] [--runs 50]`. Builds a real LanceDB store of synthetic
 * tracks (500 clusters of sound, 20 artists each; random 128-d directions plus spread, with the
 * ANN index built as a scan would), a year of synthetic listening events, and the profile's real
 * NeuMF trained from them; then prints p50/p95 after warm-up of a 50-track radio, a 12-track
 * path, a re-ranking after a skip, the next 10 tracks of an endless radio 40 tracks in, and the
 * mixes and their membership. Targets: 50, 200 and 100 ms p95 (radio, path, re-ranking). Never
 * passes or fails. Beside the wall time each line gives the process's CPU time per call (every
 * thread, LanceDB's too): on this shared machine the wall time mostly measures the other
 * processes, while the CPU time is the work a call does, what a quiet machine would wait for.
 * `--keep DIR` builds into DIR and leaves it there, or reuses what an earlier run left in it.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EventDraft } from '../src/shared/events';
import { Engine } from '../src/main/engine/engine';
import { LibraryStore } from '../src/main/engine/store/library-store';
import { clusteredTracks, writeAll } from '../tests/integration/recommend-fixtures';
import { seededRandom } from '../tests/integration/store-fixtures';
import { percentile, seconds } from './timing';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '100000' },
    events: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '50' },
    keep: { type: 'string' },
  },
});
const total = Number(values.tracks);
const eventCount = Number(values.events);
const runs = Number(values.runs);
const PER_CLUSTER = 200;
const DAY_MS = 86_400_000;

/** Wall and CPU milliseconds of each call, in the order made. */
type Times = { wall: number[]; cpu: number[] };

/** Times one call, adding its wall and CPU milliseconds to `times`. */
async function measure<T>(times: Times, f: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await f();
  times.wall.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  times.cpu.push((used.user + used.system) / 1000);
  return result;
}

/** Prints p50 and p95 of the wall and the CPU time under `label`. */
function report(label: string, times: Times): void {
  const cell = (xs: number[], p: number) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      p,
    )
      .toFixed(1)
      .padStart(7);
  console.log(
    `${label.padEnd(32)} wall p50 ${cell(times.wall, 0.5)} p95 ${cell(times.wall, 0.95)} ms   cpu p50 ${cell(times.cpu, 0.5)} p95 ${cell(times.cpu, 0.95)} ms`,
  );
}

/** Runs `f` `count` times in a row, reports it under `label`, returns the results. */
async function timed<T>(label: string, count: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const times: Times = { wall: [], cpu: [] };
  const results: T[] = [];
  for (let i = 0; i < count; i++) results.push(await measure(times, () => f(i)));
  report(label, times);
  return results;
}

const scratch = values.keep ?? (await mkdtemp(join(tmpdir(), 'deepcut-bench-recommend-')));
const built = await access(join(scratch, 'profiles')).then(
  () => true,
  () => false,
);
try {
  let start = performance.now();
  const tracks = clusteredTracks({
    clusters: Math.ceil(total / PER_CLUSTER),
    perCluster: PER_CLUSTER,
    spread: 0.8,
    seed: 2026,
    tags: (c, i) => ({
      artist: `Artist ${c}-${i % 20}`,
      album: `Album ${c}-${i % 10}`,
      durationSec: 150 + (i % 120),
    }),
  }).slice(0, total);
  if (!built) {
    const store = await LibraryStore.open(scratch);
    await writeAll(store, tracks);
    await store.compact();
    const mode = await store.ensureVectorIndex();
    await store.close();
    console.log(
      `library: ${tracks.length} tracks written and indexed (${mode}) in ${seconds(start)}`,
    );
  }

  const engine = await Engine.open({ dataDir: scratch });
  try {
    // A year of sessions of 20 tracks from 40 favourite clusters: mostly plays, some skips.
    const random = seededRandom(7);
    const favourites = Array.from({ length: 40 }, () =>
      Math.floor(random() * (total / PER_CLUSTER)),
    );
    const pick = () => {
      const c = favourites[Math.floor(random() * favourites.length)] ?? 0;
      return tracks[
        Math.min(tracks.length - 1, c * PER_CLUSTER + Math.floor(random() * PER_CLUSTER))
      ];
    };
    const now = Date.now();
    const drafts: EventDraft[] = [];
    for (let e = 0; e < eventCount; e++) {
      const session = Math.floor(e / 20);
      const t = pick();
      if (!t) continue;
      const skip = random() < 0.3;
      drafts.push({
        track: t.id,
        session: `bench-${session}`,
        startedAt: new Date(
          now - 365 * DAY_MS + (session * (365 * DAY_MS)) / (eventCount / 20) + (e % 20) * 240_000,
        ).toISOString(),
        msPlayed: skip ? 5_000 : 200_000,
        durationMs: 200_000,
        end: skip ? 'next' : 'finished',
        source: { kind: 'radio' },
      });
    }
    // The session going on now: five tracks in the last 20 minutes.
    for (let e = 0; e < 5; e++) {
      const t = pick();
      if (t) {
        drafts.push({
          track: t.id,
          session: 'now',
          startedAt: new Date(now - (20 - 4 * e) * 60_000).toISOString(),
          msPlayed: 200_000,
          durationMs: 200_000,
          end: 'finished',
          source: { kind: 'radio' },
        });
      }
    }
    if (!built) {
      start = performance.now();
      await engine.eventLog().appendMany(drafts);
      console.log(`events: ${drafts.length} appended in ${seconds(start)}`);
      start = performance.now();
      const cf = await engine.trainCf();
      console.log(
        `NeuMF: ${cf.sessions} sessions, ${cf.tracks} tracks, ${cf.epochs} epochs in ${seconds(start)} (${cf.backend})`,
      );
    }

    console.log(
      `${new Date().toISOString()}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const seedOf = (i: number) => pick()?.id ?? tracks[i]?.id ?? '';
    start = performance.now();
    await engine.radio({ seeds: [{ kind: 'track', ref: seedOf(0) }], count: 50 });
    console.log(`first radio (loads the library snapshot and the model): ${seconds(start)}`);
    for (let i = 0; i < 5; i++) {
      await engine.radio({ seeds: [{ kind: 'track', ref: seedOf(i) }], count: 50 });
      await engine.path({ from: seedOf(i), to: seedOf(i + 1), count: 12 });
    }

    const radioSeeds = Array.from({ length: runs }, (_, i) => seedOf(i));
    const radios = await timed('radio, 50 tracks', runs, (i) =>
      engine.radio({ seeds: [{ kind: 'track', ref: radioSeeds[i] ?? '' }], count: 50 }),
    );
    const ends = Array.from({ length: runs }, (_, i) => [
      seedOf(i),
      tracks[Math.floor(random() * total)]?.id ?? '',
    ]);
    await timed('path, 12 tracks', runs, (i) =>
      engine.path({ from: ends[i]?.[0] ?? '', to: ends[i]?.[1] ?? '', count: 12 }),
    );
    // A skip is logged by the player first (not timed), then the rest of the queue re-ranked.
    const times: Times = { wall: [], cpu: [] };
    for (let i = 0; i < runs; i++) {
      const queue = radios[i] ?? [];
      const [skipped, ...rest] = queue;
      if (!skipped) continue;
      await engine.recordEvent({
        track: skipped.id,
        msPlayed: 4_000,
        end: 'next',
        startedAt: new Date().toISOString(),
        source: { kind: 'radio' },
      });
      await measure(times, () =>
        engine.rerankAfterSkip({
          queue: rest.map((e) => e.id),
          skipped: skipped.id,
          seeds: [{ kind: 'track', ref: radioSeeds[i] ?? '' }],
        }),
      );
    }
    report('re-rank 49 tracks after a skip', times);
    // An endless radio 40 tracks into its session asks for 10 more.
    await timed('continue a radio by 10 tracks', runs, (i) =>
      engine.continueQueue({
        origin: { kind: 'radio', seeds: [{ kind: 'track', ref: radioSeeds[i] ?? '' }] },
        queued: (radios[i] ?? []).slice(0, 40).map((e) => e.id),
        count: 10,
      }),
    );
    await timed('mixes, 30 tracks each', 5, () => engine.mixes({ count: 30 }));
    await timed('mix membership (every track)', 5, () => engine.mixMembership());
    console.log(
      `load at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const lengths = radios.map((r) => r.length);
    console.log(`radio lengths: min ${Math.min(...lengths)}, max ${Math.max(...lengths)}`);
  } finally {
    await engine.close();
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  if (!values.keep) await rm(scratch, { recursive: true, force: true });
}
