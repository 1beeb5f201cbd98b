/** TRAINING.md for shipped audio weights: how they were made and how well they do. */
import type { BackendInfo } from '../src/main/engine/embed/backend';
import type { AudioEvalReport } from '../src/main/engine/eval/audio-eval';
import type { RetrievalScores } from '../src/main/engine/eval/retrieval-metrics';
import type { TrainSettings } from '../src/main/engine/train/trainer';

/** Everything the report states. */
export type TrainingFacts = Readonly<{
  command: string;
  /** The corpora whose audio was trained on. */
  corpora: readonly Readonly<{ name: string; labelsSha256: string; tracks: number }>[];
  /** The corpus scored below (its labels used there only). */
  evalCorpus: string;
  machine: string;
  backend: BackendInfo;
  settings: TrainSettings;
  /** Stage 1, self-supervised, when the run made one. */
  warmup: Readonly<{ tracks: number; settings: TrainSettings; seconds: number }> | null;
  losses: readonly number[];
  trainSeconds: number;
  /** Tracks per second embedded from cached spectrograms with the new weights. */
  embedRate: number;
  version: string;
  report: AudioEvalReport;
  /** The teacher's figures on the evaluation corpus, from its cached targets. */
  teacher: RetrievalScores;
  /** Share of the teacher's z-scored variance the 128-d target space keeps. */
  explained: number;
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
  const tracks = f.corpora.reduce((n, c) => n + c.tracks, 0);
  const corpora = f.corpora
    .map((c) => `  - ${c.name}: ${c.tracks} tracks; labels.tsv sha256 \`${c.labelsSha256}\``)
    .join('\n');
  return `# Default audio-CNN weights

\`model.json\` + \`weights.bin\`: model version **${f.version}**, trained by
\`scripts/train-default.ts\`: distilled from the MusiCNN teacher (below) with NT-Xent beside it
(\`src/main/engine/train/\`), from the seeded weights.

- Command: \`${f.command}\`
- Corpora (audio only; no labels are used for training), built by \`../shared/corpus/fetch-pretrain.sh\`
  (corpus-pretrain) and \`../shared/corpus/fetch-corpus.sh corpus-dev dev\` (corpus-dev):
${corpora}
- Evaluation corpus: ${f.evalCorpus} (its labels are used only for the table below).
- Teacher: MusiCNN trained on the Million Song Dataset (Pons & Serra, "musicnn: pre-trained
  convolutional neural networks for music audio tagging", ISMIR 2019 late-breaking demo), in the
  Keras port by Elio Quinton (ISC license, Copyright 2020 Elio Quinton), run in TF.js
  (\`src/main/engine/train/teacher/\`) from \`../shared/models/musicnn-msd\` at training time. Its
  weights are neither part of the project nor shipped: only these student weights are.
- Targets: the teacher's 200-d embedding (\`dense\`, after its ReLU) of two 3 s patches per 8 s
  excerpt, z-scored over the training tracks and rotated onto their 128 principal axes
  (${(100 * f.explained).toFixed(1)} % of the variance).
- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${f.machine}
- Backend: TF.js ${f.backend.name}${f.backend.wasm ? ` (SIMD ${f.backend.wasm.simd ? 'on' : 'off'}, ${f.backend.wasm.threads} thread)` : ''}
- Stage 1: ${
    f.warmup
      ? `self-supervised (NT-Xent alone) on the ${f.warmup.tracks} tracks of ${f.evalCorpus}, from the seeded weights, ${f.warmup.settings.epochs} epochs in ${f.warmup.seconds.toFixed(0)} s; settings \`${JSON.stringify(f.warmup.settings)}\``
      : 'none (started from given weights)'
  }
- Stage 2, distillation: settings \`${JSON.stringify(settings)}\`
- Training: ${settings.epochs} epochs in ${f.trainSeconds.toFixed(0)} s (${epochSeconds.toFixed(1)} s per epoch
  over ${tracks} tracks); loss ${lossAt(1)} after epoch 1, ${lossAt(Math.ceil(settings.epochs / 2))} at
  half-way, ${lossAt(settings.epochs)} at the end.
- Embedding from cached spectrograms: ${f.embedRate.toFixed(0)} tracks/s.

## Evaluation (\`deepcut eval-audio\`'s code, same-soundtrack retrieval, ${r.tracks} tracks, ${r.labels} labels)

| method | P@5 | P@10 | mAP |
| --- | ---: | ---: | ---: |
${row('audio CNN (these weights)', r.model)}
${row('teacher: MusiCNN, track mean z-scored (not shipped)', f.teacher)}
${row('MFCC-20 mean+std, z-scored', r.mfcc)}
${row('log-mel-64 mean+std, z-scored', r.logmel)}
${row('chance (20 seeds)', r.chance)}

Margin over the best baseline: P@10 ${(r.model.p10 - best.p10).toFixed(3)}, mAP ${(r.model.map - best.map).toFixed(3)};
student / teacher: P@10 ${(r.model.p10 / f.teacher.p10).toFixed(2)}, mAP ${(r.model.map / f.teacher.map).toFixed(2)}.
What was tried on the way: docs/audio-training.md.
`;
}
