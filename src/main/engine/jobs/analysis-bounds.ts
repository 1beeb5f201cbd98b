/**
 * How long each stage of a file's analysis may take. A worker holds its own asynchronous work
 * to these (a timer beside the read, ffmpeg killed); the pool holds the worker to them plus a
 * grace, because a reader caught in a synchronous loop (the Ogg page search that once spun on a
 * cut Opus file) never lets the worker's own timer fire: then only killing the process ends it.
 */
import type { AnalysisStage } from './analysis-protocol';

/** Reading tags and the duration, a full pass over the file included (a long VBR MP3). */
export const TAGS_TIMEOUT_MS = 15_000;
/** Reading a folder image and decoding and resizing a picture. */
export const ARTWORK_TIMEOUT_MS = 12_000;
/** Decoding the excerpts (ffmpeg is killed after it); callers may set another. */
export const DECODE_TIMEOUT_MS = 30_000;
/** Log-mel and loudness of at most 24 s of audio: tens of milliseconds, so seconds is a hang. */
export const ANALYSIS_TIMEOUT_MS = 10_000;
/** How long a new worker process may take to load before its first job counts as stuck. */
export const STARTUP_TIMEOUT_MS = 60_000;
/** What the pool allows past a stage's bound before it decides the worker is stuck. */
export const STUCK_GRACE_MS = 5_000;

/** Milliseconds each stage may take. */
export type StageBounds = Readonly<Record<AnalysisStage, number>>;

/** The bounds a scan uses unless told otherwise. */
export const DEFAULT_BOUNDS: StageBounds = Object.freeze({
  tags: TAGS_TIMEOUT_MS,
  artwork: ARTWORK_TIMEOUT_MS,
  decode: DECODE_TIMEOUT_MS,
  analysis: ANALYSIS_TIMEOUT_MS,
});

/** Words for a stage in a reason shown to the user ("timed out reading tags after 15 s"). */
export const STAGE_WORDS: Readonly<Record<AnalysisStage, string>> = {
  tags: 'reading tags',
  artwork: 'reading artwork',
  decode: 'decoding',
  analysis: 'analysing audio',
};

/** A timeout's error, in the words the scan reports. */
export class StageTimeout extends Error {
  override readonly name = 'StageTimeout';
  constructor(stage: AnalysisStage, ms: number) {
    super(`timed out ${STAGE_WORDS[stage]} after ${Math.round(ms / 1000)} s`);
  }
}

/**
 * `work`, or a StageTimeout after `ms`. The work itself goes on (a parser cannot be stopped from
 * outside); its result is dropped, and a worker that stays stuck is killed by the pool.
 */
export async function withinBound<T>(
  stage: AnalysisStage,
  ms: number,
  work: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StageTimeout(stage, ms)), ms);
  });
  // A late rejection of the abandoned work must not become an unhandled one.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
