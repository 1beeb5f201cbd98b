/** How a track's log-mel is cut into CNN input patches. */
import type { LogMel } from '../audio/log-mel';

/**
 * Patches a track of `frames` frames gives: non-overlapping windows from the start, the
 * remainder shorter than a patch dropped; a track shorter than one patch still gives one.
 */
export function patchCount(frames: number, patchFrames: number): number {
  return Math.max(1, Math.floor(frames / patchFrames));
}

/**
 * Copies patches `first` .. `first + count - 1` of `mel` into `target` ([patch][frame][band],
 * frame-major like LogMel) from patch slot `slot` on. A track shorter than one patch is repeated
 * end to start to fill it: padding with silence or zeros would add content the track does not
 * have, which max pooling would pick up, while looping keeps the track's own level and texture.
 */
export function writePatches(
  mel: LogMel,
  patchFrames: number,
  target: Float32Array,
  slot: number,
  first: number,
  count: number,
): void {
  const { frames, bands, data } = mel;
  let out = slot * patchFrames * bands;
  for (let t = first * patchFrames; t < (first + count) * patchFrames; t++) {
    // t reaches past the last frame only when the track is shorter than one patch.
    const source = (t % frames) * bands;
    target.set(data.subarray(source, source + bands), out);
    out += bands;
  }
}
