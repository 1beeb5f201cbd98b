import type { Engine } from '../../engine/engine';
import { parseCommand, positiveInt, type CliIo } from '../io';
import { UsageError } from '../usage';
import { keepPlaylist, PLAYLIST_OUTPUT_OPTIONS, printEntries } from './radio';

export const PATH_OPTIONS = {
  ...PLAYLIST_OUTPUT_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

/** `deepcut path --from <path|id> --to <path|id>`: returns the exit code. */
export async function pathCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, PATH_OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`path takes --from and --to, got "${positionals[0]}"`);
  if (!values.from || !values.to)
    throw new UsageError('path needs --from <path|id> and --to <path|id>');
  const count = positiveInt(values.n, '-n', 12);
  if (count < 2) throw new UsageError('-n counts both ends of the path: at least 2');
  const entries = await engine.path({
    from: values.from,
    to: values.to,
    count,
    profile: values.profile,
  });
  printEntries(io, entries, values.json);
  await keepPlaylist(engine, io, entries, { ...values, kind: 'path' });
  return 0;
}
