/**
 * How well the audio embedding finds tracks that belong together: on a labelled corpus, each
 * track ranks all others by the engine's cosine similarity, scored by "same label", beside two
 * hand-made baselines over the same excerpts and chance.
 */
import { decodeExcerpts } from '../audio/decode';
import { planExcerpts } from '../audio/excerpts';
import { MelCache } from '../audio/mel-cache';
import type { Engine } from '../engine';
import { trackIdFor } from '../store/track-id';
import { fillMelCache } from '../train/fill-mel-cache';
import { logMelStats, mfccStats } from './baseline-features';
import { readLabels, type LabelledTrack } from './corpus-labels';
import { chanceScores, retrievalScores, zScore, type RetrievalScores } from './retrieval-metrics';

/** The scores of the model, the baselines and chance on one corpus. */
export type AudioEvalReport = Readonly<{
  /** Tracks scored: labelled, analysed and with a cached spectrogram. */
  tracks: number;
  /** Distinct labels among them. */
  labels: number;
  /** The engine's audio embedding. */
  model: RetrievalScores;
  /** MFCC-20 mean and standard deviation over the excerpts, every dimension z-scored. */
  mfcc: RetrievalScores;
  /** Log-mel (every band) mean and standard deviation, every dimension z-scored. */
  logmel: RetrievalScores;
  /** Random vectors, mean of 20 seeds. */
  chance: RetrievalScores;
  /** The audio model's version. */
  modelVersion: string;
  /** Labelled files left out (not found, not analysable), with the reason. */
  skipped: { path: string; reason: string }[];
}>;

/** What an evaluation is doing, for a progress line. */
export type EvalPhase = 'scan' | 'mels' | 'mfcc' | 'score';

/** Options for {@link evaluateAudio}. */
export type AudioEvalOptions = Readonly<{
  signal?: AbortSignal;
  onPhase?: (phase: EvalPhase, done: number, total: number) => void;
}>;

/**
 * Meyda's MFCC needs the samples, which are not kept: each track's excerpts are decoded again
 * (the same excerpts the scan took, as they follow from the duration). The next file decodes
 * while Meyda works on this one.
 */
async function mfccFeatures(
  tracks: readonly (LabelledTrack & { durationSec: number | null })[],
  options: AudioEvalOptions,
): Promise<Float64Array[]> {
  const decode = (i: number) => {
    const t = tracks[i];
    return t === undefined
      ? null
      : decodeExcerpts(t.path, planExcerpts(t.durationSec), { signal: options.signal });
  };
  const features: Float64Array[] = [];
  let next = decode(0);
  for (let i = 0; i < tracks.length; i++) {
    const decoded = await next;
    next = decode(i + 1);
    if (decoded === null) break;
    features.push(mfccStats(decoded.samples, decoded.segmentLengths));
    options.onPhase?.('mfcc', i + 1, tracks.length);
  }
  return features;
}

/**
 * Scans `corpusDir` into the engine's library (incremental: unchanged files are not analysed
 * again), caches the spectrograms the scan did not, and scores the model and the baselines on
 * every labelled track that has both.
 */
export async function evaluateAudio(
  engine: Engine,
  corpusDir: string,
  options: AudioEvalOptions = {},
): Promise<AudioEvalReport> {
  const labelled = await readLabels(corpusDir);
  options.onPhase?.('scan', 0, labelled.length);
  const scan = await engine.scan([corpusDir], {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (p) => options.onPhase?.('scan', p.done, p.total),
  });
  const embedder = await engine.audioEmbedder();
  const vectors = await engine.store.vectorsOf(embedder.version);
  const stored = new Map((await engine.store.analysedTracks()).map((t) => [t.id, t]));
  const skipped = scan.failed.filter((f) => labelled.some((l) => l.path === f.path));
  const usable = labelled.flatMap((l) => {
    const track = stored.get(trackIdFor(l.path));
    if (track === undefined || !vectors.has(track.id)) {
      if (!skipped.some((s) => s.path === l.path))
        skipped.push({ path: l.path, reason: 'not analysed' });
      return [];
    }
    return [{ ...l, id: track.id, durationSec: track.durationSec }];
  });
  const cache = new MelCache(engine.store.dataDir);
  const filled = await fillMelCache(cache, usable, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) => options.onPhase?.('mels', done, total),
  });
  skipped.push(...filled.failed);
  const mels = await Promise.all(usable.map((t) => cache.read(t.id)));
  const tracks = usable.filter((_, i) => mels[i] !== null);
  const logmel = mels.flatMap((mel) => (mel === null ? [] : [logMelStats(mel)]));
  const mfcc = await mfccFeatures(tracks, options);
  options.onPhase?.('score', 0, 1);
  const labels = tracks.map((t) => t.label);
  return {
    tracks: tracks.length,
    labels: new Set(labels).size,
    model: retrievalScores(
      tracks.map((t) => vectors.get(t.id) ?? new Float32Array(0)),
      labels,
    ),
    mfcc: retrievalScores(zScore(mfcc), labels),
    logmel: retrievalScores(zScore(logmel), labels),
    chance: chanceScores(labels),
    modelVersion: embedder.version,
    skipped,
  };
}
