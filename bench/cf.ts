/**
 * NeuMF training speed against the PyTorch reference, measured in one run because this shared
 * machine's load swings timings severalfold: Deepcut's trainer on ml-100k with the reference's
 * model and settings (8 factors, 4 negatives, batch 256, dense-equivalent Adam, on the TF.js
 * backend in use), then ../shared/reference/neumf_ref.py likewise where /usr/bin/python3 can
 * import torch. Then fold-in latency for 50-event sessions against the trained model, and
 * training from a listening history (bench/cf-events.ts).
 * `--quality` instead evaluates the tuned recipe and the baselines on both splits (and the
 * co-occurrence recipe on lastfm-2k). Prints figures; never passes or fails.
 *
 *   node --import tsx bench/cf.ts [--epochs 5] [--set ml-100k] [--no-reference]
 *   node --import tsx bench/cf.ts --quality
 *   node --import tsx bench/cf.ts --hybrid-variants --set ml-100k
 *
 * `--hybrid-variants` measures variants of the hybrid recipe on one split, each chosen on the
 * validation split (eval/cf/hybrid-variants.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/main/engine/embed/backend';
import { mulberry32 } from '../src/main/engine/embed/init';
import { foldIn } from '../src/main/engine/cf/fold-in';
import { userItems } from '../src/main/engine/cf/interactions';
import { defaultDataSetsDir, readLooDataset } from '../src/main/engine/eval/cf/loo-dataset';
import type { NeumfParams } from '../src/main/engine/cf/neumf';
import type { EvalModel } from '../src/main/engine/eval/cf/eval-cf';
import { evaluateCf } from '../src/main/engine/eval/cf/eval-cf';
import { hybridVariants } from '../src/main/engine/eval/cf/hybrid-variants';
import type { NeumfConfig, TrainSettings } from '../src/main/engine/cf/neumf-config';
import {
  SPARSE_CONFIG,
  SPARSE_SETTINGS,
  TUNED_CONFIG,
  TUNED_SETTINGS,
  defaultConfig,
} from '../src/main/engine/cf/neumf-config';
import { trainNcf } from '../src/main/engine/cf/trainer';
import { eventsBench } from './cf-events';

const PYTHON = '/usr/bin/python3';
const REFERENCE = fileURLToPath(new URL('../../shared/reference/neumf_ref.py', import.meta.url));
const FACTORS = 8;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function list(values: readonly number[], digits = 2): string {
  return values.map((v) => v.toFixed(digits)).join(', ');
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function hasTorch(): boolean {
  return (
    existsSync(PYTHON) &&
    existsSync(REFERENCE) &&
    spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0
  );
}

/** Runs the reference and returns its seconds per training epoch. */
function reference(set: string, epochs: number): number[] {
  const out = mkdtempSync(join(tmpdir(), 'neumf-ref-'));
  try {
    execFileSync(
      PYTHON,
      [REFERENCE, '--dataset', set, '--methods', 'neumf', '--factors', String(FACTORS)].concat([
        '--epochs',
        String(epochs),
        '--threads',
        '2',
        '--out',
        out,
      ]),
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const result = JSON.parse(
      readFileSync(join(out, `${set}.neumf.f${FACTORS}.s0.json`), 'utf8'),
    ) as { curve: { epoch: number; train_s?: number }[] };
    return result.curve.filter((c) => c.epoch > 0).map((c) => c.train_s ?? NaN);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Fold-in of 50-event sessions (40 plays, 10 skips) built from the training users' items. */
function foldInLatency(params: NeumfParams, users: Int32Array[], sessions: number): number[] {
  const rand = mulberry32(5);
  const times: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const items = users[Math.floor(rand() * users.length)] ?? new Int32Array(0);
    const positives = Int32Array.from(
      { length: 40 },
      () => items[Math.floor(rand() * items.length)] ?? 0,
    );
    const negatives = Int32Array.from({ length: 10 }, () => Math.floor(rand() * params.nItems));
    const start = performance.now();
    foldIn(params, { positives, negatives, seed: s });
    times.push(performance.now() - start);
  }
  return times;
}

/** Best-epoch HR@10 / NDCG@10 of the reference NeuMF (8 factors, seeds 0/1/2), ../shared/data. */
const REFERENCE_BEST: Readonly<Record<string, string>> = {
  'ml-100k': '0.5970 / 0.3234, 0.5981 / 0.3212, 0.5854 / 0.3079',
  'lastfm-2k': '0.7648 / 0.5924, 0.7743 / 0.6045, 0.7685 / 0.5993',
};

/** The tuned NeuMF (three seeds) and the two baselines on both splits. */
async function quality(): Promise<void> {
  for (const set of ['ml-100k', 'lastfm-2k']) {
    for (const model of ['pop', 'itemknn'] as EvalModel[]) {
      const r = await evaluateCf({ dataDir: set, model, factors: FACTORS, epochs: 0 });
      console.log(
        `${set} ${model}: HR@10 ${r.hr10.toFixed(4)} NDCG@10 ${r.ndcg10.toFixed(4)}; ` +
          `full catalogue ${r.full_hr10.toFixed(4)} / ${r.full_ndcg10.toFixed(4)}`,
      );
    }
    await recipe(set, 'tuned', TUNED_CONFIG, TUNED_SETTINGS);
    // The co-occurrence recipe was chosen on lastfm-2k; see SPARSE_CONFIG.
    if (set === 'lastfm-2k') await recipe(set, 'sparse', SPARSE_CONFIG, SPARSE_SETTINGS);
    console.log(`${set} reference NeuMF best epochs: ${REFERENCE_BEST[set] ?? '?'}`);
  }
}

/** One NeuMF recipe on one split, three seeds. */
async function recipe(
  set: string,
  name: string,
  config: NeumfConfig,
  all: TrainSettings,
): Promise<void> {
  const { factors, mlpEmbedding, tower } = config;
  const { epochs, ...settings } = all;
  for (const seed of [0, 1, 2]) {
    const r = await evaluateCf({
      dataDir: set,
      model: 'neumf',
      factors,
      epochs,
      architecture: { mlpEmbedding, tower },
      settings: { ...settings, seed },
    });
    console.log(
      `${set} ${name} NeuMF seed ${seed}, final epoch ${epochs}: HR@10 ${r.hr10.toFixed(4)} ` +
        `NDCG@10 ${r.ndcg10.toFixed(4)}; full catalogue ${r.full_hr10.toFixed(4)} / ` +
        `${r.full_ndcg10.toFixed(4)}; ${r.seconds_per_epoch.toFixed(2)} s/epoch (${r.backend})`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '5' },
      set: { type: 'string', default: 'ml-100k' },
      'no-reference': { type: 'boolean', default: false },
      quality: { type: 'boolean', default: false },
      'hybrid-variants': { type: 'boolean', default: false },
    },
  });
  if (values['hybrid-variants'] === true) {
    const set = values.set ?? 'ml-100k';
    const backend = await initBackend();
    console.log(`date ${new Date().toISOString()}, load ${loadAverage()}, ${set}, ${backend.name}`);
    const dir = join(defaultDataSetsDir(), set);
    const started = performance.now();
    const results = await hybridVariants(await readLooDataset(dir), dir, (line) =>
      console.log(
        `${line} (${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadAverage()})`,
      ),
    );
    for (const r of results) {
      console.log(
        `${r.variant}: chose ${r.chose}; validation ${r.validation.hr10.toFixed(4)} / ` +
          `${r.validation.ndcg10.toFixed(4)}; test HR@10 ${r.test.hr10.toFixed(4)} NDCG@10 ${r.test.ndcg10.toFixed(4)}`,
      );
    }
    console.log(`load ${loadAverage()}`);
    return;
  }
  if (values.quality === true) {
    console.log(`date ${new Date().toISOString()}, load ${loadAverage()}`);
    await quality();
    return;
  }
  const epochs = Number(values.epochs);
  const set = values.set ?? 'ml-100k';
  const backend = await initBackend();
  console.log(`date ${new Date().toISOString()}, load ${loadAverage()}, backend ${backend.name}`);
  const data = await readLooDataset(join(defaultDataSetsDir(), set));
  console.log(
    `${set}: ${data.users.ids.length} users, ${data.items.ids.length} items, ` +
      `${data.train.items.length} training positives`,
  );

  const seconds: number[] = [];
  const { params } = await trainNcf({
    train: data.train,
    config: defaultConfig('neumf', FACTORS),
    settings: { epochs },
    onEpoch: (report) => {
      seconds.push(report.seconds);
      console.log(
        `deepcut epoch ${report.epoch}: ${report.seconds.toFixed(2)} s, loss ${report.loss.toFixed(4)}`,
      );
    },
  });
  const ours = median(seconds);
  console.log(
    `deepcut (${backend.name}): median ${ours.toFixed(2)} s/epoch [${list(seconds)}], load ${loadAverage()}`,
  );

  if (values['no-reference'] === true) {
    console.log('reference: skipped (--no-reference)');
  } else if (!hasTorch()) {
    console.log(`reference: skipped (${PYTHON} cannot import torch, or ${REFERENCE} is missing)`);
  } else {
    const ref = reference(set, epochs);
    const theirs = median(ref);
    console.log(
      `pytorch reference (2 threads): median ${theirs.toFixed(2)} s/epoch [${list(ref)}], load ${loadAverage()}`,
    );
    console.log(
      `ratio reference / deepcut: ${(theirs / ours).toFixed(2)} (above 1: deepcut is faster)`,
    );
  }

  const users = Array.from(data.testUsers, (u) => userItems(data.train, u)).filter(
    (r) => r.length > 0,
  );
  foldInLatency(params, users, 3);
  const times = foldInLatency(params, users, 30);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `fold-in, 50-event sessions: median ${median(times).toFixed(1)} ms, ` +
      `max ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} ms over ${times.length}`,
  );
  await eventsBench();
}

await main();
