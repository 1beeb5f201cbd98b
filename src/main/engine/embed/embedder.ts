/** Turns tracks' log-mel spectrograms into unit-norm audio embeddings with the CNN. */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../../shared/library';
import type { BackendInfo } from './backend';
import { initBackend } from './backend';
import type { AudioModel } from './cnn';
import { cnnForward, disposeModel } from './cnn';
import { patchWindows, writePatch, type ExcerptedMel } from './patches';
import { loadAudioModel, loadLibraryAudioModel, modelVersion } from './weights';

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
  /** A library's data folder: weights trained on it win over the shipped ones. */
  dataDir?: string;
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
    private readonly centre: Float32Array,
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
    const model =
      options.model ??
      (options.dataDir === undefined
        ? await loadAudioModel(options.resourcesDir)
        : await loadLibraryAudioModel(options.dataDir, options.resourcesDir));
    const centre = model.params['output/centre']?.dataSync();
    return new AudioEmbedder(
      backend,
      modelVersion(model),
      model,
      maxBatch,
      Float32Array.from(centre ?? new Float32Array(model.config.embedDim)),
    );
  }

  /** Size of the vectors {@link embed} returns. */
  get dimension(): number {
    return this.model.config.embedDim;
  }

  /**
   * One unit-norm vector per track: the normalised mean of its patches' embeddings, less the
   * model's output centre (see paramSpecs), normalised again. A track that
   * says where its excerpts end (`excerptFrames`) is cut into patches within each excerpt (see
   * patchWindows). Patches of all tracks share forward calls of at most `maxBatch`. Throws if a
   * spectrogram is empty or does not have the model's band count.
   */
  embed(mels: readonly ExcerptedMel[]): Float32Array[] {
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
      const excerpts = mel.excerptFrames;
      if (excerpts !== undefined && excerpts.reduce((a, b) => a + b, 0) !== mel.frames) {
        throw new Error(`track ${i}: excerpt frame counts do not add up to ${mel.frames}`);
      }
    });
    const windows = mels.map((mel) => patchWindows(mel, patchFrames));
    let remaining = windows.reduce((n, w) => n + w.length, 0);
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
      for (const window of windows[track] ?? []) {
        if (owners.length === 0) {
          batch = new Float32Array(Math.min(remaining, this.maxBatch) * patchFrames * melBands);
        }
        writePatch(mel, window, patchFrames, batch, owners.length);
        owners.push(track);
        if (owners.length * patchFrames * melBands === batch.length) run();
      }
    });
    return sums.map((sum) => {
      // Patch vectors are unit length, so their mean is zero only if they cancel exactly.
      const norm = Math.hypot(...sum);
      const centred = Float64Array.from(
        sum,
        (v, d) => (norm > 0 ? v / norm : 0) - (this.centre[d] ?? 0),
      );
      const length = Math.hypot(...centred);
      return Float32Array.from(centred, (v) => (length > 0 ? v / length : 0));
    });
  }

  /** Frees the model's tensors; the embedder cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeModel(this.model);
  }
}
