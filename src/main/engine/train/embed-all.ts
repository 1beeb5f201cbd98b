/** Track vectors of a model that training is still changing, for measurements between epochs. */
import { levelValues, type QuantisedMel } from '../audio/mel-cache';
import { createModel, type AudioModel } from '../embed/cnn';
import { paramSpecs } from '../embed/cnn-config';
import { AudioEmbedder } from '../embed/embedder';
import type { TrainingMel } from './views';

/** Tracks embedded per call, bounding the memory of expanded spectrograms. */
const CHUNK = 64;

function expanded(mel: TrainingMel) {
  if (!('levels' in mel)) return mel;
  const { levels, ...rest }: QuantisedMel = mel;
  return { ...rest, data: Float32Array.from(levels, (l) => levelValues[l] ?? 0) };
}

/** A copy of the model's current values, which an embedder may own and dispose. */
export function copyModel(model: AudioModel): AudioModel {
  return createModel(
    model.config,
    new Map(
      paramSpecs(model.config).map((s) => [
        s.name,
        model.params[s.name]?.dataSync() as Float32Array,
      ]),
    ),
    { createdAt: model.createdAt, ...(model.notes === undefined ? {} : { notes: model.notes }) },
  );
}

/** Every track's vector as the embedder makes it with the model's current values. */
export async function embedTracks(
  model: AudioModel,
  mels: readonly TrainingMel[],
): Promise<Float32Array[]> {
  const embedder = await AudioEmbedder.create({ model: copyModel(model) });
  try {
    const vectors: Float32Array[] = [];
    for (let at = 0; at < mels.length; at += CHUNK) {
      vectors.push(...embedder.embed(mels.slice(at, at + CHUNK).map(expanded)));
    }
    return vectors;
  } finally {
    embedder.dispose();
  }
}
