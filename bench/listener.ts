/**
 * Quality by simulation: listener types (bench/listener/listeners.ts) over the dev corpus, each
 * living 20 sessions a day apart with the engine (bench/listener/session.ts), for several
 * listener seeds, with the radio ranked by audio alone, by NeuMF alone and by the blend, each in
 * profiles of its own over one scan of the library. Prints per type and overall: the share of
 * tracks played through, the share of the first 20 from the seed's soundtrack, the seed
 * adherence of the radio as made, and the share of tracks new to the listener; then the targets
 * of issue 13. Never passes or fails.
 *
 *   node --import tsx bench/listener.ts [--corpus /work/corpus-dev] [--data DIR]
 *        [--types focused,taste-led,eclectic,new,old] [--sessions 20] [--seeds 5] [--seed 7]
 *        [--adventurous 0..1] [--modes audio,cf,blend]
 *
 * Without --data the corpus is scanned into a fresh temporary data folder (about 30 s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/engine/engine';
import { mulberry32 } from '../src/main/engine/embed/init';
import type { BlendMode } from '../src/main/engine/recommend/blend';
import { LISTENER_TYPES, type ListenerType } from './listener/listeners';
import {
  mean,
  MEASURES,
  scoreSession,
  type Measure,
  type SessionScores,
} from './listener/measures';
import { readCorpus } from './listener/corpus';
import { runListener } from './listener/session';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '/work/corpus-dev' },
    data: { type: 'string' },
    types: { type: 'string', default: LISTENER_TYPES.map((t) => t.name).join(',') },
    sessions: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    seeds: { type: 'string', default: '5' },
    adventurous: { type: 'string' },
    modes: { type: 'string', default: 'audio,cf,blend' },
  },
});
const sessions = Number(values.sessions);
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => Number(values.seed) + i);
const adventurous = values.adventurous === undefined ? undefined : Number(values.adventurous);
const types = values.types.split(',').map((name) => {
  const type = LISTENER_TYPES.find((t) => t.name === name);
  if (!type) throw new Error(`no listener type "${name}"`);
  return type;
});
const MODES = values.modes.split(',').map((m) => {
  if (m !== 'audio' && m !== 'cf' && m !== 'blend') throw new Error(`no mode "${m}"`);
  return m as BlendMode;
});

const scratch = values.data ? null : await mkdtemp(join(tmpdir(), 'deepcut-bench-listener-'));
const dataDir = values.data ?? scratch ?? '';
const engine = await Engine.open({ dataDir });
const trainSeconds: number[] = [];

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)} %` : '–').padStart(7);
const LABELS: Record<Measure, string> = {
  playThrough: 'played through',
  ownShare: "seed's soundtrack",
  adherence: 'seed adherence',
  newShare: 'new to listener',
};

try {
  const started = performance.now();
  const scan = await engine.scan([values.corpus]);
  console.log(
    `library: ${scan.tracks} tracks (${scan.analysed} analysed now) in ${((performance.now() - started) / 1000).toFixed(0)} s, backend ${scan.backend}`,
  );
  console.log(
    `${new Date().toISOString()}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}; adventurous ${adventurous ?? 'default'}; ${sessions} sessions × listener seeds ${seeds.join(', ')}`,
  );
  const corpus = await readCorpus(engine, values.corpus);
  const model = [...(await engine.store.modelVersions())].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!model) throw new Error('nothing analysed');
  const vectors = await engine.store.vectorsOf(model);

  // scores[type][mode]: every session of every listener seed.
  const scores = new Map<string, Map<BlendMode, SessionScores[]>>();
  const run = async (type: ListenerType, mode: BlendMode, seedNumber: number) => {
    const profile = `sim-${type.name}-${mode}-${seedNumber}`;
    await rm(join(dataDir, 'profiles', profile), { recursive: true, force: true });
    const results = await runListener({
      engine,
      corpus,
      type,
      mode,
      sessions,
      seed: seedNumber,
      adventurous,
      durationOf: (id) => corpus.durations.get(id) ?? 180_000,
      // The same listener (taste, intents and coin flips) for each mode.
      random: mulberry32(seedNumber * 101 + type.name.length),
      onTrained: (s) => trainSeconds.push(s),
    });
    return results.map((r) => scoreSession(r, corpus, vectors));
  };
  for (const type of types) {
    const t = performance.now();
    const byMode = new Map<BlendMode, SessionScores[]>();
    for (const mode of MODES) {
      const all: SessionScores[] = [];
      for (const seedNumber of seeds) all.push(...(await run(type, mode, seedNumber)));
      byMode.set(mode, all);
    }
    scores.set(type.name, byMode);
    const summary = MODES.map(
      (m) => `${m} ${pct(mean((byMode.get(m) ?? []).map((s) => s.playThrough))).trim()}`,
    );
    console.log(
      `${type.name}: played through ${summary.join(', ')} (${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
  }

  const of = (type: string, mode: BlendMode, measure: Measure) =>
    mean((scores.get(type)?.get(mode) ?? []).map((s) => s[measure]));
  const overallTypes = types.filter((t) => t.name !== 'old').map((t) => t.name);
  const overall = (mode: BlendMode, measure: Measure) =>
    mean(overallTypes.map((t) => of(t, mode, measure)));
  console.log(`\nmeans over ${sessions} sessions × ${seeds.length} listener seeds`);
  console.log(`${''.padEnd(30)}${MODES.map((m) => m.padStart(7)).join('')}`);
  for (const name of [...types.map((t) => t.name), 'overall']) {
    for (const measure of MEASURES) {
      const row = MODES.map((m) =>
        pct(name === 'overall' ? overall(m, measure) : of(name, m, measure)),
      );
      console.log(`${`${name}, ${LABELS[measure]}`.padEnd(30)}${row.join('')}`);
    }
  }
  console.log('(overall: the mean of the types other than "old")');

  console.log('\ntargets (issue 13)');
  for (const name of types.map((t) => t.name)) {
    const [audio, cf, blend] = (['audio', 'cf', 'blend'] as const).map((m) =>
      of(name, m, 'playThrough'),
    );
    const beats = (blend ?? 0) > Math.max(audio ?? 0, cf ?? 0);
    console.log(`  ${name}: blend beats both on play-through: ${beats ? 'yes' : 'NO'}`);
  }
  const ratio = overall('blend', 'adherence') / overall('audio', 'adherence');
  console.log(`  seed adherence, blend / audio alone: ${ratio.toFixed(2)} (target ≥ 0.8)`);
  if (types.some((t) => t.name === 'focused')) {
    console.log(
      `  focused, first 20 from the seed's soundtrack: audio ${pct(of('focused', 'audio', 'ownShare')).trim()}, blend ${pct(of('focused', 'blend', 'ownShare')).trim()} (target ≥ 50 %)`,
    );
  }
  console.log(`\nNeuMF training after each session: mean ${mean(trainSeconds).toFixed(1)} s`);
} finally {
  await engine.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
