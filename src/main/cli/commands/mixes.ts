import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';
import { printEntries } from './radio';

export const MIXES_OPTIONS = {
  ...COMMON_OPTIONS,
  n: { type: 'string', short: 'n' },
  profile: { type: 'string' },
} as const;

/** `deepcut mixes`: returns the exit code. */
export async function mixesCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, MIXES_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`mixes takes no argument "${positionals[0]}"`);
  const mixes = await engine.mixes({
    count: positiveInt(values.n, '-n', 30),
    profile: values.profile,
  });
  if (values.json) {
    writeJson(io, mixes);
    return 0;
  }
  if (mixes.length === 0) io.stdout.write('No analysed tracks yet.\n');
  for (const mix of mixes) {
    io.stdout.write(`\n${mix.name}  (${mix.size} tracks like these)\n`);
    printEntries(io, mix.entries, false);
  }
  return 0;
}
