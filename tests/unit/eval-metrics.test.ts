import { describe, expect, it } from 'vitest';
import { parseLabels } from '../../src/main/engine/eval/corpus-labels';
import {
  chanceScores,
  rankingScores,
  retrievalScores,
  zScore,
} from '../../src/main/engine/eval/retrieval-metrics';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('retrieval metrics', () => {
  it('scores one ranking as worked out by hand', () => {
    // Relevant at ranks 1, 3 and 6 of 10; 4 relevant in all (one never retrieved).
    const relevant = [true, false, true, false, false, true, false, false, false, false];
    const s = rankingScores(relevant, 4);
    expect(s.p5).toBeCloseTo(2 / 5, 12);
    expect(s.p10).toBeCloseTo(3 / 10, 12);
    expect(s.ap).toBeCloseTo((1 / 1 + 2 / 3 + 3 / 6) / 4, 12);
  });

  it('counts missing ranks as misses when fewer items than k exist', () => {
    const s = rankingScores([true, true, false], 2);
    expect(s.p5).toBeCloseTo(2 / 5, 12);
    expect(s.p10).toBeCloseTo(2 / 10, 12);
    expect(s.ap).toBe(1);
  });

  it('averages every item querying the others by cosine', () => {
    // Two tight pairs on perpendicular axes, labelled so that one pair is mixed.
    const vectors = [v(1, 0), v(0.9, 0.1), v(0, 1), v(0.1, 0.9)];
    const labels = ['a', 'a', 'b', 'a'];
    // Query 0 ranks 1, 3, 2: relevant 1 and 3 at ranks 1 and 2 → AP 1.
    // Query 1 ranks 0, 3, 2: AP 1. Query 3 ranks 2, 1, 0: relevant 1 and 0 at ranks 2 and 3
    // → AP (1/2 + 2/3) / 2. Query 2 (label b) has no other b: no AP.
    const s = retrievalScores(vectors, labels);
    expect(s.map).toBeCloseTo((1 + 1 + (1 / 2 + 2 / 3) / 2) / 3, 12);
    // P@5 over 3 candidates: hits / 5 per query: 2, 2, 0, 2.
    expect(s.p5).toBeCloseTo((2 + 2 + 0 + 2) / 5 / 4, 12);
  });

  it('gives a perfect ranking mAP 1 and P@k capped by the class size', () => {
    const labels = ['x', 'x', 'x', 'y', 'y', 'y'];
    const vectors = labels.map((l, i) => (l === 'x' ? v(1, 0.01 * i) : v(0.01 * i, 1)));
    const s = retrievalScores(vectors, labels);
    expect(s.map).toBe(1);
    expect(s.p5).toBeCloseTo(2 / 5, 12);
  });

  it('z-scores each dimension over the set', () => {
    const z = zScore([v(1, 5), v(3, 5), v(5, 5)]);
    expect(Array.from(z.map((x) => x[0]))).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    expect(z.every((x) => x[1] === 0)).toBe(true);
  });

  it('puts chance near the share of same-label items', () => {
    const labels = Array.from({ length: 60 }, (_, i) => `l${i % 3}`);
    const s = chanceScores(labels);
    // A random ranking retrieves 19 relevant of 59 in any prefix, on average.
    expect(s.p10).toBeGreaterThan(19 / 59 - 0.05);
    expect(s.p10).toBeLessThan(19 / 59 + 0.05);
  });
});

describe('corpus labels', () => {
  it('reads path and soundtrack columns, resolving paths against the corpus', () => {
    const text = 'path\tsoundtrack\tduration_s\nx/a.ogg\tx\t60\ny/b.ogg\ty\t70\n';
    expect(parseLabels(text, '/corpus')).toEqual([
      { path: '/corpus/x/a.ogg', label: 'x' },
      { path: '/corpus/y/b.ogg', label: 'y' },
    ]);
    expect(() => parseLabels('file\tgenre\n', '/c')).toThrow(/header/);
    expect(() => parseLabels('path\tlabel\na.ogg\t\n', '/c')).toThrow(/line 2/);
  });
});
