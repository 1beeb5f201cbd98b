import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Engine } from '../../engine/engine';
import { HISTORY_FORMATS, type HistoryFormat } from '../../engine/history/history-entry';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

export const IMPORT_HISTORY_OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string' },
  profile: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

/** A history export is text; 1 GB is some 10 million scrobbles, beyond any real one. */
const MAX_FILE_BYTES = 1024 ** 3;
/** Unmatched entries printed as text; --json lists the report's 200. */
const UNMATCHED_SHOWN = 10;

/** `deepcut import-history <file>`: returns the exit code. */
export async function importHistoryCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, IMPORT_HISTORY_OPTIONS);
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('import-history needs a file to read');
  if (extra !== undefined) throw new UsageError(`import-history takes one file, got "${extra}"`);
  const format = values.format;
  if (format !== undefined && !(HISTORY_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format is one of ${HISTORY_FORMATS.join('|')}, got "${format}"`);
  }
  const path = resolve(file);
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0) throw new UsageError(`no file ${path}`);
  if (size > MAX_FILE_BYTES) throw new UsageError(`${path} is over 1 GB: not a history export`);
  const report = await engine.importHistory({
    text: await readFile(path, 'utf8'),
    fileName: basename(path),
    ...(format === undefined ? {} : { format: format as HistoryFormat }),
    profile: values.profile,
    write: !values['dry-run'],
  });
  if (values.json) {
    writeJson(io, report);
    return 0;
  }
  const percent = (100 * report.matchRate).toFixed(1);
  const verb = report.written ? 'added' : 'would be added (dry run: nothing written)';
  io.stdout.write(
    `${report.format}: ${report.entries} entries, ${report.matched} matched to the library (${percent} %); ` +
      `${report.events} events ${verb}, ${report.duplicates} already in the log; ` +
      `${report.loves} loves, ${report.bans} bans; ${report.seconds.toFixed(1)} s.\n`,
  );
  for (const u of report.unmatched.slice(0, UNMATCHED_SHOWN)) {
    io.stderr.write(`unmatched: line ${u.line}: ${u.artist} – ${u.title} (${u.reason})\n`);
  }
  if (report.unmatchedCount > UNMATCHED_SHOWN) {
    io.stderr.write(`… and ${report.unmatchedCount - UNMATCHED_SHOWN} more unmatched\n`);
  }
  return 0;
}
