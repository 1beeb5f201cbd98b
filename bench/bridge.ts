/**
 * The cold-start bridge (cf/bridge.ts) measured on the dev corpus with the radio's listener
 * types (bench/listener/listeners.ts, read-only): does it help the blend rank the tracks a
 * listener has never heard?
 *
 * For each listener seed, a taste-led listener (two loved soundtracks, one disliked, among those
 * with 10 analysed tracks or more) gets a
 * prior history in which a share (`--hide`, 40 %) of each loved soundtrack's tracks never
 * appears: those are cold, as are the tracks it never came across. The same events go into two
 * profiles, one trained with the bridge and one without. Then, for radios from seeds of its
 * loved soundtracks (and now and then a neutral one), in blend mode:
 *
 * - **AUC of play-through over the cold tracks**: a 100-track radio's order is the blend's
 *   ranking (a track left out ranks below every one taken); the positives are the cold tracks
 *   the listener would more likely than not play through today (its play-through chance ≥ 0.5).
 * - **Play-through of 20-track radios**: the expected share played through (the mean of the
 *   listener's chances, so there are no coin flips to average out), overall and over the cold
 *   tracks they include, and how many they include.
 *
 * Prints figures; never passes or fails.
 *
 *   node --import tsx bench/bridge.ts [--corpus /work/corpus-dev] [--data DIR] [--seeds 6]
 *        [--hide 0.4] [--radios 6]
 *
 * Without --data the corpus is scanned into a fresh temporary data folder; with it, a folder an
 * earlier run scanned is reused (its profiles are replaced).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBridge } from '../src/main/engine/cf/bridge';
import { libraryModelDir, loadLibraryModel } from '../src/main/engine/cf/library-model';
import { mulberry32 } from '../src/main/engine/embed/init';
import { Engine } from '../src/main/engine/engine';
import { TASTE_LED, type Corpus, type Taste } from './listener/listeners';
import { readCorpus } from './listener/corpus';
import { mean } from './listener/measures';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '/work/corpus-dev' },
    data: { type: 'string' },
    seeds: { type: 'string', default: '6' },
    hide: { type: 'string', default: '0.4' },
    radios: { type: 'string', default: '6' },
  },
});
const seeds = Number(values.seeds);
const hide = Number(values.hide);
const radios = Number(values.radios);
const PRIOR_SESSIONS = 10;
const PER_SESSION = 14;
const DAY_MS = 86_400_000;

const scratch = values.data ? null : await mkdtemp(join(tmpdir(), 'deepcut-bench-bridge-'));
const dataDir = values.data ?? scratch ?? '';
const engine = await Engine.open({ dataDir });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Two loved soundtracks and one disliked, among those with at least 10 analysed tracks (the
 * listener types' own draw wants 14, which a partly analysed corpus may not have).
 */
function tasteOf(random: () => number, corpus: Corpus): Taste {
  const pool = [...corpus.tracksOf]
    .filter(([, ids]) => ids.length >= 10)
    .map(([label]) => label)
    .sort();
  if (pool.length < 3) throw new Error('fewer than three soundtracks of 10 analysed tracks');
  for (let k = pool.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [pool[k], pool[j]] = [pool[j] ?? '', pool[k] ?? ''];
  }
  return { loved: pool.slice(0, 2), disliked: pool.slice(2, 3) };
}

/** The listener's chance of playing `id` through in a session meant for `intent`. */
function chance(corpus: Corpus, taste: Taste, intent: string, id: string, heard: boolean): number {
  return TASTE_LED.playThrough({
    label: corpus.labelOf.get(id) ?? '',
    intent,
    taste,
    heardBefore: heard,
    playedLately: false,
  });
}

/** AUC: the chance a positive ranks above a negative (ties half), by rank (lower is better). */
function auc(ranked: readonly { rank: number; positive: boolean }[]): number {
  let pairs = 0;
  let wins = 0;
  for (const p of ranked) {
    if (!p.positive) continue;
    for (const n of ranked) {
      if (n.positive) continue;
      pairs++;
      wins += p.rank < n.rank ? 1 : p.rank === n.rank ? 0.5 : 0;
    }
  }
  return pairs === 0 ? NaN : wins / pairs;
}

type Figures = { auc: number[]; playThrough: number[]; coldPlayThrough: number[]; cold: number[] };
const figures = (): Figures => ({ auc: [], playThrough: [], coldPlayThrough: [], cold: [] });

