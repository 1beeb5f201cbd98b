/** How a track's log-mel is cut into CNN input patches. */
import type { LogMel } from '../audio/log-mel';

/** A log-mel that may say where its excerpts end (see audio/mel-cache.ts). */
export type ExcerptedMel = LogMel & Readonly<{ excerptFrames?: readonly number[] }>;

/** One patch: `patchFrames` frames from `start`, looping within the excerpt it lies in. */
export type PatchWindow = Readonly<{
  /** First frame of the excerpt. */
  excerptStart: number;
  /** Frames in the excerpt. */
  excerptFrames: number;
  /** Where the patch starts, from the excerpt's first frame. */
  offset: number;
}>;

/**
 * Where a track's patches lie. Patches never straddle two excerpts: each excerpt of at least a
 * patch is covered by ⌈frames / patchFrames⌉ patches spread evenly from its first frame to its
 * last (overlapping a little rather than dropping the remainder). Excerpts shorter than a patch
 * are skipped when a longer one exists; otherwise the whole track, looped, gives one patch. A
 * mel without `excerptFrames` is one excerpt.
 */
export function patchWindows(mel: ExcerptedMel, patchFrames: number): PatchWindow[] {
  const lengths = mel.excerptFrames ?? [mel.frames];
  const windows: PatchWindow[] = [];
  let excerptStart = 0;
  for (const frames of lengths) {
    if (frames >= patchFrames) {
      const count = Math.ceil(frames / patchFrames);
      const span = frames - patchFrames;
      for (let i = 0; i < count; i++) {
        const offset = count === 1 ? 0 : Math.round((i * span) / (count - 1));
        windows.push({ excerptStart, excerptFrames: frames, offset });
      }
    }
    excerptStart += frames;
  }
  return windows.length > 0 ? windows : [{ excerptStart: 0, excerptFrames: mel.frames, offset: 0 }];
}

/**
 * Copies one patch of `mel` into `target` ([patch][frame][band], frame-major like LogMel) at
 * patch slot `slot`. A window longer than its excerpt repeats the excerpt end to start: padding
 * with silence or zeros would add content the track does not have, which max pooling would pick
 * up, while looping keeps the track's own level and texture.
 */
export function writePatch(
  mel: LogMel,
  window: PatchWindow,
  patchFrames: number,
  target: Float32Array,
  slot: number,
): void {
  const { bands, data } = mel;
  const { excerptStart, excerptFrames, offset } = window;
  let out = slot * patchFrames * bands;
  for (let t = 0; t < patchFrames; t++) {
    const source = (excerptStart + ((offset + t) % excerptFrames)) * bands;
    target.set(data.subarray(source, source + bands), out);
    out += bands;
  }
}
