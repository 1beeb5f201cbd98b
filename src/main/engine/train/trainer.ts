/**
 * Self-supervised training of the audio CNN on a library's cached spectrograms: NT-Xent over
 * two views per track (views.ts), through a projection head that is dropped afterwards, with
 * Adam. Checkpoints after every epoch, so a cancelled or killed run resumes where it stopped.
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import type { AudioModel } from '../embed/cnn';
import { cnnRawForward, trainableParams, unitRows } from '../embed/cnn';
import { paramSpecs } from '../embed/cnn-config';
import { mulberry32 } from '../embed/init';
import { modelVersion } from '../embed/weights';
import { Adam } from './adam';
import { measureBandStats } from './band-stats';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { groupPositives, ntXentLoss } from './contrastive-loss';
import type { ProjectionHead } from './projection-head';
import {
  createHead,
  disposeHead,
  HEAD_PARAM_NAMES,
  headForward,
  headFromValues,
  headParams,
} from './projection-head';
import { distilLoss, type DistilWeights } from './distil-loss';
import { stepTargets, type DistilTrack } from './teacher/distil-targets';
import type { Augmentations, TrainingMel, ViewPlacement } from './views';
import { makeViews, shuffled } from './views';
import { embedTracks } from './embed-all';

/** How a run trains. */
export type TrainSettings = Readonly<{
  epochs: number;
  /** Tracks per step; each gives two views, the other tracks of the step are its negatives. */
  batchSize: number;

  temperature: number;
  learningRate: number;
  /** Seeds the head's weights and every batch, so a run is reproducible. */
  seed: number;
  augment: Augmentations;
  /** Hidden and output widths of the projection head. */
  headHidden: number;
  headDim: number;
  /** With {@link TrainOptions.distil}: how the loss weighs NT-Xent and the teacher's targets. */
  distil?: DistilWeights;
  /**
   * "cosine": the learning rate falls along half a cosine from its value to 5 % of it over the
   * run's steps; otherwise it stays constant.
   */
  schedule?: 'constant' | 'cosine';
}>;

/**
 * Settings chosen on the dev corpus (resources/models/audio-cnn/TRAINING.md). The epoch count
 * is for fine-tuning trained weights on a library; training from scratch needs far more
 * (scripts/train-default.ts).
 */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  epochs: 10,
  // 32 rather than 64: twice the updates an epoch, which on the dev corpus's 183 tracks did
  // better than more negatives per step (docs/audio-training.md).
  batchSize: 32,
  temperature: 0.05,
  learningRate: 1e-3,
  seed: 1,
  augment: { gain: 0.3, freqMask: 8 },
  headHidden: 256,
  headDim: 128,
};

/** Where a run stands, reported after every step. */
export type TrainProgress = Readonly<{
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Mean loss of the current epoch so far. */
  loss: number;
  etaSeconds: number | null;
}>;

/** Options for {@link trainContrastive}. */
export type TrainOptions = Readonly<{
  settings?: Partial<TrainSettings>;
  /** Where to checkpoint after each epoch and to resume from; none: no checkpoints. */
  checkpointDir?: string;
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  /** Called after each epoch (after its checkpoint) with the epoch number and mean loss. */
  onEpoch?: (epoch: number, loss: number) => void | Promise<void>;
  /**
   * The teacher's targets for every track of `mels`, in the same order: the student then also
   * learns to reproduce them (distillation), weighed by `settings.distil`.
   */
  distil?: readonly DistilTrack[];
  /**
   * A group per track of `mels` (its soundtrack where labels may be used; −1 for none): views of
   * tracks of one group are positives of each other too (SupCon's form of NT-Xent).
   */
  groups?: readonly number[];
}>;

/** What a run did. */
export type TrainResult = Readonly<{
  settings: TrainSettings;
  /** Mean loss of every epoch, including those of a run resumed from. */
  losses: number[];
  /** Epochs already done when this call started (from a checkpoint). */
  resumedFrom: number;
  seconds: number;
}>;

