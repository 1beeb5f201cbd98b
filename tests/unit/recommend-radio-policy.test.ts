import { describe, expect, it } from 'vitest';
import { NO_FEEDBACK } from '../../src/main/engine/recommend/feedback-view';
import { emptyHistory } from '../../src/main/engine/recommend/history';
import type { PlacementTier } from '../../src/main/engine/recommend/playlist-rules';
import {
  adherenceFloor,
  radioTiers,
  seedAdherence,
} from '../../src/main/engine/recommend/radio-policy';
import type { Scored, ScoringContext } from '../../src/main/engine/recommend/scoring';
import { DEFAULT_ADVENTUROUS } from '../../src/main/engine/recommend/types';

const NOW = new Date('2026-12-04T20:00:00Z');
const context: ScoringContext = {
  taste: null,
  history: emptyHistory(NOW),
  mode: 'blend',
  adventurous: DEFAULT_ADVENTUROUS,
  skipped: [],
  played: [],
  feedback: NO_FEEDBACK,
  titleOf: (id) => id,
};
const candidate = (id: string, known = true) => ({ id, known }) as unknown as Scored;

/** Whether the first tier that speaks of adherence lets `c` into the next place. */
function admits(tiers: readonly PlacementTier<Scored>[], c: Scored): boolean {
  const tier = tiers.find((t) => 'accept' in t);
  return tier !== undefined && 'accept' in tier && tier.accept(c);
}

describe('the adherence floor of a radio', () => {
  // Ten close candidates (0.8) and a far one (0.3): the mean of the closest is 0.8.
  const similarity = new Map([
    ...Array.from({ length: 10 }, (_, i) => [`close-${i}`, 0.8] as const),
    ['far', 0.3],
  ]);

  it('keeps the first place of a fresh radio among the close tracks', () => {
    const tiers = radioTiers(context, similarity)?.([]) ?? [];
    expect(admits(tiers, candidate('close-0'))).toBe(true);
    expect(admits(tiers, candidate('far'))).toBe(false);
  });

  it('holds over the radio from its start, so a re-ranking after skips of close tracks may reach further', () => {
    // Five tracks already heard from this radio, all close: with the far one, the six hold
    // (5 · 0.8 + 0.3) / (6 · 0.8) = 0.9 of the closest six's similarity.
    const before = [0.8, 0.8, 0.8, 0.8, 0.8];
    const tiers = radioTiers(context, similarity, before)?.([]) ?? [];
    expect(admits(tiers, candidate('far'))).toBe(true);
    const mean = (5 * 0.8 + 0.3) / 6;
    expect(mean / 0.8).toBeGreaterThanOrEqual(adherenceFloor(DEFAULT_ADVENTUROUS));
    // Heard tracks far from the seed leave no such room.
    const wandering = radioTiers(context, similarity, [0.3, 0.3])?.([]) ?? [];
    expect(admits(wandering, candidate('far'))).toBe(false);
    // Then the closest track there is takes the place.
    expect('key' in (wandering.at(-1) ?? {})).toBe(true);
  });

  it('is 0.8 at the default setting: at least 0.8 of any ranking’s adherence', () => {
    expect(adherenceFloor(DEFAULT_ADVENTUROUS)).toBeCloseTo(0.8, 6);
    expect(adherenceFloor(0)).toBeGreaterThan(adherenceFloor(1));
    expect(seedAdherence([0.8, 0.3], [0.8, 0.8, 0.3], 2)).toBeCloseTo(1.1 / 1.6, 6);
  });

  it('does not apply when NeuMF ranks alone', () => {
    expect(radioTiers({ ...context, mode: 'cf' }, similarity)).toBeUndefined();
  });
});
