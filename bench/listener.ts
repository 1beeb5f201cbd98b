/**
 * Quality by simulation: a listener who loves two soundtracks of the dev corpus and skips
 * everything else within 10 s. Each of 20 sessions (a day apart) starts by playing a random
 * loved track, then plays a radio seeded from it: a loved track is played through, any other
 * skipped, and after every skip the rest of the queue is re-ranked. After each session the
 * profile's NeuMF is trained again from the events so far (the real model, `engine.trainCf`).
 * The same listener and seeds run three times, each in its own profile: ranked by audio alone,
 * by the collaborative model alone, and by the blend. Single sessions vary by 10 – 20 points
 * with the listener's random choices, so the whole run repeats for several listener seeds (7,
 * 8, 9 … by default) over one scan of the library, and the means are printed. Prints the share
 * of tracks played through; never passes or fails.
 *
 *   node --import tsx bench/listener.ts [--corpus /work/corpus-dev] [--data DIR]
 *        [--loved hedgewars,supertux] [--sessions 20] [-n 20] [--seed 7] [--seeds 3]
 *        [--adventurous 0..1]
 *
 * Without --data the corpus is scanned into a fresh temporary data folder (about 30 s).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/engine/engine';
import { mulberry32 } from '../src/main/engine/embed/init';
import type { BlendMode } from '../src/main/engine/recommend/blend';
import type { PlaylistEntry } from '../src/main/engine/recommend/types';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '/work/corpus-dev' },
    data: { type: 'string' },
    loved: { type: 'string', default: 'hedgewars,supertux' },
    sessions: { type: 'string', default: '20' },
    n: { type: 'string', short: 'n', default: '20' },
    seed: { type: 'string', default: '7' },
    seeds: { type: 'string', default: '3' },
    adventurous: { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const length = Number(values.n);
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => Number(values.seed) + i);
const adventurous = values.adventurous === undefined ? undefined : Number(values.adventurous);
const loved = new Set(values.loved.split(','));
const MODES: readonly BlendMode[] = ['audio', 'cf', 'blend'];
const DAY_MS = 86_400_000;

const labels = new Map(
  readFileSync(join(values.corpus, 'labels.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([path = '', label = '']) => [join(values.corpus, path), label]),
);

/** What one simulated listener needs to know about the library. */
type Library = Readonly<{
  loved: readonly { id: string }[];
  isLoved: ReadonlySet<string>;
  durationOf: ReadonlyMap<string, number>;
}>;

const scratch = values.data ? null : await mkdtemp(join(tmpdir(), 'deepcut-bench-listener-'));
const dataDir = values.data ?? scratch ?? '';
const engine = await Engine.open({ dataDir });
const trainSeconds: number[] = [];

/** The share played through in each session of one listener seed ranked by `mode`. */
async function listen(library: Library, mode: BlendMode, seedNumber: number): Promise<number[]> {
  const profile = `sim-${mode}-${seedNumber}`;
  await rm(join(dataDir, 'profiles', profile), { recursive: true, force: true });
  const random = mulberry32(seedNumber);
  // Sessions end before the real now, so the model's skip decay (dated by the clock) sees them.
  const first = new Date(Date.now() - (sessions + 1) * DAY_MS);
  first.setHours(20, 0, 0, 0);
  const shares: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const seed = library.loved[Math.floor(random() * library.loved.length)];
    if (!seed) throw new Error('no loved track');
    let clock = first.getTime() + s * DAY_MS;
    const session = `day-${s}`;
    const full = (id: string) => library.durationOf.get(id) ?? 180_000;
    const record = async (
      track: string,
      msPlayed: number,
      end: 'finished' | 'next',
      radio = true,
    ) => {
      await engine.recordEvent({
        track,
        msPlayed,
        end,
        startedAt: new Date(clock).toISOString(),
        session,
        source: radio ? { kind: 'radio', id: seed.id } : { kind: 'library' },
        profile,
      });
      clock += msPlayed;
    };
    // The listener picks the seed from the library and plays it, then starts its radio.
    await record(seed.id, full(seed.id), 'finished', false);
    const seedRefs = [{ kind: 'track' as const, ref: seed.id }];
    const now = () => new Date(clock);
    let queue: PlaylistEntry[] = await engine.radio({
      seeds: seedRefs,
      count: length,
      profile,
      mode,
      adventurous,
      now: now(),
    });
    let played = 0;
    let heard = 0;
    while (queue.length > 0) {
      const [next, ...rest] = queue;
      if (!next) break;
      heard++;
      if (library.isLoved.has(next.id)) {
        played++;
        await record(next.id, full(next.id), 'finished');
        queue = rest;
      } else {
        await record(next.id, 3_000 + Math.floor(random() * 7_000), 'next');
        const reranked = await engine.rerankAfterSkip({
          queue: rest.map((e) => e.id),
          skipped: next.id,
          seeds: seedRefs,
          profile,
          mode,
          adventurous,
          now: now(),
        });
        queue = reranked.entries;
      }
    }
    shares.push(heard === 0 ? 0 : played / heard);
    if (mode !== 'audio') {
      const t = performance.now();
      await engine.trainCf({ profile });
      trainSeconds.push((performance.now() - t) / 1000);
    }
  }
  return shares;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (x: number) => `${(100 * x).toFixed(0)} %`.padStart(6);
