/**
 * Training views: two log-mel patches of each track, from different excerpts where the track has
 * several (so the model learns what stays the same across a track, not within three seconds of
 * it), at random offsets, with light augmentations.
 */
import { valueReader, type CachedMel, type QuantisedMel } from '../audio/mel-cache';
import type { BandStats } from './band-stats';

/** Augmentations applied to each view independently. */
export type Augmentations = Readonly<{
  /** Largest level change, in log10 units added to every band (0.5 = ±5 dB). */
  gain: number;
  /** Widest run of adjacent bands replaced by their mean level (SpecAugment); 0 for none. */
  freqMask: number;
}>;

/** A track's spectrogram as training holds it: expanded, or as cached bytes (less memory). */
export type TrainingMel = CachedMel | QuantisedMel;

/** What the views of one batch are cut from. */
export type ViewSource = Readonly<{
  mels: readonly TrainingMel[];
  patchFrames: number;
  bands: number;
  stats: BandStats;
  augment: Augmentations;
}>;

/** Where a view was cut: the excerpt (its index in the track's excerpts) and the first frame in it. */
export type ViewPlacement = Readonly<{ excerpt: number; offset: number }>;

/**
 * Excerpts as [first frame, frames, index among the track's excerpts], the ones at least a patch
 * long first choice.
 */
function excerptsOf(mel: TrainingMel, patchFrames: number): [number, number, number][] {
  const all: [number, number, number][] = [];
  let start = 0;
  mel.excerptFrames.forEach((frames, index) => {
    if (frames > 0) all.push([start, frames, index]);
    start += frames;
  });
  const long = all.filter(([, frames]) => frames >= patchFrames);
  // Nothing a patch long: the whole track, looped to fill one (as patches.ts does).
  return long.length > 0 ? long : [[0, mel.frames, -1]];
}

/** Writes one augmented patch of `mel` into `target` at patch slot `slot`. */
function writeView(
  source: ViewSource,
  mel: TrainingMel,
  excerpt: readonly [number, number, number],
  target: Float32Array,
  slot: number,
  rand: () => number,
): ViewPlacement {
  const { patchFrames, bands, stats, augment } = source;
  const [first, frames, index] = excerpt;
  const offset = frames > patchFrames ? Math.floor(rand() * (frames - patchFrames + 1)) : 0;
  const gain = (2 * rand() - 1) * augment.gain;
  const maskWidth = Math.floor(rand() * (augment.freqMask + 1));
  const maskStart = Math.floor(rand() * (bands - maskWidth + 1));
  const value = valueReader(mel);
  let out = slot * patchFrames * bands;
  for (let t = 0; t < patchFrames; t++) {
    const row = (first + ((offset + t) % frames)) * bands;
    for (let b = 0; b < bands; b++) {
      const masked = b >= maskStart && b < maskStart + maskWidth;
      target[out++] = masked ? (stats.mean[b] ?? 0) : value(row + b) + gain;
    }
  }
  return { excerpt: index, offset };
}

/** Indices 0 … n − 1 in random order. */
export function shuffled(n: number, rand: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  return order;
}

/**
 * Two views of each track in `tracks`, as [2 × tracks.length, patchFrames, bands] (frame-major):
 * rows i and i + tracks.length are both from track i, as ntXentLoss expects, the second from
 * another excerpt where the track has several. `placements`, when given, receives where each
 * row was cut, in row order (excerpt −1: the whole track looped).
 */
export function makeViews(
  source: ViewSource,
  tracks: readonly number[],
  rand: () => number,
  placements?: ViewPlacement[],
): Float32Array {
  const { patchFrames, bands } = source;
  const views = new Float32Array(2 * tracks.length * patchFrames * bands);
  tracks.forEach((index, slot) => {
    const mel = source.mels[index];
    if (mel === undefined) throw new Error(`no spectrogram for track ${index}`);
    const excerpts = excerptsOf(mel, patchFrames);
    const [i = 0, j = i] = shuffled(excerpts.length, rand);
    const whole: [number, number, number] = [0, mel.frames, -1];
    const a = writeView(source, mel, excerpts[i] ?? whole, views, slot, rand);
    const b = writeView(source, mel, excerpts[j] ?? whole, views, tracks.length + slot, rand);
    if (placements) {
      placements[slot] = a;
      placements[tracks.length + slot] = b;
    }
  });
  return views;
}
