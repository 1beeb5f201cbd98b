import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EVAL_MODELS, evaluateCf, type EvalModel } from '../../engine/eval/cf/eval-cf';
import { parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

const MODELS: readonly EvalModel[] = EVAL_MODELS;
const SPLIT_FILES = ['loo.train.tsv', 'loo.test.tsv', 'loo.negatives.tsv'];

/** Here `--data` names a data SET folder (loo.*.tsv), not the library's data folder. */
export const EVAL_CF_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  model: { type: 'string' },
  factors: { type: 'string' },
  epochs: { type: 'string' },
  pretrain: { type: 'string' },
} as const;

/** `deepcut eval-cf --data <folder>`: trains and scores a model on a leave-one-out split. */
export async function evalCfCommand(
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseCommand(args, EVAL_CF_OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`eval-cf takes flags only, got "${positionals[0]}"`);
  if (!values.data)
    throw new UsageError(
      'eval-cf needs --data <folder with loo.train.tsv, loo.test.tsv, loo.negatives.tsv>',
    );
  const folder = resolve(values.data);
  for (const file of SPLIT_FILES) {
    await access(join(folder, file)).catch(() => {
      throw new UsageError(`no ${file} in ${folder}`);
    });
  }
  const model = values.model ?? 'neumf';
  if (!(MODELS as readonly string[]).includes(model)) {
    throw new UsageError(`--model is one of ${MODELS.join('|')}, got "${model}"`);
  }
  const result = await evaluateCf({
    dataDir: folder,
    model: model as EvalModel,
    factors: positiveInt(values.factors, '--factors', 8),
    epochs: positiveInt(values.epochs, '--epochs', 20),
    pretrainEpochs:
      values.pretrain === undefined ? undefined : positiveInt(values.pretrain, '--pretrain', 1),
    signal,
    onEpoch: (report, metrics) => {
      if (values.json) return;
      const scores = metrics
        ? `  HR@10 ${metrics.hr10.toFixed(4)}  NDCG@10 ${metrics.ndcg10.toFixed(4)}`
        : '';
      io.stderr.write(
        `${report.phase} epoch ${report.epoch}: loss ${report.loss.toFixed(4)}, ${report.seconds.toFixed(1)} s${scores}\n`,
      );
    },
  });
  if (values.json) {
    writeJson(io, result);
    return 0;
  }
  io.stdout.write(
    [
      `${result.model}, ${result.factors} factors, backend ${result.backend}, ${result.seconds_per_epoch.toFixed(2)} s/epoch`,
      `sampled (99 negatives): HR@10 ${result.hr10.toFixed(4)}  NDCG@10 ${result.ndcg10.toFixed(4)}`,
      `full catalogue:         HR@10 ${result.full_hr10.toFixed(4)}  NDCG@10 ${result.full_ndcg10.toFixed(4)}`,
      ...(result.hybrid
        ? [
            `chosen on validation:   ${JSON.stringify(result.hybrid.itemModel)}, weight ${result.hybrid.weight} (NDCG@10 ${result.hybrid.validation.ndcg10.toFixed(4)})`,
          ]
        : []),
      `${result.seconds.toFixed(1)} s in all`,
    ].join('\n') + '\n',
  );
  return 0;
}
