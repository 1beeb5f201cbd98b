/**
 * Trains NeuMF (or GMF or MLP alone) on implicit feedback: epochs of fresh negatives, batches
 * through {@link batchGradients}, Adam on the network and sparse Adam on the embedding rows
 * (dense-equivalent or lazy, see sparse-embedding.ts).
 * Optionally pre-trains GMF and MLP and fuses them first, as the paper does. Runs as a
 * background job: it yields to the event loop every few tens of milliseconds, reports each
 * epoch and stops when its signal aborts.
 */
import { mulberry32 } from '../embed/init';
import type { AdamSlot } from './adam';
import { cooccurrenceParams } from './cooccurrence-init';
import { adamSlot, adamStep, adamUpdate } from './adam';
import type { Interactions } from './interactions';
import type { NeumfParams } from './neumf';
import { fuseParams, initParams } from './neumf';
import type { NcfKind, NeumfConfig, TrainSettings } from './neumf-config';
import { REFERENCE_SETTINGS, hasGmf, hasMlp } from './neumf-config';
import { batchGradients } from './neumf-step';
import type { WeightedPairs } from './negatives';
import { sampleEpoch } from './negatives';
import { SparseEmbedding } from './sparse-embedding';

/** What one finished epoch reports. */
export type EpochReport = Readonly<{
  /** The model being trained: a pre-training branch, or the final model. */
  phase: NcfKind;
  /** 1-based, within the phase. */
  epoch: number;
  epochs: number;
  /** Mean log loss over the epoch's batches. */
  loss: number;
  /** Training time of the epoch (sampling included, this callback not). */
  seconds: number;
}>;

/** Options for {@link trainNcf}. */
export type TrainOptions = Readonly<{
  train: Interactions;
  /**
   * Each positive's weight in the log loss, aligned with `train.items` (1 when absent), e.g. a
   * track played often against one heard once.
   */
  positiveWeights?: Float32Array;
  /** Known negatives (skips), in every epoch alongside the sampled ones, optionally weighted. */
  explicitNegatives?: WeightedPairs;
  config: NeumfConfig;
  settings?: Partial<TrainSettings>;
  /** Warm start: parameters of the same config and size (see remapParams), trained in place. */
  init?: NeumfParams;
  /**
   * Pre-train GMF and MLP for `epochs` each, then fuse them with weight `alpha` (0.5 in the
   * paper) on the GMF side; ignored with `init` or when `config.kind` is not 'neumf'.
   */
  pretrain?: Readonly<{ epochs: number; alpha?: number }>;
  /** Called after each epoch with the parameters as they stand; training waits for it. */
  onEpoch?: (report: EpochReport, params: NeumfParams) => void | Promise<void>;
  signal?: AbortSignal;
}>;

/** The trained parameters and every epoch's report, pre-training first. */
export type TrainResult = Readonly<{ params: NeumfParams; history: readonly EpochReport[] }>;

/** Longest stretch of training between two yields to the event loop. */
const YIELD_MS = 40;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Trains and returns the parameters. Rejects with the signal's reason when aborted (between
 * batches); parameters passed as `init` are then left part-trained.
 */
export async function trainNcf(options: TrainOptions): Promise<TrainResult> {
  const settings: TrainSettings = { ...REFERENCE_SETTINGS, ...options.settings };
  const { train, config } = options;
  const history: EpochReport[] = [];
  const run = async (params: NeumfParams, epochs: number, seed: number) => {
    const runner = new Runner(params, settings, mulberry32(seed));
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      const loss = await runner.epoch(options, options.signal);
      const report: EpochReport = {
        phase: params.config.kind,
        epoch,
        epochs,
        loss,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(report);
      await options.onEpoch?.(report, params);
      options.signal?.throwIfAborted();
    }
    return params;
  };
  let params = options.init;
  if (params === undefined && options.pretrain !== undefined && config.kind === 'neumf') {
    const { epochs, alpha = 0.5 } = options.pretrain;
    const branch = (kind: NcfKind, seed: number) =>
      run(initParams({ ...config, kind }, train.nUsers, train.nItems, seed), epochs, seed);
    const gmf = await branch('gmf', settings.seed + 1);
    const mlp = await branch('mlp', settings.seed + 2);
    params = fuseParams(gmf, mlp, alpha);
  }
  params ??= settings.cooccurrenceInit
    ? cooccurrenceParams(config, train, settings.seed)
    : initParams(config, train.nUsers, train.nItems, settings.seed);
  if (params.nUsers !== train.nUsers || params.nItems !== train.nItems) {
    throw new Error('initial parameters are sized for other users or items');
  }
  return { params: await run(params, settings.epochs, settings.seed), history };
}

