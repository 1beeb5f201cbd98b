/**
 * A log-mel spectrogram: `frames` x `bands` values, frame-major
 * (`data[t * bands + b]` is band `b` of frame `t`, low bands first).
 */
export type LogMel = Readonly<{ frames: number; bands: number; data: Float32Array }>;
