import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

/** `deepcut status`: returns the exit code. */
export async function statusCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, COMMON_OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`status takes no arguments, got "${positionals[0]}"`);
  const s = await engine.status();
  if (values.json) {
    writeJson(io, s);
    return 0;
  }
  io.stdout.write(
    [
      `Tracks:      ${s.total} (${s.analysed} analysed, ${s.failed} failed)`,
      `Folders:     ${s.folders.length > 0 ? s.folders.join(', ') : 'none yet — run: deepcut scan <folder>'}`,
      `Data folder: ${s.dataDir}`,
      `Backend:     ${s.backend}${s.nativeAcceleration ? '' : ' (native @tensorflow/tfjs-node not installed)'}`,
      `Audio model: ${s.modelVersion}`,
    ].join('\n') + '\n',
  );
  return 0;
}
