import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

const SIMILAR_OPTIONS = { ...COMMON_OPTIONS, n: { type: 'string', short: 'n' } } as const;

/** `deepcut similar <track>`: returns the exit code. */
export async function similarCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, SIMILAR_OPTIONS);
  const [ref, extra] = positionals;
  if (!ref) throw new UsageError('similar needs a track path or id');
  if (extra) throw new UsageError(`similar takes one track, got also "${extra}"`);
  const entries = await engine.similar(ref, positiveInt(values.n, '-n', 20));
  if (values.json) {
    writeJson(io, entries);
    return 0;
  }
  const lines = entries.map(
    (e, i) =>
      `${String(i + 1).padStart(3)}. ${e.score.toFixed(3)}  ${e.artist ? `${e.artist} — ` : ''}${e.title}  (${e.path})`,
  );
  io.stdout.write(`${lines.length > 0 ? lines.join('\n') : 'No other analysed tracks yet.'}\n`);
  return 0;
}
