/**
 * The MusiCNN teacher's input pipeline (../shared/models/musicnn-msd/preprocessing.md): mono
 * 16 kHz samples → centred STFT (512-point periodic Hann, hop 256, reflect padding) → power
 * spectrum from Meyda → librosa's 96-band Slaney mel bank → float16 round trip →
 * log10(10000·x + 1), time-major, cut into 187-frame patches.
 *
 * It differs from the app's own log-mel (audio/mel.ts) in every parameter, on purpose: the
 * teacher's weights were trained on this exact input. Training only; the product never runs it.
 */
import Meyda from 'meyda';
import { RealFft } from '../../audio/real-fft';

/** The teacher's sample rate. */
export const TEACHER_SAMPLE_RATE = 16_000;
/** Its FFT size and hop, in samples. */
export const TEACHER_FFT = 512;
export const TEACHER_HOP = 256;
/** Its mel bands. */
export const TEACHER_BANDS = 96;
/** Frames in one of its patches (≈ 3 s). */
export const TEACHER_PATCH_FRAMES = 187;

/** A log-mel spectrogram, frames × bands, time-major. */
export type TeacherLogMel = Readonly<{ frames: number; bands: number; data: Float32Array }>;

// Slaney's mel scale as librosa 0.7 (htk=False) computes it.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

function hzToMel(hz: number): number {
  return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
}

function melToHz(mel: number): number {
  return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
}

/**
 * librosa.filters.mel(sr=16000, n_fft=512, n_mels=96): triangles on Slaney's scale from 0 Hz to
 * Nyquist with Slaney's area normalisation (2 / bandwidth in Hz), [96, 257], row = band. The
 * app's own bank (audio/mel-filter-bank.ts) normalises triangles to unit sum instead, which
 * would shift every band's level: the teacher needs librosa's.
 */
export function teacherMelBank(): Float32Array {
  const bins = TEACHER_FFT / 2 + 1;
  const edges = Array.from({ length: TEACHER_BANDS + 2 }, (_, i) =>
    melToHz((i * hzToMel(TEACHER_SAMPLE_RATE / 2)) / (TEACHER_BANDS + 1)),
  );
  const bank = new Float32Array(TEACHER_BANDS * bins);
  for (let b = 0; b < TEACHER_BANDS; b++) {
    const lo = edges[b] ?? 0;
    const centre = edges[b + 1] ?? 0;
    const hi = edges[b + 2] ?? 0;
    const norm = 2 / (hi - lo);
    for (let k = 0; k < bins; k++) {
      const f = (k * TEACHER_SAMPLE_RATE) / TEACHER_FFT;
      const w = Math.max(0, Math.min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
      bank[b * bins + k] = w * norm;
    }
  }
  return bank;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * `x` rounded to IEEE half precision and back (round to nearest, ties to even, subnormals kept),
 * as musicnn's `astype(float16)` does before the log. Node 20 has no Math.f16round.
 */
export function roundToFloat16(x: number): number {
  f32[0] = x;
  const bits = u32[0] ?? 0;
  const sign = bits >>> 31 ? -1 : 1;
  const abs = Math.abs(f32[0] ?? 0);
  if (!Number.isFinite(abs) || abs >= 65520) return sign * (Number.isNaN(abs) ? NaN : Infinity);
  // Half precision keeps 10 fraction bits; below 2^-14 the step is fixed at 2^-24 (subnormals).
  const exponent = abs < 2 ** -14 ? -14 : Math.floor(Math.log2(abs));
  const step = 2 ** (exponent - 10);
  const scaled = abs / step;
  let rounded = Math.round(scaled);
  // Math.round rounds ties up; IEEE rounds them to even.
  if (rounded - scaled === 0.5 && rounded % 2 === 1) rounded -= 1;
  return sign * rounded * step;
}

// Meyda's windows are symmetric; librosa's (scipy's fftbins=True) is the periodic Hann.
const WINDOW = Float64Array.from(
  { length: TEACHER_FFT },
  (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / TEACHER_FFT),
);

type MeydaExtractor = (args: Readonly<{ ampSpectrum: Float32Array }>) => unknown;

let fft: RealFft | null = null;
let bank: Float32Array | null = null;

/**
 * Log-mel of mono 16 kHz samples, librosa-style centred: `1 + ⌊N / 256⌋` frames, frame t centred
 * on sample 256·t, the signal mirrored (without its edge sample) at both ends.
 */
export function teacherLogMel(samples: Float32Array): TeacherLogMel {
  const n = samples.length;
  const pad = TEACHER_FFT / 2;
  if (n <= pad) throw new Error(`the teacher needs more than ${pad} samples, got ${n}`);
  fft ??= new RealFft(TEACHER_FFT);
  bank ??= teacherMelBank();
  const bins = TEACHER_FFT / 2 + 1;
  const frames = 1 + Math.floor(n / TEACHER_HOP);
  const data = new Float32Array(frames * TEACHER_BANDS);
  const frame = new Float32Array(TEACHER_FFT);
  const amplitude = new Float32Array(TEACHER_FFT / 2);
  const extractors = Meyda.featureExtractors as Readonly<Record<string, MeydaExtractor>>;
  const reflect = (i: number): number => {
    const j = i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    return samples[j] ?? 0;
  };
  for (let t = 0; t < frames; t++) {
    const first = t * TEACHER_HOP - pad;
    for (let i = 0; i < TEACHER_FFT; i++) frame[i] = reflect(first + i) * (WINDOW[i] ?? 0);
    fft.amplitude(frame, amplitude);
    const power = extractors.powerSpectrum?.({ ampSpectrum: amplitude });
    if (!(power instanceof Float32Array)) throw new Error('Meyda returned no power spectrum');
    // The Nyquist bin (256) is not in Meyda's spectrum; every mel band weighs it 0.
    for (let b = 0; b < TEACHER_BANDS; b++) {
      let acc = 0;
      const row = b * bins;
      for (let k = 0; k < power.length; k++) acc += (bank[row + k] ?? 0) * (power[k] ?? 0);
      f32[0] = acc;
      data[t * TEACHER_BANDS + b] = Math.log10(10000 * roundToFloat16(f32[0] ?? 0) + 1);
    }
  }
  return { frames, bands: TEACHER_BANDS, data };
}

/** The patch of {@link TEACHER_PATCH_FRAMES} frames from `start`, as a copy. */
export function teacherPatch(mel: TeacherLogMel, start: number): Float32Array {
  if (start < 0 || start + TEACHER_PATCH_FRAMES > mel.frames) {
    throw new RangeError(`patch at ${start} does not fit ${mel.frames} frames`);
  }
  return mel.data.slice(start * mel.bands, (start + TEACHER_PATCH_FRAMES) * mel.bands);
}
