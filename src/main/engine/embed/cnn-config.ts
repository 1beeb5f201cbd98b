/** Shape of the audio CNN: everything needed to rebuild its parameters, stored with the weights. */
import { MEL_BANDS } from '../audio/params';

/** Length of one CNN input patch in mel frames (128 × 23 ms ≈ 3 s). */
export const PATCH_FRAMES = 128;
/** Size of the audio embedding. */
export const EMBED_DIM = 128;

/**
 * Typical level and spread of one log-mel value. audio/mel.ts makes log10(power + 1e-8), which
 * lies in [-8 (silence), about -0.6 (a full-scale tone)]; centring on -4 and dividing by 2 puts
 * that range within ±2. Training replaces these per-band defaults with measured statistics.
 */
export const DEFAULT_INPUT_MEAN = -4;
/** See {@link DEFAULT_INPUT_MEAN}. */
export const DEFAULT_INPUT_STD = 2;

/**
 * How the last feature maps are summarised over time: mean and max of each channel, and with
 * "mean-max-std" their standard deviation too (how much a feature varies within the patch).
 */
export type TimePooling = 'mean-max' | 'mean-max-std';

/** Architecture of the CNN. Changing any field changes the parameters' shapes. */
export type CnnConfig = Readonly<{
  /** Frames per input patch. */
  patchFrames: number;
  /** Mel bands, the input channels. */
  melBands: number;
  /** Width of each time convolution in frames. */
  kernel: number;
  /** Output channels of the three conv blocks. */
  channels: readonly [number, number, number];
  /** Summary over time before the dense layers; "mean-max" when a stored config has none. */
  pooling: TimePooling;
  /** Width of the hidden dense layer. */
  hidden: number;
  /** Size of the output embedding. */
  embedDim: number;
}>;

/**
 * The shipped architecture: 247 k parameters (1.0 MB as float32), 6.4 M multiply-adds a patch.
 * A wider one (128/256/256 channels, 512 hidden, 755 k parameters) retrieved no better on the
 * dev corpus once trained (P@10 0.401, mAP 0.356) and embedded at 40–56 tracks/s on wasm, under
 * the 50 tracks/s target when the machine is busy; this one embeds 100–190 tracks/s. The standard
 * deviation in the pooling is docs/audio-training.md's "std pooling".
 */
export const DEFAULT_CNN_CONFIG: CnnConfig = {
  patchFrames: PATCH_FRAMES,
  melBands: MEL_BANDS,
  kernel: 4,
  channels: [64, 128, 128],
  pooling: 'mean-max-std',
  hidden: 256,
  embedDim: EMBED_DIM,
};

/** Name, shape and whether training updates it, for every parameter of a config. */
export type ParamSpec = Readonly<{
  name: string;
  shape: readonly number[];
  /** He-normal fan-in for weights; null for biases and fixed statistics. */
  fanIn: number | null;
  /** Value every element starts at when fanIn is null. */
  fill: number;
  trainable: boolean;
}>;

/** Every parameter of the CNN, in a fixed order that serialisation and hashing rely on. */
export function paramSpecs(config: CnnConfig): ParamSpec[] {
  const { melBands, kernel, channels, pooling, hidden, embedDim } = config;
  const specs: ParamSpec[] = [
    {
      name: 'input/mean',
      shape: [melBands],
      fanIn: null,
      fill: DEFAULT_INPUT_MEAN,
      trainable: false,
    },
    {
      name: 'input/std',
      shape: [melBands],
      fanIn: null,
      fill: DEFAULT_INPUT_STD,
      trainable: false,
    },
  ];
  let inChannels = melBands;
  channels.forEach((out, i) => {
    const fanIn = kernel * inChannels;
    specs.push(
      { name: `conv${i + 1}/w`, shape: [fanIn, out], fanIn, fill: 0, trainable: true },
      { name: `conv${i + 1}/b`, shape: [out], fanIn: null, fill: 0, trainable: true },
    );
    inChannels = out;
  });
  const pooled = (pooling === 'mean-max-std' ? 3 : 2) * inChannels;
  specs.push(
    { name: 'dense1/w', shape: [pooled, hidden], fanIn: pooled, fill: 0, trainable: true },
    { name: 'dense1/b', shape: [hidden], fanIn: null, fill: 0, trainable: true },
    { name: 'dense2/w', shape: [hidden, embedDim], fanIn: hidden, fill: 0, trainable: true },
    { name: 'dense2/b', shape: [embedDim], fanIn: null, fill: 0, trainable: true },
    // The mean track vector of the library the weights were trained on, subtracted from every
    // track's vector before the final normalisation: cosine then measures how tracks differ from
    // the typical track rather than what they all share (measured: +0.01 to 0.02 in P@10 and mAP
    // on the dev corpus). Zero until training measures it.
    { name: 'output/centre', shape: [embedDim], fanIn: null, fill: 0, trainable: false },
  );
  return specs;
}

/**
 * Throws unless `value` is a well-formed config; used on configs read from disk. Patches need at
 * least 8 frames to survive the three halvings of time.
 */
export function validateConfig(value: unknown): CnnConfig {
  const c = value as Partial<Record<keyof CnnConfig, unknown>> | null;
  const positive = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
  if (
    c === null ||
    typeof c !== 'object' ||
    !positive(c.patchFrames) ||
    c.patchFrames < 8 ||
    !positive(c.melBands) ||
    !positive(c.kernel) ||
    !positive(c.hidden) ||
    !positive(c.embedDim) ||
    !Array.isArray(c.channels) ||
    c.channels.length !== 3 ||
    !c.channels.every(positive) ||
    (c.pooling !== undefined && c.pooling !== 'mean-max' && c.pooling !== 'mean-max-std')
  ) {
    throw new Error(`invalid CNN config: ${JSON.stringify(value)}`);
  }
  const [c1, c2, c3] = c.channels as [number, number, number];
  return {
    patchFrames: c.patchFrames,
    melBands: c.melBands,
    kernel: c.kernel,
    channels: [c1, c2, c3],
    // Weights saved before the field existed pool mean and max.
    pooling: c.pooling ?? 'mean-max',
    hidden: c.hidden,
    embedDim: c.embedDim,
  };
}