type Tables = Readonly<{
  gmfUser: SparseEmbedding;
  gmfItem: SparseEmbedding;
  mlpUser: SparseEmbedding;
  mlpItem: SparseEmbedding;
}>;

/** The optimiser state and batch buffers of one training phase. */
class Runner {
  private readonly tables: Tables;
  private readonly dense: readonly AdamSlot[];
  private readonly buffers: Readonly<{
    gmfUser: Float32Array;
    gmfItem: Float32Array;
    mlp: Float32Array;
  }>;
  private readonly masks: Readonly<{ gmf: Float32Array; mlp: Float32Array }>;
  private readonly gmf: number;
  private readonly mlp: number;
  /** Adam steps taken. */
  private t = 0;

  constructor(
    private readonly params: NeumfParams,
    private readonly settings: TrainSettings,
    private readonly rand: () => number,
  ) {
    const { config } = params;
    this.gmf = hasGmf(config) ? config.factors : 0;
    this.mlp = hasMlp(config) ? config.mlpEmbedding : 0;
    const adam = { learningRate: settings.learningRate };
    // An absent branch keeps empty tables; rows of one value keep them well-formed.
    const table = (values: Float32Array, dim: number) =>
      new SparseEmbedding(values, Math.max(dim, 1), adam);
    this.tables = {
      gmfUser: table(params.gmfUser, this.gmf),
      gmfItem: table(params.gmfItem, this.gmf),
      mlpUser: table(params.mlpUser, this.mlp),
      mlpItem: table(params.mlpItem, this.mlp),
    };
    this.dense = [
      ...params.tower.flatMap((l) => [adamSlot(l.weight), adamSlot(l.bias)]),
      adamSlot(params.out),
      adamSlot(params.outBias),
    ];
    const n = settings.batchSize;
    this.buffers = {
      gmfUser: new Float32Array(n * this.gmf),
      gmfItem: new Float32Array(n * this.gmf),
      mlp: new Float32Array(n * 2 * this.mlp),
    };
    this.masks = {
      gmf: new Float32Array(settings.dropout > 0 ? n * this.gmf : 0),
      mlp: new Float32Array(settings.dropout > 0 ? n * 2 * this.mlp : 0),
    };
  }

