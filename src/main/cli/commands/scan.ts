import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { progressBar } from '../progress-bar';
import { UsageError } from '../usage';

export const SCAN_OPTIONS = { ...COMMON_OPTIONS, ffmpeg: { type: 'string' } } as const;

/** `deepcut scan <folder>...`: returns the exit code. */
export async function scanCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, SCAN_OPTIONS);
  if (positionals.length === 0) throw new UsageError('scan needs at least one folder');
  const bar = progressBar(io.stderr as NodeJS.WriteStream);
  let summary;
  try {
    summary = await engine.scan(positionals, { signal, onProgress: bar.update });
  } finally {
    bar.clear();
  }
  if (values.json) {
    // The documented shape; per-stage timings are for the benchmark, not the CLI contract.
    const { tracks, analysed, unchanged, removed, failed, seconds, backend } = summary;
    writeJson(io, { tracks, analysed, unchanged, removed, failed, seconds, backend });
    return 0;
  }
  const lines = [
    `Library: ${summary.tracks} tracks (${summary.analysed} analysed, ${summary.unchanged} unchanged, ${summary.removed} removed) in ${summary.seconds.toFixed(1)} s on ${summary.backend}.`,
    ...(summary.failed.length > 0
      ? [
          `${summary.failed.length} could not be added:`,
          ...summary.failed.map((f) => `  ${f.path}: ${f.reason}`),
        ]
      : []),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Folders are checked before the data folder is touched, so a typo creates nothing. */
export async function checkFolders(args: readonly string[]): Promise<void> {
  const { positionals } = parseCommand(args, SCAN_OPTIONS);
  for (const folder of positionals) {
    const info = await stat(resolve(folder)).catch(() => null);
    if (!info) throw new UsageError(`folder not found: ${folder}`);
    if (!info.isDirectory()) throw new UsageError(`not a folder: ${folder}`);
  }
}
