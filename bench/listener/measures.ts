/**
 * What a session is scored on: the share of heard tracks played through, the share of the first
 * 20 heard from the seed's soundtrack (of as many as that soundtrack can give: a soundtrack of 14
 * tracks gives 13 besides the seed), the share new to the listener, and the seed adherence of
 * the radio as first made (recommend/radio-policy.ts seedAdherence: the mean similarity to the
 * seed of its first 20 tracks over that of the seed's 20 closest).
 */
import { seedAdherence } from '../../src/main/engine/recommend/radio-policy';
import { dot } from '../../src/main/engine/recommend/vector-math';
import type { Corpus } from './listeners';
import type { SessionResult } from './session';

export type SessionScores = Readonly<{
  playThrough: number;
  ownShare: number;
  newShare: number;
  adherence: number;
}>;

export const MEASURES = ['playThrough', 'ownShare', 'adherence', 'newShare'] as const;
export type Measure = (typeof MEASURES)[number];

export function scoreSession(
  session: SessionResult,
  corpus: Corpus,
  vectors: ReadonlyMap<string, Float32Array>,
  places = 20,
): SessionScores {
  const heard = session.heard.slice(0, places);
  const n = Math.max(1, heard.length);
  const ownTracks = corpus.tracksOf.get(session.intent)?.length ?? 1;
  const own = heard.filter((h) => corpus.labelOf.get(h.id) === session.intent).length;
  const seed = vectors.get(session.seed);
  let adherence = NaN;
  if (seed) {
    const sim = (id: string) => {
      const v = vectors.get(id);
      return v ? dot(v, seed) : 0;
    };
    const closest = [...vectors.keys()].filter((id) => id !== session.seed).map(sim);
    adherence = seedAdherence(session.radio.map(sim), closest, places);
  }
  return {
    playThrough: heard.filter((h) => h.played).length / n,
    ownShare: own / Math.max(1, Math.min(heard.length, ownTracks - 1)),
    newShare: heard.filter((h) => h.fresh).length / n,
    adherence,
  };
}

export const mean = (xs: readonly number[]): number => {
  const finite = xs.filter(Number.isFinite);
  return finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
};
