/** Turns tracks' log-mel spectrograms into unit-norm audio embeddings with the CNN. */
import * as tf from '@tensorflow/tfjs-core';
import type { LogMel } from '../audio/log-mel';
import type { BackendName } from '../../../shared/library';
import type { BackendInfo } from './backend';
import { initBackend } from './backend';
import type { AudioModel } from './cnn';
import { cnnForward, disposeModel } from './cnn';
import { patchCount, writePatches } from './patches';
import { loadAudioModel, modelVersion } from './weights';

/** Most patches in one forward call: bounds memory (~35 MB of activations at the default). */
export const DEFAULT_MAX_BATCH = 256;

/** Options for {@link AudioEmbedder.create}. */
export type EmbedderOptions = Readonly<{
  /** Backend to try first; see initBackend. */
  backend?: BackendName | 'auto';
  /** Folder of the wasm binaries, for packaged apps. */
  wasmDir?: string;
  /** Where to look for trained weights; see loadAudioModel. */
  resourcesDir?: string;
  /** A model to use instead of loading one; the embedder takes ownership and disposes it. */
  model?: AudioModel;
  /** Most patches per forward call. */
  maxBatch?: number;
}>;

/** The audio CNN ready to embed: backend initialised, weights loaded. */
export class AudioEmbedder {
  private disposed = false;

  private constructor(
    /** The TF.js backend the embedder runs on. */
    readonly backend: BackendInfo,
    /** Version of the weights (see modelVersion); stored with every vector. */
    readonly version: string,
    private readonly model: AudioModel,
    private readonly maxBatch: number,
  ) {}

  /** Initialises TF.js and loads the shipped weights (or the seeded ones when none ship). */
  static async create(options: EmbedderOptions = {}): Promise<AudioEmbedder> {
    const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) {
      throw new Error(`maxBatch must be a positive integer; got ${maxBatch}`);
    }
    const backend = await initBackend(
      options.backend ?? 'auto',
      options.wasmDir === undefined ? {} : { wasmDir: options.wasmDir },
    );
    const model = options.model ?? (await loadAudioModel(options.resourcesDir));
    return new AudioEmbedder(backend, modelVersion(model), model, maxBatch);
  }

  /** Size of the vectors {@link embed} returns. */
  get dimension(): number {
    return this.model.config.embedDim;
  }

  /**
   * One unit-norm vector per track: the normalised mean of its patches' embeddings. Patches of
   * all tracks share forward calls of at most `maxBatch`. Throws if a spectrogram is empty or
   * does not have the model's band count.
   */
  embed(mels: readonly LogMel[]): Float32Array[] {
    if (this.disposed) throw new Error('AudioEmbedder used after dispose()');
    const { patchFrames, melBands, embedDim } = this.model.config;
    mels.forEach((mel, i) => {
      if (mel.frames <= 0) throw new Error(`track ${i} has no log-mel frames to embed`);
      if (mel.bands !== melBands || mel.data.length !== mel.frames * mel.bands) {
        throw new Error(
          `track ${i}: expected ${melBands} bands × ${mel.frames} frames, got ${mel.bands} bands` +
            ` and ${mel.data.length} values`,
        );
      }
    });
    const counts = mels.map((mel) => patchCount(mel.frames, patchFrames));
    let remaining = counts.reduce((a, b) => a + b, 0);
    const sums = mels.map(() => new Float64Array(embedDim));
    let batch = new Float32Array(0);
    let owners: number[] = [];
    const run = (): void => {
      const vectors = tf.tidy(() => {
        const x = tf.tensor3d(batch, [owners.length, patchFrames, melBands]);
        return cnnForward(this.model.params, x, { inference: true }).dataSync();
      });
      owners.forEach((track, row) => {
        const sum = sums[track];
        for (let d = 0; sum !== undefined && d < embedDim; d++) {
          sum[d] = (sum[d] ?? 0) + (vectors[row * embedDim + d] ?? 0);
        }
      });
      remaining -= owners.length;
      owners = [];
    };
    mels.forEach((mel, track) => {
      const total = counts[track] ?? 0;
      for (let first = 0; first < total;) {
        if (owners.length === 0) {
          batch = new Float32Array(Math.min(remaining, this.maxBatch) * patchFrames * melBands);
        }
        const count = Math.min(total - first, this.maxBatch - owners.length);
        writePatches(mel, patchFrames, batch, owners.length, first, count);
        for (let i = 0; i < count; i++) owners.push(track);
        first += count;
        if (owners.length * patchFrames * melBands === batch.length) run();
      }
    });
    return sums.map((sum) => {
      const norm = Math.hypot(...sum);
      // Patch vectors are unit length, so their mean is zero only if they cancel exactly.
      return Float32Array.from(sum, (v) => (norm > 0 ? v / norm : 0));
    });
  }

  /** Frees the model's tensors; the embedder cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeModel(this.model);
  }
}
