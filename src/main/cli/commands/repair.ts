import { resolve } from 'node:path';
import { resolveDataDir } from '../../engine/data-dir';
import { Engine } from '../../engine/engine';
import type { RepairProgress, RepairSummary } from '../../engine/repair/repair-library';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { progressBar } from '../progress-bar';

export const REPAIR_OPTIONS = {
  ...COMMON_OPTIONS,
  check: { type: 'boolean', default: false },
  ffmpeg: { type: 'string' },
} as const;

function damageLines(summary: RepairSummary): string[] {
  return summary.damage.map((d) => `  ${d.table}: ${d.problem}`);
}

function text(summary: RepairSummary, checkOnly: boolean): string {
  if (summary.damage.length === 0) return 'The library database is healthy; nothing to repair.\n';
  if (checkOnly) {
    return [
      'The library database is damaged:',
      ...damageLines(summary),
      'Run `deepcut repair` to rebuild it from your music files and the mel cache.',
      '',
    ].join('\n');
  }
  const scan = summary.scan;
  return [
    'The library database was damaged:',
    ...damageLines(summary),
    `Rebuilt from ${summary.folders.join(', ')}: ${summary.restore?.restored ?? 0} tracks from the mel cache ` +
      `(not decoded again), ${scan?.analysed ?? 0} analysed from their files, ` +
      `${scan?.failed.length ?? 0} could not be added; ${scan?.tracks ?? 0} tracks in all.`,
    `The damaged database was kept in ${summary.keptAt ?? '?'}; delete it once the library ` +
      'looks right.',
    'Your listening history and playlists were not touched.',
    '',
  ].join('\n');
}

/**
 * `deepcut repair [folder…] [--check]`: rebuilds a damaged library database. It opens no engine
 * first (a damaged store would refuse), so main runs it before opening one. Returns the exit
 * code: 0 healthy or repaired, 2 damaged under --check.
 */
export async function repairCommand(
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, REPAIR_OPTIONS);
  const bar = progressBar(io.stderr as NodeJS.WriteStream);
  const onProgress = (p: RepairProgress): void => {
    if (p.job === 'scan') bar.update(p);
    else if (p.job === 'restore') {
      bar.update({
        phase: 'analyse',
        done: p.done,
        total: p.total,
        etaSeconds: null,
        current: null,
      });
    }
  };
  let summary: RepairSummary;
  try {
    summary = await Engine.repair({
      dataDir: resolveDataDir(values.data),
      ffmpegPath: values.ffmpeg,
      folders: positionals.length > 0 ? positionals.map((f) => resolve(f)) : undefined,
      checkOnly: values.check,
      signal,
      onProgress,
    });
  } finally {
    bar.clear();
  }
  const code = values.check && summary.damage.length > 0 ? 2 : 0;
  if (values.json) {
    writeJson(io, {
      damaged: summary.damage.length > 0,
      damage: summary.damage,
      repaired: summary.keptAt !== null,
      keptAt: summary.keptAt,
      folders: summary.folders,
      restored: summary.restore?.restored ?? 0,
      salvaged: summary.restore?.salvaged ?? 0,
      analysed: summary.scan?.analysed ?? 0,
      failed: summary.scan?.failed ?? [],
      tracks: summary.scan?.tracks ?? null,
    });
    return code;
  }
  io.stdout.write(text(summary, values.check));
  return code;
}
