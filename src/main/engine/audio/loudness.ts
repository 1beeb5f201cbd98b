/**
 * Integrated loudness after ITU-R BS.1770-4 (EBU R128's measure): K-weighting (a high shelf,
 * then a high-pass), mean square per channel over 400 ms blocks every 100 ms, channels summed
 * with weight 1 (left and right), an absolute gate at −70 LUFS and a relative gate 10 LU below
 * the loudness of the blocks that passed it.
 *
 * The filters are BS.1770's, designed for any sample rate from their analogue prototypes as
 * libebur128 does (the standard lists coefficients for 48 kHz only), so the measure runs on the
 * 22,050 Hz audio the analysis decodes. What lies above 11 kHz is not heard by it: for music that
 * is a small share of the K-weighted energy (docs/audio-analysis.md compares with ffmpeg's
 * ebur128 filter at the files' own rates).
 *
 * Convention: channels are summed, so a 997 Hz sine peaking at 0 dBFS reads −3.01 LUFS in one
 * channel of a stereo signal and 0.0 LUFS in both. A mono file decoded as stereo has each channel
 * at −3 dB (ffmpeg's upmix), so it reads as the single channel BS.1770 prescribes; its peak is
 * scaled back by √2 (see {@link measureDecodedLoudness}).
 */
import type { MeasuredLoudness } from '../store/types';

/** Where ITU-R BS.1770 puts 0 LU: the constant in its loudness formula. */
const LOUDNESS_OFFSET = -0.691;
const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const BLOCK_SEC = 0.4;
const STEP_SEC = 0.1;

/** Biquad coefficients, a0 normalised to 1. */
type Biquad = Readonly<{ b0: number; b1: number; b2: number; a1: number; a2: number }>;

/** Stage 1 (the head's effect: a +4 dB shelf above ~1.7 kHz) and stage 2 (RLB high-pass). */
function kWeighting(sampleRate: number): readonly [Biquad, Biquad] {
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = 10 ** (gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + k / q + k * k;
  const highPass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  return [shelf, highPass];
}

/**
 * Mean square of the K-weighted signal in each 100 ms step of one channel of `interleaved`
 * (frames `start` … `end`), filters starting at rest. Blocks are summed from these steps.
 */
function stepEnergies(
  interleaved: Float32Array,
  channels: number,
  channel: number,
  start: number,
  end: number,
  sampleRate: number,
): Float64Array {
  const [s, h] = kWeighting(sampleRate);
  // Coefficients and state in locals: this loop is the measure's whole cost.
  const { b0: sb0, b1: sb1, b2: sb2, a1: sa1, a2: sa2 } = s;
  const { b0: hb0, b1: hb1, b2: hb2, a1: ha1, a2: ha2 } = h;
  const step = Math.round(STEP_SEC * sampleRate);
  const steps = Math.floor((end - start) / step);
  const out = new Float64Array(steps);
  let s1 = 0;
  let s2 = 0;
  let h1 = 0;
  let h2 = 0;
  let at = start * channels + channel;
  for (let j = 0; j < steps; j++) {
    let sum = 0;
    for (let i = 0; i < step; i++, at += channels) {
      // Direct form II transposed, both stages.
      const x = interleaved[at] as number;
      const y = sb0 * x + s1;
      s1 = sb1 * x - sa1 * y + s2;
      s2 = sb2 * x - sa2 * y;
      const z = hb0 * y + h1;
      h1 = hb1 * y - ha1 * z + h2;
      h2 = hb2 * y - ha2 * z;
      sum += z * z;
    }
    out[j] = sum / step;
  }
  return out;
}

const lufsOf = (meanSquare: number): number => LOUDNESS_OFFSET + 10 * Math.log10(meanSquare);

/**
 * The gated integrated loudness and the sample peak of interleaved audio cut into segments
 * (the analysed excerpts, as frame counts). Blocks never straddle two segments. Returns null
 * when no 400 ms block passes the absolute gate (silence, or less than 400 ms of audio).
 */
export function measureLoudness(
  interleaved: Float32Array,
  channels: number,
  segmentFrames: readonly number[],
  sampleRate: number,
): MeasuredLoudness | null {
  const perBlock = Math.round(BLOCK_SEC / STEP_SEC);
  const blocks: number[] = [];
  let start = 0;
  for (const frames of segmentFrames) {
    const sums: Float64Array[] = [];
    for (let c = 0; c < channels; c++) {
      sums.push(stepEnergies(interleaved, channels, c, start, start + frames, sampleRate));
    }
    const steps = sums[0]?.length ?? 0;
    for (let j = 0; j + perBlock <= steps; j++) {
      let energy = 0;
      for (const channel of sums) {
        for (let k = j; k < j + perBlock; k++) energy += (channel[k] as number) / perBlock;
      }
      blocks.push(energy);
    }
    start += frames;
  }
  const audible = blocks.filter((z) => lufsOf(z) > ABSOLUTE_GATE_LUFS);
  if (audible.length === 0) return null;
  const mean = (values: readonly number[]): number =>
    values.reduce((sum, v) => sum + v, 0) / values.length;
  const gate = lufsOf(mean(audible)) + RELATIVE_GATE_LU;
  const gated = audible.filter((z) => lufsOf(z) > gate);
  let peak = 0;
  for (let i = 0; i < start * channels; i++) peak = Math.max(peak, Math.abs(interleaved[i] ?? 0));
  return { integratedLufs: lufsOf(mean(gated)), peak };
}

/**
 * The loudness of decoded excerpts (audio/decode.ts: stereo at `sampleRate`), with the peak as
 * the file has it: ffmpeg's upmix puts a mono file's channels at −3 dB, so its peak is scaled
 * back up when the file says it has one channel.
 */
export function measureDecodedLoudness(
  decoded: Readonly<{ stereo: Float32Array; segmentLengths: readonly number[] }>,
  sourceChannels: number | null,
  sampleRate: number,
): MeasuredLoudness | null {
  const measured = measureLoudness(decoded.stereo, 2, decoded.segmentLengths, sampleRate);
  if (measured === null || sourceChannels !== 1) return measured;
  return { ...measured, peak: measured.peak * Math.SQRT2 };
}