const BLOCK = 5;

try {
  const started = performance.now();
  const scan = await engine.scan([values.corpus]);
  console.log(
    `library: ${scan.tracks} tracks (${scan.analysed} analysed now) in ${((performance.now() - started) / 1000).toFixed(0)} s, backend ${scan.backend}`,
  );
  const tracks = await engine.store.analysedTracks();
  const lovedTracks = tracks
    .filter((t) => loved.has(labels.get(t.path) ?? ''))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const library: Library = {
    loved: lovedTracks,
    isLoved: new Set(lovedTracks.map((t) => t.id)),
    durationOf: new Map(tracks.map((t) => [t.id, Math.round((t.durationSec ?? 180) * 1000)])),
  };
  console.log(`adventurous: ${adventurous ?? 'default'}; listener seeds ${seeds.join(', ')}`);
  console.log(
    `loved: ${[...loved].join(' and ')}, ${lovedTracks.length} of ${tracks.length} tracks; radio of ${length}`,
  );

  // shares[mode][seed index][session]
  const shares = new Map<BlendMode, number[][]>(MODES.map((m) => [m, []]));
  for (const seedNumber of seeds) {
    const t = performance.now();
    for (const mode of MODES) shares.get(mode)?.push(await listen(library, mode, seedNumber));
    const overall = MODES.map((m) => pct(mean(shares.get(m)?.at(-1) ?? [])));
    console.log(
      `seed ${seedNumber}: all sessions ${MODES.map((m, i) => `${m} ${overall[i]?.trim()}`).join(', ')} (${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
  }

  /** The mean over seeds of the mean share over sessions [from, to). */
  const block = (mode: BlendMode, from: number, to: number) =>
    mean((shares.get(mode) ?? []).map((perSeed) => mean(perSeed.slice(from, to))));
  console.log(`\nshare of tracks played through, per session, mean of ${seeds.length} seeds`);
  console.log(`session  ${MODES.map((m) => m.padStart(6)).join('  ')}`);
  for (let s = 0; s < sessions; s++) {
    console.log(
      `${String(s + 1).padStart(7)}  ${MODES.map((m) => pct(block(m, s, s + 1))).join('  ')}`,
    );
  }
  console.log(`\nper block of ${BLOCK} sessions, mean of ${seeds.length} seeds`);
  const blocks: [string, number, number][] = [];
  for (let from = 0; from < sessions; from += BLOCK) {
    const to = Math.min(sessions, from + BLOCK);
    blocks.push([`${from + 1}-${to}`, from, to]);
  }
  blocks.push(['all', 0, sessions]);
  for (const [label, from, to] of blocks) {
    console.log(`${label.padStart(7)}  ${MODES.map((m) => pct(block(m, from, to))).join('  ')}`);
  }
  console.log(`\nNeuMF training after each session: mean ${mean(trainSeconds).toFixed(1)} s`);
} finally {
  await engine.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
