import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { resolveDataDir } from '../../engine/data-dir';
import { Engine } from '../../engine/engine';
import { evaluateAudio, type AudioEvalReport } from '../../engine/eval/audio-eval';
import { LabelsError } from '../../engine/eval/corpus-labels';
import type { RetrievalScores } from '../../engine/eval/retrieval-metrics';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

/** Flags of `deepcut eval-audio`. */
export const EVAL_AUDIO_OPTIONS = { ...COMMON_OPTIONS, corpus: { type: 'string' } } as const;

/**
 * Without --data, a corpus gets its own library under the default data folder, so evaluating
 * never adds the corpus to the person's own library (and music folders are never written).
 */
function evalDataDir(corpus: string, data: string | undefined): string {
  if (data !== undefined) return resolveDataDir(data);
  const hash = createHash('sha256').update(corpus).digest('hex').slice(0, 8);
  return join(resolveDataDir(), 'eval', `${basename(corpus)}-${hash}`);
}

function row(name: string, s: RetrievalScores): string {
  const cell = (v: number) => v.toFixed(3).padStart(6);
  return `${name.padEnd(26)}${cell(s.p5)}${cell(s.p10)}${cell(s.map)}`;
}

function table(report: AudioEvalReport): string {
  return [
    `${report.tracks} tracks, ${report.labels} labels; model ${report.modelVersion}`,
    `${'method'.padEnd(26)}${'P@5'.padStart(6)}${'P@10'.padStart(6)}${'mAP'.padStart(6)}`,
    row('audio model', report.model),
    row('MFCC-20 mean+std, z', report.mfcc),
    row('log-mel mean+std, z', report.logmel),
    row('chance (20 seeds)', report.chance),
    ...(report.skipped.length > 0
      ? [
          `${report.skipped.length} left out:`,
          ...report.skipped.map((s) => `  ${s.path}: ${s.reason}`),
        ]
      : []),
  ].join('\n');
}

/**
 * `deepcut eval-audio --corpus <folder with labels.tsv> [--data DIR] [--json]`: scans the corpus
 * if needed and scores the audio model against the baselines; returns the exit code.
 */
export async function evalAudioCommand(
  args: readonly string[],
  io: CliIo,
  signal?: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, EVAL_AUDIO_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`eval-audio takes no "${positionals[0]}"`);
  if (values.corpus === undefined) throw new UsageError('eval-audio needs --corpus <folder>');
  const corpus = resolve(values.corpus);
  if (!(await stat(corpus).catch(() => null))?.isDirectory()) {
    throw new UsageError(`corpus folder not found: ${values.corpus}`);
  }
  const engine = await Engine.open({ dataDir: evalDataDir(corpus, values.data) });
  let report: AudioEvalReport;
  try {
    report = await evaluateAudio(engine, corpus, {
      ...(signal ? { signal } : {}),
      onPhase: values.json
        ? undefined
        : (phase, done, total) => {
            if (done === 0 || done === total) io.stderr.write(`${phase}: ${done}/${total}\n`);
          },
    });
  } catch (error) {
    if (error instanceof LabelsError) throw new UsageError(error.message);
    throw error;
  } finally {
    await engine.close();
  }
  if (values.json) {
    const { tracks, labels, model, mfcc, logmel, chance } = report;
    writeJson(io, { tracks, labels, model, mfcc, logmel, chance });
  } else {
    io.stdout.write(`${table(report)}\n`);
  }
  return 0;
}
