import { describe, expect, it } from 'vitest';
import type { LogMel } from '../../src/main/engine/audio/log-mel';
import {
  computeExcerptsLogMel,
  computeLogMel,
  frameCount,
  LOG_MEL_FLOOR,
  MEL_POWER_EPSILON,
} from '../../src/main/engine/audio/mel';
import { hzToMel, melFilterBank, melToHz } from '../../src/main/engine/audio/mel-filter-bank';
import { FFT_SIZE, HOP_SIZE, MEL_BANDS, SAMPLE_RATE } from '../../src/main/engine/audio/params';
import { makeThumbnail, THUMBNAIL_MAX_BYTES } from '../../src/main/engine/audio/thumbnail';
import { synthesize } from '../helpers/synth';

const bank = melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, bands: MEL_BANDS });

/** Mean linear power of each band over all frames. */
function bandPower(mel: LogMel): Float64Array {
  const out = new Float64Array(mel.bands);
  for (let t = 0; t < mel.frames; t++)
    for (let b = 0; b < mel.bands; b++)
      out[b] = (out[b] ?? 0) + 10 ** (mel.data[t * mel.bands + b] ?? NaN) / mel.frames;
  return out;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

function nearestBand(hz: number): number {
  return argmax(Array.from(bank.centresHz, (c) => -Math.abs(c - hz)));
}

describe('mel filter bank', () => {
  it('is built once per parameter set', () => {
    expect(melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, bands: MEL_BANDS })).toBe(
      bank,
    );
    expect(melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, bands: 32 })).not.toBe(bank);
  });

  it('uses the Slaney scale: linear to 1 kHz, logarithmic above, invertible', () => {
    expect(hzToMel(500) * 2).toBeCloseTo(hzToMel(1000), 9);
    expect(hzToMel(6400) - hzToMel(1000)).toBeCloseTo(hzToMel(1000 * 6.4 ** 2) - hzToMel(6400), 9);
    for (const hz of [0, 123, 999, 1000, 4321, 11_025])
      expect(melToHz(hzToMel(hz))).toBeCloseTo(hz);
  });

  it('has ascending centres inside the spectrum and weights summing to 1 per band', () => {
    expect(bank.bands).toBe(MEL_BANDS);
    let previous = 0;
    for (let b = 0; b < bank.bands; b++) {
      const centre = bank.centresHz[b] ?? NaN;
      expect(centre).toBeGreaterThan(previous);
      expect(centre).toBeLessThan(SAMPLE_RATE / 2);
      previous = centre;
      const o = bank.offset[b] ?? 0;
      const w = bank.weights.subarray(o, o + (bank.length[b] ?? 0));
      expect(w.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
      expect((bank.start[b] ?? 0) + w.length).toBeLessThanOrEqual(bank.bins);
    }
  });

  it('gives a band narrower than one bin the nearest bin instead of nothing', () => {
    const crowded = melFilterBank({ sampleRate: SAMPLE_RATE, fftSize: 64, bands: 40 });
    for (let b = 0; b < crowded.bands; b++) {
      expect(crowded.length[b]).toBeGreaterThan(0);
      const o = crowded.offset[b] ?? 0;
      const sum = crowded.weights.subarray(o, o + (crowded.length[b] ?? 0)).reduce((a, x) => a + x);
      expect(sum).toBeCloseTo(1, 5);
    }
  });
});

