import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Engine } from '../../engine/engine';
import type { AudioScanSummary, TrainingOutcome } from '../../engine/jobs/audio-jobs';
import type { JobProgress } from '../../engine/jobs/job-progress';
import type { TrainPolicy } from '../../engine/jobs/train-policy';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { progressBar } from '../progress-bar';
import { UsageError } from '../usage';
import { jobLines, trainingJson, trainingText } from './train-audio';

export const SCAN_OPTIONS = {
  ...COMMON_OPTIONS,
  ffmpeg: { type: 'string' },
  train: { type: 'string' },
} as const;

function trainPolicy(value: string | undefined): TrainPolicy {
  if (value === undefined || value === 'never') return 'never';
  if (value === 'auto') return 'auto';
  throw new UsageError(`--train takes auto or never, got "${value}"`);
}

/**
 * Waits for the training a scan started, in the foreground: the CLI process is all it has.
 * Ctrl-C cancels it (the next run resumes from its last epoch).
 */
async function followUp(
  summary: AudioScanSummary,
  signal: AbortSignal,
): Promise<TrainingOutcome | null> {
  const training = summary.training;
  if (!training) return null;
  const cancel = (): void => training.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await training.done;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function outcomeJson(outcome: TrainingOutcome | null): unknown {
  if (outcome === null) return null;
  switch (outcome.status) {
    case 'trained':
      return { status: 'trained', ...trainingJson(outcome.summary) };
    case 'cancelled':
      return { status: 'cancelled' };
    case 'failed':
      return { status: 'failed', reason: outcome.reason };
  }
}

function outcomeText(summary: AudioScanSummary, outcome: TrainingOutcome | null): string {
  const check = summary.trainCheck;
  if (outcome === null) {
    return check === null
      ? ''
      : `Audio model not retrained: ${check.newTracks} new of ${check.tracks} analysed tracks ` +
          `(it trains from ${check.rule.minNewTracks} new and ${check.rule.minTracks} in all).\n`;
  }
  switch (outcome.status) {
    case 'trained':
      return trainingText(outcome.summary);
    case 'cancelled':
      return 'Training cancelled; the library keeps its model and the next run resumes.\n';
    case 'failed':
      return `Training failed: ${outcome.reason}\n`;
  }
}

/** `deepcut scan <folder>...`: returns the exit code. */
export async function scanCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, SCAN_OPTIONS);
  if (positionals.length === 0) throw new UsageError('scan needs at least one folder');
  const train = trainPolicy(values.train);
  const bar = progressBar(io.stderr as NodeJS.WriteStream);
  const lines = values.json ? undefined : jobLines(io);
  const onProgress = (p: JobProgress): void => {
    if (p.job === 'scan') return bar.update(p);
    bar.clear();
    lines?.(p);
  };
  let summary;
  let outcome;
  try {
    summary = await engine.scan(positionals, { signal, onProgress, train });
    bar.clear();
    outcome = await followUp(summary, signal);
  } finally {
    bar.clear();
  }
  // A cancelled follow-up still reports the scan, which finished.
  const code = outcome?.status === 'cancelled' && signal.aborted ? 130 : 0;
  if (values.json) {
    // The documented shape; per-stage timings are for the benchmark, not the CLI contract.
    const { tracks, analysed, unchanged, removed, reembedded, failed, seconds, backend } = summary;
    writeJson(io, {
      tracks,
      analysed,
      unchanged,
      removed,
      reembedded,
      failed,
      seconds,
      backend,
      train: outcomeJson(outcome ?? null),
    });
    return code;
  }
  const text = [
    `Library: ${summary.tracks} tracks (${summary.analysed} analysed, ${summary.unchanged} unchanged, ${summary.removed} removed` +
      `${summary.reembedded > 0 ? `, ${summary.reembedded} re-embedded for a new model` : ''}) in ${summary.seconds.toFixed(1)} s on ${summary.backend}.`,
    ...(summary.failed.length > 0
      ? [
          `${summary.failed.length} could not be added:`,
          ...summary.failed.map((f) => `  ${f.path}: ${f.reason}`),
        ]
      : []),
  ];
  io.stdout.write(`${text.join('\n')}\n${outcomeText(summary, outcome ?? null)}`);
  return code;
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
