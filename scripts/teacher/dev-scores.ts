/**
 * Quick retrieval figures on the evaluation corpus during training (its labels are read here
 * only, to measure): the student's vectors between epochs, and the teacher's from its cached
 * targets (track vectors z-scored over the corpus, as the issue measured it with NumPy).
 */
import type { QuantisedMel } from '../../src/main/engine/audio/mel-cache';
import type { AudioModel } from '../../src/main/engine/embed/cnn';
import { readLabels } from '../../src/main/engine/eval/corpus-labels';
import {
  retrievalScores,
  zScore,
  type RetrievalScores,
} from '../../src/main/engine/eval/retrieval-metrics';
import { embedTracks } from '../../src/main/engine/train/embed-all';
import { trackEmbedding } from '../../src/main/engine/train/teacher/target-space';
import type { TeacherTargets } from '../../src/main/engine/train/teacher/teacher-targets';

async function labelled<T extends { path: string }>(
  corpus: string,
  items: readonly T[],
): Promise<{ items: T[]; labels: string[] }> {
  const byPath = new Map((await readLabels(corpus)).map((l) => [l.path, l.label]));
  const kept = items.filter((i) => byPath.has(i.path));
  return { items: kept, labels: kept.map((i) => byPath.get(i.path) ?? '') };
}

/** Scores a model's vectors of the corpus's tracks among `items`, centred over the corpus. */
export async function devScores(
  corpus: string,
  items: readonly { path: string; mel: QuantisedMel }[],
): Promise<(model: AudioModel) => Promise<RetrievalScores>> {
  const dev = await labelled(corpus, items);
  return async (model) => {
    const vectors = await embedTracks(
      model,
      dev.items.map((i) => i.mel),
    );
    const dim = vectors[0]?.length ?? 0;
    const mean = new Float64Array(dim);
    for (const v of vectors) v.forEach((x, d) => (mean[d] = (mean[d] ?? 0) + x / vectors.length));
    return retrievalScores(
      vectors.map((v) => Float64Array.from(v, (x, d) => x - (mean[d] ?? 0))),
      dev.labels,
    );
  };
}

/** The teacher's scores on the corpus's tracks among `items`. */
export async function teacherScores(
  corpus: string,
  items: readonly { path: string; target: TeacherTargets }[],
): Promise<RetrievalScores> {
  const dev = await labelled(corpus, items);
  return retrievalScores(zScore(dev.items.map((i) => trackEmbedding(i.target))), dev.labels);
}
