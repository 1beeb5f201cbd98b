/**
 * Audio CNN speed: tracks/s embedding 30 s tracks (1290 frames) on wasm and cpu, and the cost
 * of one training step (forward + backward over 64 patches) on wasm.
 *
 *   node --import tsx bench/embed.ts            # both backends, each in its own process
 *   node --import tsx bench/embed.ts --backend=wasm
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { MEL_BANDS } from '../src/main/engine/audio/params';
import type { BackendName } from '../src/shared/library';
import { cnnForward, disposeModel, trainableParams } from '../src/main/engine/embed/cnn';
import { DEFAULT_CNN_CONFIG, paramSpecs } from '../src/main/engine/embed/cnn-config';
import { AudioEmbedder } from '../src/main/engine/embed/embedder';
import { mulberry32, seededModel } from '../src/main/engine/embed/init';

const TRACK_FRAMES = 1290;
const STEP_PATCHES = 64;

function randomMel(seed: number) {
  const rand = mulberry32(seed);
  const data = Float32Array.from({ length: TRACK_FRAMES * MEL_BANDS }, () => -8 + 8 * rand());
  return { frames: TRACK_FRAMES, bands: MEL_BANDS, data };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function describeModel(): void {
  const config = DEFAULT_CNN_CONFIG;
  let frames = config.patchFrames;
  let inChannels = config.melBands;
  let macs = 0;
  for (const out of config.channels) {
    macs += frames * config.kernel * inChannels * out;
    frames = Math.floor(frames / 2);
    inChannels = out;
  }
  macs += 2 * inChannels * config.hidden + config.hidden * config.embedDim;
  const params = paramSpecs(config).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  console.log(
    `model: channels ${config.channels.join('/')}, kernel ${config.kernel}, ` +
      `${params.toLocaleString()} parameters, ${(macs / 1e6).toFixed(2)} M MACs/patch`,
  );
}

async function embedSpeed(backend: BackendName, tracks: number, rounds: number): Promise<void> {
  const embedder = await AudioEmbedder.create({ backend, resourcesDir: '/nonexistent' });
  console.log(`${backend}: backend ${JSON.stringify(embedder.backend)}`);
  const mels = Array.from({ length: tracks }, (_, i) => randomMel(i + 1));
  embedder.embed(mels.slice(0, 2));
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    embedder.embed(mels);
    rates.push((tracks * 1000) / (performance.now() - start));
  }
  console.log(
    `${backend}: embed ${tracks} tracks x ${TRACK_FRAMES} frames: ` +
      `${median(rates).toFixed(1)} tracks/s (median of ${rounds}; all ${rates.map((x) => x.toFixed(1)).join(', ')})`,
  );
  embedder.dispose();
}

function trainStep(rounds: number): void {
  const model = seededModel();
  const vars = trainableParams(model);
  const rand = mulberry32(42);
  const x = tf.tensor3d(
    Float32Array.from(
      { length: STEP_PATCHES * model.config.patchFrames * MEL_BANDS },
      () => -8 + 8 * rand(),
    ),
    [STEP_PATCHES, model.config.patchFrames, MEL_BANDS],
  );
  const half = STEP_PATCHES / 2;
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        // Two views of half the batch each, as contrastive training will pair them.
        const z = cnnForward(model.params, x);
        const s = tf.matMul(
          tf.slice(z, [0, 0], [half, -1]),
          tf.slice(z, [half, 0], [half, -1]),
          false,
          true,
        );
        return tf.sum(tf.square(tf.add(s, tf.neg(tf.eye(half))))) as tf.Scalar;
      }, vars);
      value.dataSync();
      for (const g of Object.values(grads)) g.dataSync();
    });
  step();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  const ms = median(times);
  console.log(
    `wasm: forward+backward, ${STEP_PATCHES} patches: ${ms.toFixed(0)} ms (median of ${rounds}; all ${times.map((t) => t.toFixed(0)).join(', ')})` +
      ` -> ${((ms * (2000 / STEP_PATCHES)) / 1000).toFixed(0)} s for 2,000 patches (1,000 tracks x 2 views)`,
  );
  x.dispose();
  disposeModel(model);
}

const arg = process.argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
if (arg === 'wasm') {
  describeModel();
  await embedSpeed('wasm', 100, 5);
  trainStep(5);
} else if (arg === 'cpu') {
  await embedSpeed('cpu', 3, 1);
} else {
  // One process per backend: TF.js keeps one backend per process (see initBackend).
  for (const backend of ['wasm', 'cpu']) {
    execFileSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), `--backend=${backend}`],
      {
        stdio: 'inherit',
      },
    );
  }
}
