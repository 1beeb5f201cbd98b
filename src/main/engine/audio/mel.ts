import Meyda from 'meyda';
import type { LogMel } from './log-mel';
import { applyMelFilterBank, melFilterBank } from './mel-filter-bank';
import { FFT_SIZE, HOP_SIZE, MEL_BANDS, SAMPLE_RATE } from './params';
import { RealFft } from './real-fft';

/**
 * Added to every band's power before the log, so silence gives a finite floor rather than
 * -Infinity. 1e-8 is 70–80 dB below a full-scale tone; 16-bit quantisation noise sits below it.
 */
export const MEL_POWER_EPSILON = 1e-8;

/** The value silence maps to: `log10(MEL_POWER_EPSILON)`. */
export const LOG_MEL_FLOOR = Math.log10(MEL_POWER_EPSILON);

/** Frames {@link computeLogMel} makes from `sampleCount` samples: whole frames only. */
export function frameCount(sampleCount: number): number {
  return sampleCount < FFT_SIZE ? 0 : 1 + Math.floor((sampleCount - FFT_SIZE) / HOP_SIZE);
}

// Meyda's Hann window is the symmetric one, 0.5 − 0.5·cos(2πi / (N − 1)).
function hannSum(size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) sum += 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
  return sum;
}

// Dividing by (Σw)² makes a sine of amplitude A peak at A²/4 in its bin, whatever the FFT size,
// so a full-scale tone lands near -1 after log10.
const POWER_SCALE = 1 / hannSum(FFT_SIZE) ** 2;

// One transform per process: its tables are built once and its buffers reused for every frame.
let fft: RealFft | null = null;
let hann: Float32Array | null = null;

/**
 * Meyda's Hann window of `size`: what `Meyda.windowing(frame, 'hanning')` multiplies every frame
 * by, read once from Meyda by windowing a frame of ones. Meyda's windowing itself returns a new
 * JS array per frame, a quarter of the spectrum's cost and most of its garbage; the same product
 * is taken while the FFT loads the frame instead.
 */
function meydaHann(size: number): Float32Array {
  const window = Meyda.windowing(new Float32Array(size).fill(1), 'hanning') as ArrayLike<number>;
  return Float32Array.from(window);
}

/**
 * Meyda's power spectrum of one frame: the frame times Meyda's Hann window, and Meyda's
 * `powerSpectrum` feature extractor, fed the amplitude spectrum from {@link RealFft} instead of
 * fftjs (the same values to float precision, at a fraction of the cost: see real-fft.ts).
 * `amplitude` is scratch space.
 */
function powerSpectrumOf(frame: Float32Array, amplitude: Float32Array): Float32Array {
  fft ??= new RealFft(FFT_SIZE);
  hann ??= meydaHann(FFT_SIZE);
  fft.amplitude(frame, amplitude, hann);
  const extractors = Meyda.featureExtractors as Readonly<Record<string, MeydaExtractor>>;
  const power = extractors.powerSpectrum?.({ ampSpectrum: amplitude });
  if (!(power instanceof Float32Array)) throw new Error('Meyda returned no power spectrum');
  return power;
}

type MeydaExtractor = (args: Readonly<{ ampSpectrum: Float32Array }>) => unknown;

/**
 * Log-mel spectrogram of mono samples at SAMPLE_RATE: frames of FFT_SIZE every HOP_SIZE samples,
 * Hann-windowed power spectrum from Meyda, MEL_BANDS Slaney mel bands over 0 Hz – Nyquist, then
 * `log10(power + MEL_POWER_EPSILON)`. Values lie in [LOG_MEL_FLOOR, 0) (-8 for silence, -0.9 to
 * -1.8 for a full-scale tone, -2.5 to -4.5 for full-scale white noise), a range a CNN takes
 * without further scaling.
 *
 * Only whole frames are made (no padding), so fewer than FFT_SIZE samples give 0 frames.
 */
export function computeLogMel(samples: Float32Array): LogMel {
  const bank = melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, bands: MEL_BANDS });
  const frames = frameCount(samples.length);
  const data = new Float32Array(frames * MEL_BANDS);
  const amplitude = new Float32Array(FFT_SIZE / 2);
  for (let t = 0; t < frames; t++) {
    const frame = samples.subarray(t * HOP_SIZE, t * HOP_SIZE + FFT_SIZE);
    applyMelFilterBank(bank, powerSpectrumOf(frame, amplitude), data, t * MEL_BANDS, POWER_SCALE);
  }
  for (let i = 0; i < data.length; i++) data[i] = Math.log10((data[i] ?? 0) + MEL_POWER_EPSILON);
  return { frames, bands: MEL_BANDS, data };
}

/**
 * Log-mel of excerpts joined end to end, each computed on its own so that no frame straddles
 * the cut between two excerpts; the result holds their frames in order.
 */
export function computeExcerptsLogMel(
  samples: Float32Array,
  segmentLengths: readonly number[],
): LogMel {
  const parts: LogMel[] = [];
  let offset = 0;
  for (const length of segmentLengths) {
    parts.push(computeLogMel(samples.subarray(offset, offset + length)));
    offset += length;
  }
  const frames = parts.reduce((sum, p) => sum + p.frames, 0);
  const data = new Float32Array(frames * MEL_BANDS);
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  return { frames, bands: MEL_BANDS, data };
}