/** Splits `n` shuffled tracks into steps of at most `batch`, as even as possible, each ≥ 2. */
function stepSizes(n: number, batch: number): number[] {
  let steps = Math.ceil(n / batch);
  if (n / steps < 2) steps = Math.max(1, Math.floor(n / 2));
  return Array.from(
    { length: steps },
    (_, i) => Math.floor(((i + 1) * n) / steps) - Math.floor((i * n) / steps),
  );
}

function runKey(
  model: AudioModel,
  mels: readonly TrainingMel[],
  settings: TrainSettings,
  groups?: readonly number[],
): string {
  const hash = createHash('sha256').update(modelVersion(model)).update(JSON.stringify(settings));
  if (groups) hash.update(`groups ${groups.join(',')};`);
  for (const mel of mels) hash.update(`${mel.frames}/${mel.excerptFrames.join(',')};`);
  return hash.digest('hex').slice(0, 16);
}

/** Every array a checkpoint holds, by name. */
function stateArrays(
  model: AudioModel,
  head: ProjectionHead,
  adam: Adam,
): Map<string, Float32Array> {
  const arrays = new Map<string, Float32Array>();
  for (const spec of paramSpecs(model.config)) {
    const value = model.params[spec.name];
    if (value === undefined) throw new Error(`CNN parameter ${spec.name} is missing`);
    arrays.set(`cnn/${spec.name}`, value.dataSync() as Float32Array);
  }
  for (const name of HEAD_PARAM_NAMES)
    arrays.set(`head/${name}`, head[name].dataSync() as Float32Array);
  adam.state().forEach((a, i) => arrays.set(`adam/${i}`, a));
  return arrays;
}

/** Sets the model's output centre to the mean track vector of `mels` (see paramSpecs). */
async function measureCentre(model: AudioModel, mels: readonly TrainingMel[]): Promise<void> {
  const centre = model.params['output/centre'];
  if (centre === undefined) return;
  tf.tidy(() => centre.assign(tf.zerosLike(centre)));
  const vectors = await embedTracks(model, mels);
  const mean = new Float32Array(model.config.embedDim);
  for (const v of vectors) v.forEach((x, d) => (mean[d] = (mean[d] ?? 0) + x / vectors.length));
  tf.tidy(() => centre.assign(tf.tensor1d(mean)));
}

/**
 * Trains `model` in place on `mels` (one per track, at least two tracks). A fresh run first sets
 * the model's per-band input statistics to those of `mels`; the end sets its output centre to
 * their mean track vector. With `checkpointDir`, a checkpoint of the same run (same starting
 * model, settings and spectrograms) is resumed from; the caller removes it once the trained
 * weights are saved. Throws the signal's reason when cancelled, with the model left at the last
 * step done (the checkpoint holds the last epoch done).
 */