describe('computeLogMel', () => {
  it.each([200, 1000, 4000, 55, 8000])('puts a %d Hz sine in the band centred nearest it', (hz) => {
    const power = bandPower(computeLogMel(synthesize({ kind: 'sine', freq: hz }, 1)));
    expect(argmax(power)).toBe(nearestBand(hz));
  });

  it.each([3, 20, 45, 60])('puts a sine at the centre of band %d in that band', (band) => {
    const hz = bank.centresHz[band] ?? NaN;
    const power = bandPower(computeLogMel(synthesize({ kind: 'sine', freq: hz }, 1)));
    expect(argmax(power)).toBe(band);
    // Concentrated: bands three away hold under 1/1000 of its power.
    expect((power[band + 3] ?? 0) / (power[band] ?? 0)).toBeLessThan(1e-3);
    expect((power[band - 3] ?? 0) / (power[band] ?? 0)).toBeLessThan(1e-3);
  });

  it('spreads white noise evenly across bands, unlike a sine', () => {
    const noise = bandPower(computeLogMel(synthesize({ kind: 'noise', seed: 7 }, 3)));
    const sine = bandPower(computeLogMel(synthesize({ kind: 'sine', freq: 1000 }, 3)));
    const spread = (p: Float64Array): number => Math.max(...p) / Math.min(...p);
    expect(spread(noise)).toBeLessThan(2);
    expect(spread(sine)).toBeGreaterThan(1e4);
  });

  it('measures power: doubling the amplitude adds log10(4)', () => {
    const quiet = computeLogMel(synthesize({ kind: 'sine', freq: 1000 }, 1, SAMPLE_RATE, 0.25));
    const loud = computeLogMel(synthesize({ kind: 'sine', freq: 1000 }, 1, SAMPLE_RATE, 0.5));
    const band = nearestBand(1000);
    const at = (mel: LogMel): number => mel.data[5 * mel.bands + band] ?? NaN;
    expect(at(loud) - at(quiet)).toBeCloseTo(Math.log10(4), 3);
    expect(at(loud)).toBeLessThan(0);
  });

  it('makes whole frames only', () => {
    const lengths: Array<[number, number]> = [
      [0, 0],
      [FFT_SIZE - 1, 0],
      [FFT_SIZE, 1],
      [FFT_SIZE + HOP_SIZE - 1, 1],
      [FFT_SIZE + HOP_SIZE, 2],
      [FFT_SIZE + 10 * HOP_SIZE + 3, 11],
    ];
    for (const [samples, frames] of lengths) {
      const mel = computeLogMel(new Float32Array(samples));
      expect(frameCount(samples)).toBe(frames);
      expect(mel.frames).toBe(frames);
      expect(mel.bands).toBe(MEL_BANDS);
      expect(mel.data.length).toBe(frames * MEL_BANDS);
    }
  });

  it('gives silence the finite floor', () => {
    const mel = computeLogMel(new Float32Array(SAMPLE_RATE));
    expect(mel.frames).toBeGreaterThan(0);
    for (const v of mel.data) expect(v).toBeCloseTo(Math.log10(MEL_POWER_EPSILON), 5);
    expect(LOG_MEL_FLOOR).toBe(Math.log10(MEL_POWER_EPSILON));
  });
});

describe('makeThumbnail', () => {
  const toneBand = nearestBand(4000);

  it('pools a 30 s spectrogram to at most 16 KB of band-major rows', () => {
    const mel = computeLogMel(synthesize({ kind: 'sine', freq: 4000 }, 30));
    const thumb = makeThumbnail(mel);
    expect(thumb.bands).toBe(MEL_BANDS);
    expect(thumb.frames).toBeLessThan(mel.frames);
    expect(thumb.data.length).toBe(thumb.bands * thumb.frames);
    expect(thumb.data.length).toBeLessThanOrEqual(THUMBNAIL_MAX_BYTES);
    const rowMeans = Array.from({ length: thumb.bands }, (_, b) => {
      const row = thumb.data.subarray(b * thumb.frames, (b + 1) * thumb.frames);
      return row.reduce((a, x) => a + x, 0) / row.length;
    });
    expect(argmax(rowMeans)).toBe(toneBand);
    expect(Math.max(...thumb.data)).toBe(255);
  });

  it('keeps time along each row', () => {
    const samples = new Float32Array(2 * SAMPLE_RATE);
    samples.set(synthesize({ kind: 'sine', freq: 4000 }, 1), SAMPLE_RATE);
    const mel = computeLogMel(samples);
    const thumb = makeThumbnail(mel);
    expect(thumb.frames).toBe(mel.frames);
    const row = thumb.data.subarray(toneBand * thumb.frames, (toneBand + 1) * thumb.frames);
    expect(row[0]).toBe(0);
    expect(row[thumb.frames - 1]).toBe(255);
  });

  it('draws silence black and an empty spectrogram as nothing', () => {
    const silent = makeThumbnail(computeLogMel(new Float32Array(SAMPLE_RATE)));
    expect(silent.frames).toBeGreaterThan(0);
    expect(silent.data.every((v) => v === 0)).toBe(true);
    const empty = makeThumbnail(computeLogMel(new Float32Array(10)));
    expect(empty).toEqual({ bands: MEL_BANDS, frames: 0, data: new Uint8Array(0) });
  });
});

describe('computeExcerptsLogMel', () => {
  it('computes each excerpt on its own, so no frame mixes two excerpts', () => {
    const a = synthesize({ kind: 'sine', freq: 300 }, 1);
    const b = synthesize({ kind: 'sine', freq: 3000 }, 1.5);
    const joined = new Float32Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    const mel = computeExcerptsLogMel(joined, [a.length, b.length]);
    expect(mel.frames).toBe(frameCount(a.length) + frameCount(b.length));
    const separate = [computeLogMel(a).data, computeLogMel(b).data];
    expect(Array.from(mel.data)).toEqual([
      ...Array.from(separate[0] ?? []),
      ...Array.from(separate[1] ?? []),
    ]);
  });
});
