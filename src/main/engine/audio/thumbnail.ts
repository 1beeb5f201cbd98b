import type { MelThumbnail } from '../store/types';
import type { LogMel } from './log-mel';
import { LOG_MEL_FLOOR } from './mel';

/** The most bytes a thumbnail may take. */
export const THUMBNAIL_MAX_BYTES = 16 * 1024;
/** The most time columns a thumbnail has; longer spectrograms are pooled down to it. */
export const THUMBNAIL_MAX_COLUMNS = 192;
/** Dynamic range shown: values this far below the track's peak (80 dB, in log10 power) are black. */
export const THUMBNAIL_RANGE = 8;

/**
 * A small picture of a log-mel spectrogram for the UI: every band, time mean-pooled to at most
 * THUMBNAIL_MAX_COLUMNS columns (fewer if the bands would not fit THUMBNAIL_MAX_BYTES), and values
 * mapped to 0..255 over THUMBNAIL_RANGE below the peak. Silence (everything at LOG_MEL_FLOOR) is
 * all 0. Layout as MelThumbnail: band-major rows, low band first.
 */
export function makeThumbnail(mel: LogMel): MelThumbnail {
  const { bands, frames: melFrames, data } = mel;
  const columnLimit = Math.min(THUMBNAIL_MAX_COLUMNS, Math.floor(THUMBNAIL_MAX_BYTES / bands));
  const columns = Math.min(melFrames, columnLimit);
  const pooled = new Float32Array(bands * columns);
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * melFrames) / columns);
    const to = Math.floor(((c + 1) * melFrames) / columns);
    for (let b = 0; b < bands; b++) {
      let sum = 0;
      for (let t = from; t < to; t++) sum += data[t * bands + b] ?? LOG_MEL_FLOOR;
      pooled[b * columns + c] = sum / (to - from);
    }
  }

  let peak = LOG_MEL_FLOOR;
  for (const v of pooled) if (v > peak) peak = v;
  // Never reach below the floor: it means "nothing there" and should stay black.
  const low = Math.max(peak - THUMBNAIL_RANGE, LOG_MEL_FLOOR);
  const out = new Uint8Array(pooled.length);
  if (peak > low) {
    const scale = 255 / (peak - low);
    pooled.forEach((v, i) => {
      out[i] = Math.round(Math.min(255, Math.max(0, (v - low) * scale)));
    });
  }
  return { bands, frames: columns, data: out };
}
