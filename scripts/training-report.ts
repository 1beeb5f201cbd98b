/** TRAINING.md for shipped audio weights: how they were made and how well they do. */
import type { BackendInfo } from '../src/main/engine/embed/backend';
import type { AudioEvalReport } from '../src/main/engine/eval/audio-eval';
import type { RetrievalScores } from '../src/main/engine/eval/retrieval-metrics';
import type { TrainSettings } from '../src/main/engine/train/trainer';

/** Everything the report states. */
export type TrainingFacts = Readonly<{
  command: string;
  corpus: Readonly<{ name: string; labelsSha256: string; tracks: number }>;
  machine: string;
  backend: BackendInfo;
  settings: TrainSettings;
  losses: readonly number[];
  trainSeconds: number;
  /** Tracks per second embedded from cached spectrograms with the new weights. */
  embedRate: number;
  version: string;
  report: AudioEvalReport;
}>;

function row(name: string, s: RetrievalScores): string {
  return `| ${name} | ${s.p5.toFixed(3)} | ${s.p10.toFixed(3)} | ${s.map.toFixed(3)} |`;
}

/** The report as Markdown. */
export function trainingReport(f: TrainingFacts): string {
  const { report: r, settings } = f;
  const epochSeconds = f.trainSeconds / Math.max(1, settings.epochs);
  const best = [r.mfcc, r.logmel].reduce((a, b) => (b.p10 + b.map > a.p10 + a.map ? b : a));
  const lossAt = (epoch: number) => f.losses[epoch - 1]?.toFixed(3) ?? '–';
  return `# Default audio-CNN weights

\`model.json\` + \`weights.bin\`: model version **${f.version}**, trained by
\`scripts/train-default.ts\` (self-supervised NT-Xent, \`src/main/engine/train/\`).

- Command: \`${f.command}\`
- Corpus: ${f.corpus.name} (${f.corpus.tracks} tracks; labels.tsv sha256 \`${f.corpus.labelsSha256}\`),
  built by \`../shared/corpus/fetch-corpus.sh corpus-dev dev\`. Labels are not used for training,
  only for the evaluation below.
- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${f.machine}
- Backend: TF.js ${f.backend.name}${f.backend.wasm ? ` (SIMD ${f.backend.wasm.simd ? 'on' : 'off'}, ${f.backend.wasm.threads} thread)` : ''}
- Settings: \`${JSON.stringify(settings)}\`
- Training: ${settings.epochs} epochs in ${f.trainSeconds.toFixed(0)} s (${epochSeconds.toFixed(1)} s per epoch
  over ${f.corpus.tracks} tracks); loss ${lossAt(1)} after epoch 1, ${lossAt(Math.ceil(settings.epochs / 2))} at
  half-way, ${lossAt(settings.epochs)} at the end.
- Embedding from cached spectrograms: ${f.embedRate.toFixed(0)} tracks/s.

## Evaluation (\`deepcut eval-audio\`, same-soundtrack retrieval, ${r.tracks} tracks, ${r.labels} labels)

| method | P@5 | P@10 | mAP |
| --- | ---: | ---: | ---: |
${row('audio CNN (these weights)', r.model)}
${row('MFCC-20 mean+std, z-scored', r.mfcc)}
${row('log-mel-64 mean+std, z-scored', r.logmel)}
${row('chance (20 seeds)', r.chance)}

Margin over the best baseline: P@10 ${(r.model.p10 - best.p10).toFixed(3)}, mAP ${(r.model.map - best.map).toFixed(3)}
(target: 0.10 in both). What was tried on the way: docs/audio-training.md.
`;
}
