/** Per-band input statistics measured from a library's spectrograms, stored with the weights. */
import { valueReader, type CachedMel, type QuantisedMel } from '../audio/mel-cache';

/** Per-band mean and standard deviation. */
export type BandStats = Readonly<{ mean: Float32Array; std: Float32Array }>;

/**
 * Below this a band counts as constant. A band that never leaves the silence floor (the top
 * bands of a file sampled at 11 kHz, say) would otherwise be divided by almost nothing and blow
 * up whatever little it does carry.
 */
const MIN_STD = 0.1;

/** Mean and standard deviation of every band over all frames of all `mels`. */
export function measureBandStats(
  mels: Iterable<CachedMel | QuantisedMel>,
  bands: number,
): BandStats {
  const sum = new Float64Array(bands);
  const sq = new Float64Array(bands);
  let frames = 0;
  for (const mel of mels) {
    if (mel.bands !== bands) throw new Error(`expected ${bands} bands, got ${mel.bands}`);
    const value = valueReader(mel);
    for (let t = 0; t < mel.frames; t++) {
      for (let b = 0; b < bands; b++) {
        const v = value(t * bands + b);
        sum[b] = (sum[b] ?? 0) + v;
        sq[b] = (sq[b] ?? 0) + v * v;
      }
    }
    frames += mel.frames;
  }
  if (frames === 0) throw new Error('no frames to measure band statistics on');
  const mean = Float32Array.from(sum, (s) => s / frames);
  const std = Float32Array.from(sq, (s, b) =>
    Math.max(MIN_STD, Math.sqrt(Math.max(0, s / frames - (mean[b] ?? 0) ** 2))),
  );
  return { mean, std };
}
