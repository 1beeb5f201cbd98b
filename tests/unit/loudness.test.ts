/**
 * Integrated loudness against the reference signals of ITU-R BS.1770-4 and EBU Tech 3341
 * (minimum requirements of an R128 meter: ±0.1 LU), at 48 kHz where the standard gives the
 * filter, and at the analysis rate of 22,050 Hz.
 */
import { describe, expect, it } from 'vitest';
import { measureDecodedLoudness, measureLoudness } from '../../src/main/engine/audio/loudness';

/** Interleaved stereo: a sine of `freq` Hz peaking at `dbfs` per channel, for each part. */
function sines(
  rate: number,
  parts: readonly Readonly<{ seconds: number; dbfs: number | null; channels?: 'both' | 'left' }>[],
  freq = 1000,
): Float32Array {
  const frames = parts.reduce((n, p) => n + Math.round(p.seconds * rate), 0);
  const out = new Float32Array(frames * 2);
  let at = 0;
  for (const part of parts) {
    const n = Math.round(part.seconds * rate);
    const amplitude = part.dbfs === null ? 0 : 10 ** (part.dbfs / 20);
    for (let i = 0; i < n; i++, at++) {
      const v = amplitude * Math.sin((2 * Math.PI * freq * at) / rate);
      out[2 * at] = v;
      out[2 * at + 1] = part.channels === 'left' ? 0 : v;
    }
  }
  return out;
}

const lufs = (stereo: Float32Array, rate: number): number =>
  measureLoudness(stereo, 2, [stereo.length / 2], rate)?.integratedLufs ?? NaN;

describe.each([48_000, 22_050])('integrated loudness at %i Hz', (rate) => {
  it('reads a 997 Hz sine at 0 dBFS as −3.01 LUFS in one channel, 0.0 in both (channels summed)', () => {
    expect(lufs(sines(rate, [{ seconds: 5, dbfs: 0, channels: 'left' }], 997), rate)).toBeCloseTo(
      -3.01,
      rate === 48_000 ? 2 : 1,
    );
    expect(lufs(sines(rate, [{ seconds: 5, dbfs: 0 }], 997), rate)).toBeCloseTo(0, 1);
  });

  it('reads EBU Tech 3341 cases 1 and 2: stereo 1 kHz at −23 and −33 dBFS', () => {
    expect(Math.abs(lufs(sines(rate, [{ seconds: 20, dbfs: -23 }]), rate) + 23)).toBeLessThan(0.1);
    expect(Math.abs(lufs(sines(rate, [{ seconds: 20, dbfs: -33 }]), rate) + 33)).toBeLessThan(0.1);
  });

  it('gates out quiet and silent parts (Tech 3341 cases 3 and 4)', () => {
    const three = sines(rate, [
      { seconds: 10, dbfs: -36 },
      { seconds: 60, dbfs: -23 },
      { seconds: 10, dbfs: -36 },
    ]);
    expect(Math.abs(lufs(three, rate) + 23)).toBeLessThan(0.1);
    const four = sines(rate, [
      { seconds: 10, dbfs: -72 },
      { seconds: 10, dbfs: -36 },
      { seconds: 60, dbfs: -23 },
      { seconds: 10, dbfs: -36 },
      { seconds: 10, dbfs: -72 },
    ]);
    expect(Math.abs(lufs(four, rate) + 23)).toBeLessThan(0.1);
  });
});

describe('measureLoudness', () => {
  const rate = 22_050;

  it('gives null for silence and for less than one 400 ms block', () => {
    expect(measureLoudness(sines(rate, [{ seconds: 3, dbfs: null }]), 2, [3 * rate], rate)).toBe(
      null,
    );
    const short = sines(rate, [{ seconds: 0.3, dbfs: -10 }]);
    expect(measureLoudness(short, 2, [short.length / 2], rate)).toBeNull();
  });

  it('never lets a block straddle two excerpts', () => {
    // Two excerpts of 0.3 s each: together longer than a block, yet neither holds one.
    const two = sines(rate, [{ seconds: 0.6, dbfs: -10 }]);
    const frames = two.length / 2;
    expect(measureLoudness(two, 2, [frames / 2, frames / 2], rate)).toBeNull();
    expect(measureLoudness(two, 2, [frames], rate)).not.toBeNull();
  });

  it('reports the sample peak, scaled back for a mono file that ffmpeg upmixed at −3 dB', () => {
    const stereo = sines(rate, [{ seconds: 2, dbfs: -6 }]);
    const decoded = { stereo, segmentLengths: [stereo.length / 2] };
    expect(measureDecodedLoudness(decoded, 2, rate)?.peak).toBeCloseTo(10 ** (-6 / 20), 3);
    expect(measureDecodedLoudness(decoded, 1, rate)?.peak).toBeCloseTo(
      Math.SQRT2 * 10 ** (-6 / 20),
      3,
    );
  });
});
