import { describe, expect, it } from 'vitest';
import {
  fullCatalogueRank,
  hitAt,
  meanMetrics,
  ndcgAt,
  sampledRanks,
} from '../../src/main/engine/eval/cf/metrics';

describe('HR@10 and NDCG@10', () => {
  it('score known ranks by hand', () => {
    expect([0, 9, 10, 50].map((r) => hitAt(r))).toEqual([1, 1, 0, 0]);
    expect(ndcgAt(0)).toBe(1);
    expect(ndcgAt(2)).toBe(0.5);
    expect(ndcgAt(9)).toBeCloseTo(1 / Math.log2(11), 12);
    expect(ndcgAt(10)).toBe(0);
    // Ranks 0, 2 and 10: two hits of three; NDCG (1 + 1/2 + 0) / 3.
    expect(meanMetrics([0, 2, 10])).toEqual({ hr10: 2 / 3, ndcg10: 0.5 });
  });

  it('rank a held-out item against its sampled negatives, ties against it', () => {
    const scores = Float32Array.of(
      // held-out 0.5: one negative above, one tied, one below → rank 2
      0.5,
      0.9,
      0.5,
      0.1,
      // held-out 0.7 above all → rank 0
      0.7,
      0.1,
      0.2,
      0.3,
      // held-out 0 below all → rank 3
      0,
      0.1,
      0.2,
      0.3,
    );
    expect([...sampledRanks(scores, 4)]).toEqual([2, 0, 3]);
  });

  it("rank against the full catalogue without the user's training items", () => {
    const scores = Float32Array.of(0.9, 0.8, 0.7, 0.6, 0.95, 0.7);
    // Item 2 is held out; items 0 and 4 (trained on) score higher but do not compete;
    // item 1 is above it and item 5 ties with it.
    expect(fullCatalogueRank(scores, 2, Int32Array.of(0, 4))).toBe(2);
    expect(fullCatalogueRank(scores, 2, new Int32Array(0))).toBe(4);
    expect(fullCatalogueRank(scores, 4, Int32Array.of(0, 1, 2, 3, 5))).toBe(0);
  });
});
