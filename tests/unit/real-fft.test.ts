import Meyda from 'meyda';
import { describe, expect, it } from 'vitest';
import { computeLogMel, MEL_POWER_EPSILON } from '../../src/main/engine/audio/mel';
import { applyMelFilterBank, melFilterBank } from '../../src/main/engine/audio/mel-filter-bank';
import { FFT_SIZE, HOP_SIZE, MEL_BANDS, SAMPLE_RATE } from '../../src/main/engine/audio/params';
import { RealFft } from '../../src/main/engine/audio/real-fft';

/** A reproducible frame of noise plus a few tones. */
function frameOf(size: number, seed: number): Float32Array {
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  return Float32Array.from({ length: size }, (_, i) => {
    const tones = 0.4 * Math.sin(i * 0.31 + seed) + 0.2 * Math.sin(i * 1.7);
    return tones + 0.2 * random();
  });
}

/** Meyda's own power spectrum of a frame (fftjs inside), the reference. */
function meydaPower(frame: Float32Array): Float32Array {
  Meyda.bufferSize = frame.length;
  Meyda.sampleRate = SAMPLE_RATE;
  Meyda.windowingFunction = 'hanning';
  const power = Meyda.extract(['powerSpectrum'], frame)?.powerSpectrum;
  if (!(power instanceof Float32Array)) throw new Error('no power spectrum');
  return power;
}

describe('RealFft', () => {
  // Every size from the first stage alone (4) through radix-4 passes with and without a last
  // radix-2 stage.
  it.each([4, 8, 16, 32, 64, 128, 256])('gives the amplitudes of a naive DFT (N = %i)', (size) => {
    const input = frameOf(size, 3);
    const out = new Float32Array(size / 2);
    new RealFft(size).amplitude(input, out);
    for (let k = 0; k < size / 2; k++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < size; n++) {
        re += (input[n] ?? 0) * Math.cos((-2 * Math.PI * k * n) / size);
        im += (input[n] ?? 0) * Math.sin((-2 * Math.PI * k * n) / size);
      }
      expect(out[k]).toBeCloseTo(Math.hypot(re, im), 4);
    }
  });

  it('windows the frame as it loads it, as multiplying it first does', () => {
    const size = 1024;
    const frame = frameOf(size, 7);
    const window = Float32Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos(i / 100));
    const fft = new RealFft(size);
    const fused = new Float32Array(size / 2);
    const first = new Float32Array(size / 2);
    fft.amplitude(frame, fused, window);
    fft.amplitude(
      Array.from(frame, (v, i) => v * (window[i] ?? 0)),
      first,
    );
    expect(Array.from(fused)).toEqual(Array.from(first));
  });

  it('matches Meyda.extract powerSpectrum (fftjs) once Meyda windows and squares', () => {
    const fft = new RealFft(FFT_SIZE);
    const amplitude = new Float32Array(FFT_SIZE / 2);
    for (const seed of [1, 2, 3, 4, 5]) {
      const frame = frameOf(FFT_SIZE, seed);
      const reference = meydaPower(frame);
      fft.amplitude(Meyda.windowing(frame, 'hanning') as ArrayLike<number>, amplitude);
      const mine = Meyda.featureExtractors.powerSpectrum({ ampSpectrum: amplitude });
      const peak = Math.max(...reference);
      expect(mine).toHaveLength(reference.length);
      for (let k = 0; k < reference.length; k++) {
        expect(Math.abs((mine[k] ?? 0) - (reference[k] ?? 0))).toBeLessThan(1e-6 * peak);
      }
    }
  });

  it('refuses sizes that are not powers of 2 and mismatched buffers', () => {
    expect(() => new RealFft(1000)).toThrow(RangeError);
    expect(() => new RealFft(1024).amplitude(new Float32Array(512), new Float32Array(512))).toThrow(
      RangeError,
    );
  });
});

describe('computeLogMel', () => {
  it('equals the log-mel built on Meyda.extract frame by frame', () => {
    const samples = Float32Array.from({ length: FFT_SIZE * 12 }, (_, i) => {
      return 0.3 * Math.sin(i * 0.05) + 0.1 * Math.sin(i * 0.9) + 0.05 * Math.cos(i * 2.1);
    });
    const bank = melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, bands: MEL_BANDS });
    let windowSum = 0;
    for (let i = 0; i < FFT_SIZE; i++) windowSum += 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 1023);
    const mel = computeLogMel(samples);
    const reference = new Float32Array(mel.data.length);
    for (let t = 0; t < mel.frames; t++) {
      const frame = samples.slice(t * HOP_SIZE, t * HOP_SIZE + FFT_SIZE);
      applyMelFilterBank(bank, meydaPower(frame), reference, t * MEL_BANDS, 1 / windowSum ** 2);
    }
    for (let i = 0; i < reference.length; i++) {
      expect(mel.data[i]).toBeCloseTo(Math.log10((reference[i] ?? 0) + MEL_POWER_EPSILON), 5);
    }
  });
});
