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
/**
 * Length of one analysed excerpt in seconds. Three 8 s excerpts (24 s of audio) scan the dev corpus
 * at about 9.4 tracks/s on 2 cores, against 7.2–8.0 for three 10 s ones: Meyda's FFT is most of
 * the cost and scales with the audio analysed. Each excerpt still gives the CNN two whole
 * 128-frame patches.
 */
export const EXCERPT_SECONDS = 8;
/** Where excerpts are centred, as fractions of the track's duration. */
export const EXCERPT_CENTRES = [0.25, 0.5, 0.75] as const;
