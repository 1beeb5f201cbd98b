import type { CfProgress } from '../../engine/cf/cf-job';
import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

/** Flags of `deepcut train-cf`. */
export const TRAIN_CF_OPTIONS = {
  ...COMMON_OPTIONS,
  epochs: { type: 'string' },
  profile: { type: 'string' },
} as const;

/** Progress lines on stderr: at most one a second, and the last epoch's. */
function reporter(io: CliIo): (p: CfProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done === 0 || (p.done < p.total && now - last < 1000)) return;
    last = now;
    const eta = p.etaSeconds === null ? '' : `, ${Math.ceil(p.etaSeconds)} s left`;
    io.stderr.write(`training: epoch ${p.done}/${p.total}, loss ${p.loss?.toFixed(4)}${eta}\n`);
  };
}

/**
 * `deepcut train-cf [--profile P] [--epochs N] [--data DIR] [--json]`: trains the profile's
 * NeuMF from its listening events; returns the exit code.
 */
export async function trainCfCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, TRAIN_CF_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`train-cf takes no "${positionals[0]}"`);
  const epochs =
    values.epochs === undefined ? undefined : positiveInt(values.epochs, '--epochs', 1);
  const s = await engine.trainCf({
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(epochs === undefined ? {} : { epochs }),
    signal,
    ...(values.json ? {} : { onProgress: reporter(io) }),
  });
  if (s.discarded !== undefined) io.stderr.write(`deepcut: warning: ${s.discarded}\n`);
  if (values.json) {
    writeJson(io, s);
    return 0;
  }
  const from = `${s.events} events in ${s.sessions} sessions over ${s.tracks} tracks`;
  io.stdout.write(
    s.trained
      ? `Trained ${s.version} on ${from}: ${s.epochs} epochs` +
          `${s.warmStart ? ' from the last model' : ''} in ${s.seconds.toFixed(1)} s on ` +
          `${s.backend}, loss ${s.loss.toFixed(4)}.\n`
      : `No new events since ${s.version} was trained on ${from}: nothing to do.\n`,
  );
  return 0;
}