  /** One epoch; returns the mean batch loss. The parameters are up to date when it resolves. */
  async epoch(
    data: Pick<TrainOptions, 'train' | 'positiveWeights' | 'explicitNegatives'>,
    signal?: AbortSignal,
  ): Promise<number> {
    const { negatives, batchSize } = this.settings;
    const { explicitNegatives: explicit, positiveWeights } = data;
    const epoch = sampleEpoch(data.train, {
      negatives,
      rand: this.rand,
      ...(explicit ? { explicit } : {}),
      ...(positiveWeights ? { positiveWeights } : {}),
    });
    let lossSum = 0;
    let batches = 0;
    let lastYield = performance.now();
    for (let start = 0; start < epoch.users.length; start += batchSize) {
      if (performance.now() - lastYield > YIELD_MS) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
        lastYield = performance.now();
      }
      const end = Math.min(start + batchSize, epoch.users.length);
      lossSum += this.batch(
        epoch.users.subarray(start, end),
        epoch.items.subarray(start, end),
        epoch.labels.subarray(start, end),
        epoch.weights?.subarray(start, end),
      );
      batches++;
    }
    if (this.t > 0 && !this.settings.lazyAdam) {
      const adam = adamStep({ learningRate: this.settings.learningRate }, this.t);
      for (const table of Object.values(this.tables)) table.catchUpAll(this.t, adam);
    }
    return batches === 0 ? 0 : lossSum / batches;
  }

  /** One Adam step on a batch; returns its mean loss. */
  private batch(
    users: Int32Array,
    items: Int32Array,
    labels: Float32Array,
    weights: Float32Array | undefined,
  ): number {
    const { learningRate, l2 } = this.settings;
    const { gmf, mlp, buffers } = this;
    const t = this.tables;
    const withGmf = gmf > 0;
    const withMlp = mlp > 0;
    if (this.t > 0 && !this.settings.lazyAdam) {
      const previous = adamStep({ learningRate }, this.t);
      if (withGmf) {
        t.gmfUser.catchUp(users, this.t, previous);
        t.gmfItem.catchUp(items, this.t, previous);
      }
      if (withMlp) {
        t.mlpUser.catchUp(users, this.t, previous);
        t.mlpItem.catchUp(items, this.t, previous);
      }
    }
    if (withGmf) {
      t.gmfUser.gather(users, buffers.gmfUser, gmf, 0);
      t.gmfItem.gather(items, buffers.gmfItem, gmf, 0);
    }
    if (withMlp) {
      t.mlpUser.gather(users, buffers.mlp, 2 * mlp, 0);
      t.mlpItem.gather(items, buffers.mlp, 2 * mlp, mlp);
    }
    const n = users.length;
    const masks = this.settings.dropout > 0 ? this.drawMasks(n) : null;
    if (masks !== null) {
      multiply(buffers.gmfUser, masks.gmf, n * gmf);
      multiply(buffers.mlp, masks.mlp, n * 2 * mlp);
    }
    const g = batchGradients(this.params, {
      size: users.length,
      labels,
      ...(weights ? { weights } : {}),
      ...buffers,
    });
    if (masks !== null) {
      // The chain rule through the masks: a dropped element passes no gradient back.
      multiply(g.gmfUser, masks.gmf, n * gmf);
      multiply(g.mlp, masks.mlp, n * 2 * mlp);
    }
    const now = ++this.t;
    const step = adamStep({ learningRate }, now);
    if (withGmf) {
      t.gmfUser.accumulate(users, g.gmfUser, gmf, 0);
      t.gmfItem.accumulate(items, g.gmfItem, gmf, 0);
      t.gmfUser.step(now, step, l2);
      t.gmfItem.step(now, step, l2);
    }
    if (withMlp) {
      t.mlpUser.accumulate(users, g.mlp, 2 * mlp, 0);
      t.mlpItem.accumulate(items, g.mlp, 2 * mlp, mlp);
      t.mlpUser.step(now, step, l2);
      t.mlpItem.step(now, step, l2);
    }
    const denseGrads = [
      ...g.tower.flatMap((l) => [l.weight, l.bias]),
      g.out,
      Float32Array.of(g.outBias),
    ];
    this.dense.forEach((slot, k) => {
      const grad = denseGrads[k];
      if (grad !== undefined) adamUpdate(slot, 0, grad, 0, slot.values.length, step);
    });
    return g.loss;
  }

  /** Fresh dropout masks for a batch of `n`: 0 with the dropout probability, else 1 / keep. */
  private drawMasks(n: number): Readonly<{ gmf: Float32Array; mlp: Float32Array }> {
    const keep = 1 - this.settings.dropout;
    const { gmf, mlp } = this.masks;
    const count = [n * this.gmf, n * 2 * this.mlp];
    [gmf, mlp].forEach((mask, m) => {
      for (let k = 0; k < (count[m] ?? 0); k++) mask[k] = this.rand() < keep ? 1 / keep : 0;
    });
    return this.masks;
  }
}

/** `a[k] *= b[k]` for the first `count` elements. */
function multiply(a: Float32Array, b: Float32Array, count: number): void {
  for (let k = 0; k < count; k++) a[k] = (a[k] ?? 0) * (b[k] ?? 0);
}
