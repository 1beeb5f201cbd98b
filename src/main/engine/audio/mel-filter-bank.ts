/**
 * A sparse mel filter bank, built once per parameter set and applied to a power spectrum.
 *
 * Choices (see docs/audio-analysis.md):
 * - Slaney's mel scale (linear below 1 kHz, logarithmic above), as librosa's default. With 64
 *   bands over 0–11,025 Hz its linear part gives bands ~51 Hz apart at the bottom, wider than the
 *   21.5 Hz FFT bin spacing, so no band falls between bins; HTK's scale would crowd the lowest
 *   bands into one or two bins each.
 * - Triangles normalised to unit sum (Slaney-style area normalisation, counted in bins rather
 *   than Hz): each band is a weighted mean of the power in its bins, so white noise is flat across
 *   bands and a band's value does not depend on the FFT size.
 */

/** Parameters that fully determine a filter bank. */
export type MelFilterBankOptions = Readonly<{
  sampleRate: number;
  fftSize: number;
  bands: number;
  /** Lower edge of the lowest band; default 0 Hz. */
  fMinHz?: number;
  /** Upper edge of the highest band; default the Nyquist frequency. */
  fMaxHz?: number;
}>;

/**
 * A filter bank stored sparsely: band `b` covers power-spectrum bins
 * `start[b] .. start[b] + length[b] - 1` with weights `weights[offset[b] ..]`.
 */
export type MelFilterBank = Readonly<{
  bands: number;
  /** Number of power-spectrum bins the bank reads (fftSize / 2: DC up to, not including, Nyquist). */
  bins: number;
  /** Centre frequency of each band in Hz, ascending. */
  centresHz: Float64Array;
  start: Int32Array;
  length: Int32Array;
  offset: Int32Array;
  weights: Float32Array;
}>;

// Slaney's scale: 3 mels per 200 Hz up to 1 kHz, then 27 mels per factor 6.4.
const LINEAR_HZ_PER_MEL = 200 / 3;
const BREAK_HZ = 1000;
const BREAK_MEL = BREAK_HZ / LINEAR_HZ_PER_MEL;
const LOG_STEP = Math.log(6.4) / 27;

/** Hz to mel on Slaney's scale (the Auditory Toolbox's, librosa's default). */
export function hzToMel(hz: number): number {
  return hz < BREAK_HZ ? hz / LINEAR_HZ_PER_MEL : BREAK_MEL + Math.log(hz / BREAK_HZ) / LOG_STEP;
}

/** Mel on Slaney's scale to Hz; the inverse of {@link hzToMel}. */
export function melToHz(mel: number): number {
  return mel < BREAK_MEL
    ? mel * LINEAR_HZ_PER_MEL
    : BREAK_HZ * Math.exp(LOG_STEP * (mel - BREAK_MEL));
}

const cache = new Map<string, MelFilterBank>();

/** The filter bank for these parameters, built on first use and cached for the process. */
export function melFilterBank(options: MelFilterBankOptions): MelFilterBank {
  const fMin = options.fMinHz ?? 0;
  const fMax = options.fMaxHz ?? options.sampleRate / 2;
  const key = [options.sampleRate, options.fftSize, options.bands, fMin, fMax].join(':');
  let bank = cache.get(key);
  if (!bank) {
    bank = buildBank(options.sampleRate, options.fftSize, options.bands, fMin, fMax);
    cache.set(key, bank);
  }
  return bank;
}

function buildBank(
  sampleRate: number,
  fftSize: number,
  bands: number,
  fMin: number,
  fMax: number,
): MelFilterBank {
  if (!(bands > 0 && fftSize > 0 && fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2)) {
    throw new RangeError(`invalid mel filter bank: ${bands} bands, ${fMin}–${fMax} Hz`);
  }
  const bins = fftSize / 2;
  const binHz = sampleRate / fftSize;
  const melMin = hzToMel(fMin);
  const melStep = (hzToMel(fMax) - melMin) / (bands + 1);
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHz(melMin + i * melStep));

  const centresHz = new Float64Array(bands);
  const start = new Int32Array(bands);
  const length = new Int32Array(bands);
  const offset = new Int32Array(bands);
  const perBand: Float32Array[] = [];
  let total = 0;
  for (let b = 0; b < bands; b++) {
    const lo = edges[b] ?? 0;
    const centre = edges[b + 1] ?? 0;
    const hi = edges[b + 2] ?? 0;
    centresHz[b] = centre;
    const first = Math.max(0, Math.ceil(lo / binHz));
    const last = Math.min(bins - 1, Math.floor(hi / binHz));
    const raw: number[] = [];
    for (let k = first; k <= last; k++) {
      const f = k * binHz;
      raw.push(Math.max(0, Math.min((f - lo) / (centre - lo), (hi - f) / (hi - centre))));
    }
    const sum = raw.reduce((a, w) => a + w, 0);
    if (sum > 0) {
      start[b] = first;
      perBand.push(Float32Array.from(raw, (w) => w / sum));
    } else {
      // A band narrower than the bin spacing (possible with many bands and a short FFT) takes the
      // nearest bin rather than staying empty, which would read as silence.
      start[b] = Math.min(bins - 1, Math.round(centre / binHz));
      perBand.push(Float32Array.of(1));
    }
    length[b] = perBand[b]?.length ?? 0;
    offset[b] = total;
    total += length[b] ?? 0;
  }
  const weights = new Float32Array(total);
  perBand.forEach((w, b) => weights.set(w, offset[b]));
  return { bands, bins, centresHz, start, length, offset, weights };
}

/**
 * Band energies of one power spectrum: `out[outOffset + b] = scale * Σ w · power[bin]`.
 * Writes into `out` so a whole spectrogram fills one preallocated array.
 */
export function applyMelFilterBank(
  bank: MelFilterBank,
  power: ArrayLike<number>,
  out: Float32Array,
  outOffset: number,
  scale = 1,
): void {
  const { start, length, offset, weights } = bank;
  for (let b = 0; b < bank.bands; b++) {
    const s = start[b] ?? 0;
    const o = offset[b] ?? 0;
    const n = length[b] ?? 0;
    let acc = 0;
    for (let j = 0; j < n; j++) acc += (weights[o + j] ?? 0) * (power[s + j] ?? 0);
    out[outOffset + b] = acc * scale;
  }
}
