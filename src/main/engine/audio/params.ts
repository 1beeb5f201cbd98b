/**
 * Analysis parameters shared by decoding, the mel-spectrogram and the CNN.
 * Changing any of them changes what the CNN sees, so it must go with a new model version.
 */

/** Mono PCM sample rate for analysis. 22,050 Hz keeps everything up to 11 kHz, where timbre lives. */
export const SAMPLE_RATE = 22_050;
/** FFT size in samples (46 ms at 22,050 Hz). */
export const FFT_SIZE = 1024;
/** Hop between frames in samples (23 ms). */
export const HOP_SIZE = 512;
/** Number of mel bands; the CNN treats them as input channels. */
export const MEL_BANDS = 64;
/** Length of one analysed excerpt in seconds. */
export const EXCERPT_SECONDS = 10;
/** Where excerpts are centred, as fractions of the track's duration. */
export const EXCERPT_CENTRES = [0.25, 0.5, 0.75] as const;