export async function trainContrastive(
  model: AudioModel,
  mels: readonly TrainingMel[],
  options: TrainOptions = {},
): Promise<TrainResult> {
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, ...options.settings };
  const { patchFrames, melBands, embedDim } = model.config;
  if (mels.length < 2) throw new Error('training needs the spectrograms of at least two tracks');
  const { distil } = options;
  const weights = settings.distil;
  if (distil !== undefined && (distil.length !== mels.length || weights === undefined)) {
    throw new Error('distillation needs one target per track and settings.distil');
  }
  const started = performance.now();
  const run = runKey(model, mels, settings, options.groups);
  const checkpoint = options.checkpointDir
    ? await loadCheckpoint(options.checkpointDir, run)
    : null;
  const stats = measureBandStats(mels, melBands);
  const head = checkpoint
    ? headFromValues(
        Object.fromEntries(
          HEAD_PARAM_NAMES.map((n) => [
            n,
            checkpoint.arrays.get(`head/${n}`) ?? new Float32Array(0),
          ]),
        ),
        embedDim,
        settings.headHidden,
        settings.headDim,
      )
    : createHead(embedDim, settings.headHidden, settings.headDim, settings.seed);
  const vars = [...trainableParams(model), ...headParams(head)];
  const adam = new Adam(vars, { learningRate: settings.learningRate });
  try {
    tf.tidy(() => {
      if (checkpoint) {
        for (const spec of paramSpecs(model.config)) {
          const value = checkpoint.arrays.get(`cnn/${spec.name}`);
          if (value === undefined) throw new Error(`checkpoint lacks ${spec.name}`);
          model.params[spec.name]?.assign(tf.tensor(value, [...spec.shape]));
        }
      } else {
        model.params['input/mean']?.assign(tf.tensor1d(stats.mean));
        model.params['input/std']?.assign(tf.tensor1d(stats.std));
      }
    });
    if (checkpoint) {
      adam.restore(
        Array.from(
          { length: 2 * vars.length },
          (_, i) => checkpoint.arrays.get(`adam/${i}`) ?? new Float32Array(0),
        ),
        checkpoint.step,
      );
    }
    const losses = [...(checkpoint?.losses ?? [])];
    const source = { mels, patchFrames, bands: melBands, stats, augment: settings.augment };
    const sizes = stepSizes(mels.length, settings.batchSize);
    const first = checkpoint?.epoch ?? 0;
    const loopStarted = performance.now();
    for (let epoch = first; epoch < settings.epochs; epoch++) {
      const rand = mulberry32(settings.seed * 1_000_003 + epoch);
      const order = shuffled(mels.length, rand);
      let sum = 0;
      let at = 0;
      for (const [step, size] of sizes.entries()) {
        options.signal?.throwIfAborted();
        const tracks = order.slice(at, at + size);
        const placements: ViewPlacement[] = [];
        const views = makeViews(source, tracks, rand, placements);
        at += size;
        const loss = tf.tidy(() => {
          const x = tf.tensor3d(views, [2 * size, patchFrames, melBands]);
          const targets = distil && stepTargets(distil, tracks, placements);
          const { value, grads } = tf.variableGrads(() => {
            const z = unitRows(cnnRawForward(model.params, x));
            const positives =
              options.groups && groupPositives(tracks.map((t) => options.groups?.[t] ?? -1));
            const contrastive = () =>
              ntXentLoss(headForward(head, z), settings.temperature, positives);
            return targets && weights
              ? distilLoss(z, targets, weights, contrastive)
              : contrastive();
          }, vars);
          const progress = (epoch * sizes.length + step) / (settings.epochs * sizes.length);
          const rateScale =
            settings.schedule === 'cosine'
              ? 0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress))
              : 1;
          adam.apply(
            vars.map((v) => grads[v.name] ?? tf.zerosLike(v)),
            rateScale,
          );
          return value.dataSync()[0] ?? NaN;
        });
        sum += loss;
        const done = (epoch - first) * sizes.length + step + 1;
        const left = (settings.epochs - epoch) * sizes.length - step - 1;
        options.onProgress?.({
          epoch: epoch + 1,
          epochs: settings.epochs,
          step: step + 1,
          stepsPerEpoch: sizes.length,
          loss: sum / (step + 1),
          etaSeconds: ((performance.now() - loopStarted) / 1000 / done) * left,
        });
        // Lets a cancel, a progress write or another job in the process get in between steps.
        await new Promise((resolve) => setImmediate(resolve));
      }
      losses.push(sum / sizes.length);
      if (options.checkpointDir) {
        await saveCheckpoint(options.checkpointDir, {
          run,
          epoch: epoch + 1,
          step: adam.step,
          losses,
          arrays: stateArrays(model, head, adam),
        });
      }
      await options.onEpoch?.(epoch + 1, sum / sizes.length);
    }
    await measureCentre(model, mels);
    return { settings, losses, resumedFrom: first, seconds: (performance.now() - started) / 1000 };
  } finally {
    adam.dispose();
    disposeHead(head);
  }
}