try {
  const started = performance.now();
  const scan = await engine.scan([values.corpus]);
  console.log(
    `library: ${scan.tracks} tracks (${scan.analysed} analysed now) in ${((performance.now() - started) / 1000).toFixed(0)} s, backend ${scan.backend}`,
  );
  console.log(
    `${new Date().toISOString()}, load ${load()}; ${seeds} taste-led listeners, ${hide * 100} % of each loved soundtrack hidden`,
  );
  const corpus = await readCorpus(engine, values.corpus);
  const all = [...corpus.labelOf.keys()];
  const result = { on: figures(), off: figures() };
  const confidences: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const random = mulberry32(seed * 7919);
    const taste = tasteOf(random, corpus);
    const hidden = new Set<string>();
    for (const s of taste.loved) {
      const ids = [...(corpus.tracksOf.get(s) ?? [])];
      for (let k = ids.length - 1; k > 0; k--) {
        const j = Math.floor(random() * (k + 1));
        [ids[k], ids[j]] = [ids[j] ?? '', ids[k] ?? ''];
      }
      for (const id of ids.slice(0, Math.round(ids.length * hide))) hidden.add(id);
    }
    const visible = all.filter((id) => !hidden.has(id));
    const soundtracks = [...corpus.tracksOf.keys()].sort();
    const intentOf = () =>
      random() < 0.8
        ? (taste.loved[Math.floor(random() * taste.loved.length)] ?? '')
        : (soundtracks[Math.floor(random() * soundtracks.length)] ?? '');
    // The prior history: sessions of the intended soundtrack's visible tracks and random
    // visible ones, each played through by a coin with the listener's chance.
    const heard = new Set<string>();
    const events: { track: string; played: boolean; session: string; at: number }[] = [];
    let clock = Date.now() - (PRIOR_SESSIONS + 2) * DAY_MS;
    for (let s = 0; s < PRIOR_SESSIONS; s++) {
      const intent = intentOf();
      const own = (corpus.tracksOf.get(intent) ?? []).filter((id) => !hidden.has(id));
      for (let k = 0; k < PER_SESSION; k++) {
        const pool = random() < 0.6 && own.length > 0 ? own : visible;
        const track = pool[Math.floor(random() * pool.length)] ?? '';
        const played = random() < chance(corpus, taste, intent, track, heard.has(track));
        events.push({ track, played, session: `prior-${s}`, at: clock });
        heard.add(track);
        clock += played ? (corpus.durations.get(track) ?? 180_000) : 5_000;
      }
      clock += DAY_MS;
    }
    const cold = all.filter((id) => !heard.has(id));
    const intents = Array.from({ length: radios }, () => {
      const intent = intentOf();
      const pool = (corpus.tracksOf.get(intent) ?? []).filter((id) => heard.has(id));
      return { intent, seed: pool[Math.floor(random() * pool.length)] ?? visible[0] ?? '' };
    });
    for (const bridge of [true, false]) {
      const profile = `bridge-${bridge ? 'on' : 'off'}-${seed}`;
      await rm(join(dataDir, 'profiles', profile), { recursive: true, force: true });
      for (const e of events) {
        await engine.recordEvent({
          track: e.track,
          msPlayed: e.played ? (corpus.durations.get(e.track) ?? 180_000) : 5_000,
          end: e.played ? 'finished' : 'next',
          startedAt: new Date(e.at).toISOString(),
          session: e.session,
          source: { kind: 'library' },
          profile,
        });
      }
      await engine.trainCf({ profile, bridge });
      if (bridge) {
        const model = await loadLibraryModel(dataDir, profile);
        const loaded =
          model &&
          (await loadBridge(join(libraryModelDir(dataDir, profile), model.version), model.params));
        confidences.push(loaded?.confidence ?? NaN);
      }
      const out = result[bridge ? 'on' : 'off'];
      for (const { intent, seed: from } of intents) {
        const now = new Date();
        const long = await engine.radio({
          profile,
          seeds: [{ kind: 'track', ref: from }],
          count: 100,
          mode: 'blend',
          now,
        });
        const rankOf = new Map(long.map((e, i) => [e.id, i]));
        out.auc.push(
          auc(
            cold.map((id) => ({
              rank: rankOf.get(id) ?? long.length,
              positive: chance(corpus, taste, intent, id, false) >= 0.5,
            })),
          ),
        );
        const radio = await engine.radio({
          profile,
          seeds: [{ kind: 'track', ref: from }],
          count: 20,
          mode: 'blend',
          now,
        });
        const p = (id: string) => chance(corpus, taste, intent, id, heard.has(id));
        out.playThrough.push(mean(radio.map((e) => p(e.id))));
        const included = radio.filter((e) => !heard.has(e.id));
        out.cold.push(included.length);
        if (included.length > 0) out.coldPlayThrough.push(mean(included.map((e) => p(e.id))));
      }
    }
    console.log(
      `listener ${seed}: ${heard.size} heard, ${cold.length} cold (${[...hidden].filter((id) => !heard.has(id)).length} hidden of its loved soundtracks); bridge confidence ${confidences.at(-1)?.toFixed(2)}; AUC on ${mean(result.on.auc.slice(-radios)).toFixed(3)}, off ${mean(result.off.auc.slice(-radios)).toFixed(3)}`,
    );
  }
  const row = (label: string, f: (x: Figures) => number, digits = 3) =>
    console.log(
      `${label.padEnd(44)}${f(result.off).toFixed(digits).padStart(9)}${f(result.on).toFixed(digits).padStart(9)}`,
    );
  console.log(`\n${seeds} listeners × ${radios} radios${''.padEnd(22)}no bridge   bridge`);
  row('cold-track AUC of play-through (≥ 0.5)', (x) => mean(x.auc));
  row('20-track radio: expected play-through', (x) => mean(x.playThrough));
  row('  of the cold tracks it includes', (x) => mean(x.coldPlayThrough));
  row('  cold tracks included', (x) => mean(x.cold), 1);
  console.log(`bridge confidence: mean ${mean(confidences).toFixed(2)}; load ${load()}`);
} finally {
  await engine.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
