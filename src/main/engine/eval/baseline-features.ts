/**
 * Hand-made track features the audio model is measured against: summary statistics of MFCCs
 * and of the log-mel spectrogram over a track's excerpts.
 */
import Meyda from 'meyda';
import type { LogMel } from '../audio/log-mel';
import { FFT_SIZE, HOP_SIZE, SAMPLE_RATE } from '../audio/params';

/** MFCCs per frame in the MFCC baseline. */
export const MFCC_COEFFICIENTS = 20;
/**
 * Mel bands Meyda's MFCC starts from: its default (26) is the usual MFCC filter bank size, and
 * the log-mel baseline already covers the 64-band view.
 */
export const MFCC_MEL_BANDS = 26;

/** Per-dimension mean then standard deviation over rows of `dim` values. */
function meanStd(
  rows: number,
  dim: number,
  valueAt: (row: number, d: number) => number,
): Float64Array {
  const out = new Float64Array(2 * dim);
  for (let d = 0; d < dim; d++) {
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < rows; r++) {
      const v = valueAt(r, d);
      sum += v;
      sq += v * v;
    }
    const mean = rows > 0 ? sum / rows : 0;
    out[d] = mean;
    out[dim + d] = Math.sqrt(Math.max(0, rows > 0 ? sq / rows - mean * mean : 0));
  }
  return out;
}

/** Mean and standard deviation of every mel band over all frames: 2 × bands values. */
export function logMelStats(mel: LogMel): Float64Array {
  return meanStd(mel.frames, mel.bands, (t, b) => mel.data[t * mel.bands + b] ?? 0);
}

/**
 * Mean and standard deviation of Meyda's MFCC-20 over every frame of every excerpt (frames of
 * FFT_SIZE every HOP_SIZE samples, each excerpt on its own as for the log-mel): 40 values.
 * Excerpts shorter than one frame contribute nothing.
 */
export function mfccStats(samples: Float32Array, segmentLengths: readonly number[]): Float64Array {
  // Meyda is configured through its shared default export: set all it reads, every call.
  Meyda.bufferSize = FFT_SIZE;
  Meyda.sampleRate = SAMPLE_RATE;
  Meyda.windowingFunction = 'hanning';
  Meyda.melBands = MFCC_MEL_BANDS;
  Meyda.numberOfMFCCCoefficients = MFCC_COEFFICIENTS;
  const rows: number[][] = [];
  const frame = new Float32Array(FFT_SIZE);
  let offset = 0;
  for (const length of segmentLengths) {
    for (let start = 0; start + FFT_SIZE <= length; start += HOP_SIZE) {
      frame.set(samples.subarray(offset + start, offset + start + FFT_SIZE));
      const mfcc = Meyda.extract(['mfcc'], frame)?.mfcc;
      if (!mfcc) throw new Error('Meyda returned no MFCCs');
      rows.push(mfcc);
    }
    offset += length;
  }
  return meanStd(rows.length, MFCC_COEFFICIENTS, (r, d) => rows[r]?.[d] ?? 0);
}
