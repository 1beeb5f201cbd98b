import { describe, expect, it } from 'vitest';
import { planExcerpts } from '../../src/main/engine/audio/excerpts';
import { EXCERPT_CENTRES, EXCERPT_SECONDS } from '../../src/main/engine/audio/params';

const TOTAL = EXCERPT_SECONDS * EXCERPT_CENTRES.length;

describe('planExcerpts', () => {
  it('centres one excerpt at each fraction of a long track', () => {
    const duration = 300;
    const plan = planExcerpts(duration);
    expect(plan).toHaveLength(EXCERPT_CENTRES.length);
    plan.forEach((excerpt, i) => {
      expect(excerpt.seconds).toBe(EXCERPT_SECONDS);
      expect(excerpt.startSec + excerpt.seconds / 2).toBeCloseTo(
        (EXCERPT_CENTRES[i] ?? NaN) * duration,
        9,
      );
    });
  });

  it('keeps every excerpt inside the track and in order, for any duration above the total', () => {
    for (let duration = TOTAL + 0.5; duration < 4 * TOTAL; duration += 0.75) {
      const plan = planExcerpts(duration);
      expect(plan).toHaveLength(EXCERPT_CENTRES.length);
      let previousStart = -1;
      for (const excerpt of plan) {
        expect(excerpt.startSec).toBeGreaterThanOrEqual(0);
        expect(excerpt.startSec + excerpt.seconds).toBeLessThanOrEqual(duration + 1e-9);
        expect(excerpt.startSec).toBeGreaterThan(previousStart);
        previousStart = excerpt.startSec;
      }
    }
  });

  it('takes a track no longer than the excerpts together whole', () => {
    expect(planExcerpts(12.5)).toEqual([{ startSec: 0, seconds: 12.5 }]);
    expect(planExcerpts(TOTAL)).toEqual([{ startSec: 0, seconds: TOTAL }]);
  });

  it('reads the total excerpt length from the start when the duration is unknown', () => {
    for (const unknown of [null, 0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(planExcerpts(unknown)).toEqual([{ startSec: 0, seconds: TOTAL }]);
    }
  });
});
