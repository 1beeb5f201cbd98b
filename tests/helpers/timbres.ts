/**
 * Clips of four distinct timbres (pure tone, chord, noise, clicks), each clip three short
 * excerpts that vary a little, as log-mels with their excerpt frame counts: what the scan would
 * cache for them.
 */
import type { CachedMel } from '../../src/main/engine/audio/mel-cache';
import { excerptFrameCounts } from '../../src/main/engine/audio/mel-cache';
import { computeExcerptsLogMel } from '../../src/main/engine/audio/mel';
import { synthesize, type Signal } from './synth';

/**
 * The four timbres, as a signal for clip `clip`, excerpt `part`. A clip's excerpts differ more
 * than its timbre's clips do, as a song's sections differ more than an album's mixes: what stays
 * the same across a clip is its timbre, which is what training must find.
 */
const TIMBRES: Record<string, (clip: number, part: number) => Signal> = {
  tone: (clip, part) => ({ kind: 'sine', freq: 300 + 10 * clip + 60 * part }),
  chord: (clip, part) => ({
    kind: 'chord',
    freqs: [1000, 1250, 1500].map((f) => f * (1 + 0.01 * clip + 0.08 * part)),
  }),
  noise: (clip, part) => ({ kind: 'noise', seed: 1 + 10 * clip + part }),
  clicks: (clip, part) => ({ kind: 'clicks', bpm: 90 + 4 * clip + 30 * part }),
};

/** `clips` clips of every timbre, with their timbre as label. */
export function timbreClips(
  clips: number,
  excerptSeconds = 1.5,
): { mels: CachedMel[]; labels: string[] } {
  const mels: CachedMel[] = [];
  const labels: string[] = [];
  for (const [label, signal] of Object.entries(TIMBRES)) {
    for (let clip = 0; clip < clips; clip++) {
      const parts = [0, 1, 2].map((part) => synthesize(signal(clip, part), excerptSeconds));
      const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        samples.set(p, at);
        at += p.length;
      }
      const lengths = parts.map((p) => p.length);
      mels.push({
        ...computeExcerptsLogMel(samples, lengths),
        excerptFrames: excerptFrameCounts(lengths),
      });
      labels.push(label);
    }
  }
  return { mels, labels };
}
