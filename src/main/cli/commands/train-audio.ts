import { acquireDataLock } from '../../engine/data-lock';
import type { Engine } from '../../engine/engine';
import {
  trainLibraryAudioModel,
  type LibraryTrainingProgress,
} from '../../engine/train/library-training';
import { COMMON_OPTIONS, parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

/** Flags of `deepcut train-audio`. */
export const TRAIN_AUDIO_OPTIONS = { ...COMMON_OPTIONS, epochs: { type: 'string' } } as const;

/** Progress lines on stderr: at most one a second, plus the end of each phase. */
function reporter(io: CliIo): (p: LibraryTrainingProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    const end = p.phase === 'train' ? p.step === p.stepsPerEpoch : p.done === p.total;
    if (!end && now - last < 1000) return;
    last = now;
    const line =
      p.phase === 'train'
        ? `training: epoch ${p.epoch}/${p.epochs}, step ${p.step}/${p.stepsPerEpoch}, loss ${p.loss.toFixed(3)}` +
          (p.etaSeconds === null ? '' : `, ${Math.ceil(p.etaSeconds)} s left`)
        : `${p.phase === 'mels' ? 'analysing for training' : 're-embedding'}: ${p.done}/${p.total}`;
    io.stderr.write(`${line}\n`);
  };
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
  const release = await acquireDataLock(engine.store.dataDir);
  let summary;
  try {
    summary = await trainLibraryAudioModel(engine.store, {
      ...(epochs === undefined ? {} : { epochs }),
      signal,
      ...(values.json ? {} : { onProgress: reporter(io) }),
    });
  } finally {
    await release();
  }
  if (values.json) {
    const {
      tracks,
      epochs: done,
      resumedFrom,
      losses,
      modelVersion,
      reembedded,
      uncached,
    } = summary;
    writeJson(io, {
      tracks,
      epochs: done,
      resumedFrom,
      loss: losses.at(-1) ?? null,
      previousVersion: summary.previousVersion,
      modelVersion,
      reembedded,
      uncached,
      seconds: summary.seconds,
      backend: summary.backend,
    });
    return 0;
  }
  io.stdout.write(
    `Trained on ${summary.tracks} tracks for ${summary.epochs} epochs` +
      `${summary.resumedFrom > 0 ? ` (resumed after epoch ${summary.resumedFrom})` : ''}` +
      ` in ${summary.seconds.toFixed(0)} s on ${summary.backend}; loss ${(summary.losses.at(-1) ?? NaN).toFixed(3)}.\n` +
      `Model ${summary.previousVersion} → ${summary.modelVersion}; ${summary.reembedded} tracks re-embedded` +
      `${summary.uncached > 0 ? `, ${summary.uncached} to re-analyse at the next scan` : ''}.\n`,
  );
  return 0;
}
