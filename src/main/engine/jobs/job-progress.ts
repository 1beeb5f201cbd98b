/**
 * Progress of the engine's audio jobs, each event naming its job: a scan, a re-embedding of the
 * library from the mel cache (after a model change), or a training run. One listener can follow
 * a scan and the jobs it starts (see audio-jobs.ts).
 */
import type { ScanProgress } from '../../../shared/library';

/** The jobs that report progress. */
export type JobName = 'scan' | 're-embed' | 'train';

/** One progress event; `done` of `total` is the bar to draw whatever the job. */
export type JobProgress =
  | (Readonly<{ job: 'scan' }> & ScanProgress)
  | Readonly<{ job: 're-embed'; done: number; total: number; etaSeconds: number | null }>
  | Readonly<{
      job: 'train';
      /** Analysing files whose spectrogram is not cached yet. */
      phase: 'mels';
      done: number;
      total: number;
      etaSeconds: number | null;
    }>
  | Readonly<{
      job: 'train';
      /** Training steps: `done` of `total` over every epoch of the run. */
      phase: 'train';
      done: number;
      total: number;
      etaSeconds: number | null;
      epoch: number;
      epochs: number;
      /** Mean contrastive loss of the current epoch so far. */
      loss: number;
    }>;

/** A progress listener. */
export type JobProgressListener = (progress: JobProgress) => void;

/** How often progress may reach a listener: about 10 a second (STYLE.md). */
const MIN_INTERVAL_MS = 100;

/**
 * A listener that passes on at most one event every 100 ms, except the first and the last of a
 * run (done === total), so a bar always ends full.
 */
export function throttled(
  listener: JobProgressListener | undefined,
  now: () => number = Date.now,
): JobProgressListener | undefined {
  if (!listener) return undefined;
  let last = -Infinity;
  return (p) => {
    const t = now();
    if (p.done !== 0 && p.done !== p.total && t - last < MIN_INTERVAL_MS) return;
    last = t;
    listener(p);
  };
}

/** Seconds left at the mean rate since `startedAt`, or null before anything is done. */
export function etaSeconds(
  done: number,
  total: number,
  startedAt: number,
  now: number,
): number | null {
  if (done <= 0) return null;
  return Math.max(0, ((now - startedAt) / 1000 / done) * (total - done));
}
