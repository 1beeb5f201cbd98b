import type { Engine } from '../../engine/engine';
import type { TrainAudioSummary } from '../../engine/jobs/audio-jobs';
import type { JobProgress } from '../../engine/jobs/job-progress';
import { COMMON_OPTIONS, parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

/** Flags of `deepcut train-audio`. */
export const TRAIN_AUDIO_OPTIONS = { ...COMMON_OPTIONS, epochs: { type: 'string' } } as const;

function line(p: JobProgress): string {
  const eta = p.etaSeconds === null ? '' : `, ${Math.ceil(p.etaSeconds)} s left`;
  switch (p.job) {
    case 'scan':
      return `scanning: ${p.done}/${p.total}${eta}`;
    case 're-embed':
      return `re-embedding: ${p.done}/${p.total}${eta}`;
    case 'train':
      return p.phase === 'mels'
        ? `analysing for training: ${p.done}/${p.total}${eta}`
        : `training: epoch ${p.epoch}/${p.epochs}, step ${p.done}/${p.total}, loss ${p.loss.toFixed(3)}${eta}`;
  }
}

/**
 * Progress of training and re-embedding as lines on stderr: at most one a second, plus the end
 * of each job or phase (a terminal's bar is for scans; these jobs run for minutes).
 */
export function jobLines(io: CliIo): (p: JobProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done !== p.total && now - last < 1000) return;
    last = now;
    io.stderr.write(`${line(p)}\n`);
  };
}

/** The JSON of a training run, as `train-audio --json` and `scan --train auto --json` print it. */
export function trainingJson(summary: TrainAudioSummary): Record<string, unknown> {
  return {
    tracks: summary.tracks,
    epochs: summary.epochs,
    resumedFrom: summary.resumedFrom,
    loss: summary.losses.at(-1) ?? null,
    previousVersion: summary.previousVersion,
    modelVersion: summary.modelVersion,
    reembedded: summary.reembedded,
    uncached: summary.uncached,
    seconds: summary.seconds,
    backend: summary.backend,
  };
}

/** Two lines saying what a training run did. */
export function trainingText(summary: TrainAudioSummary): string {
  return (
    `Trained on ${summary.tracks} tracks for ${summary.epochs} epochs` +
    `${summary.resumedFrom > 0 ? ` (resumed after epoch ${summary.resumedFrom})` : ''}` +
    ` in ${summary.seconds.toFixed(0)} s on ${summary.backend}; loss ${(summary.losses.at(-1) ?? NaN).toFixed(3)}.\n` +
    `Model ${summary.previousVersion} → ${summary.modelVersion}; ${summary.reembedded} tracks re-embedded` +
    `${summary.uncached > 0 ? `, ${summary.uncached} to re-analyse at the next scan` : ''}.\n`
  );
}

/**
 * `deepcut train-audio [--epochs N] [--data DIR] [--json]`: fine-tunes the audio model on the
 * library's tracks and re-embeds the library with it; returns the exit code.
 */
export async function trainAudioCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, TRAIN_AUDIO_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`train-audio takes no "${positionals[0]}"`);
  const epochs =
    values.epochs === undefined ? undefined : positiveInt(values.epochs, '--epochs', 1);
  const { analysed } = await engine.store.counts();
  if (analysed < 2) {
    throw new UsageError(
      'train-audio needs a library with at least two analysed tracks: scan first',
    );
  }
  const summary = await engine.trainAudio({
    epochs,
    signal,
    onProgress: values.json ? undefined : jobLines(io),
  });
  if (values.json) writeJson(io, trainingJson(summary));
  else io.stdout.write(trainingText(summary));
  return 0;
}
