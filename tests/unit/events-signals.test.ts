import { describe, expect, it } from 'vitest';
import type { EventEnd } from '../../src/shared/events';
import {
  classify,
  PLAY_MIN_MS,
  SKIP_HALF_LIFE_DAYS,
  SKIP_MAX_MS,
  trackSignals,
} from '../../src/main/engine/events/signals';
import { makeEvent, T0, trackId } from '../helpers/events';

const S = 1_000;
const DAY = 86_400_000;

function heard(msPlayed: number, durationMs: number, end: EventEnd = 'next') {
  return classify(makeEvent({ msPlayed, durationMs, end }));
}

describe('classify', () => {
  it('a skip ends at 30 s on a track where 20 % is less', () => {
    // 120 s track: 20 % is 24 s, so 30 s is the threshold.
    expect(heard(SKIP_MAX_MS - 1, 120 * S)).toBe('skip');
    expect(heard(SKIP_MAX_MS, 120 * S)).toBe('partial');
  });

  it('a skip ends at 20 % on a track where that is more than 30 s', () => {
    // 300 s track: 20 % is 60 s.
    expect(heard(30 * S, 300 * S)).toBe('skip');
    expect(heard(60 * S - 1, 300 * S)).toBe('skip');
    expect(heard(60 * S, 300 * S)).toBe('partial');
  });

  it('a play starts at half the track', () => {
    expect(heard(150 * S - 1, 300 * S)).toBe('partial');
    expect(heard(150 * S, 300 * S)).toBe('play');
    // On a 40 s track half is 20 s, which beats the 30 s skip threshold.
    expect(heard(20 * S, 40 * S)).toBe('play');
  });

  it('a play starts at 4 minutes on a long track', () => {
    expect(heard(PLAY_MIN_MS - 1, 600 * S)).toBe('partial');
    expect(heard(PLAY_MIN_MS, 600 * S)).toBe('play');
  });

  it('only next and previous are skips; stop, quit and error say nothing when short', () => {
    expect(heard(5 * S, 300 * S, 'previous')).toBe('skip');
    for (const end of ['stopped', 'quit', 'error'] as const) {
      expect(heard(5 * S, 300 * S, end)).toBe('neutral');
      expect(heard(100 * S, 300 * S, end)).toBe('partial');
      expect(heard(200 * S, 300 * S, end)).toBe('play');
    }
    expect(heard(10 * S, 300 * S, 'finished')).toBe('partial');
    expect(heard(300 * S, 300 * S, 'finished')).toBe('play');
  });
});

describe('trackSignals', () => {
  const now = new Date(T0 + 100 * DAY);
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
  const play = (track: number, daysAgo: number) =>
    makeEvent({ track: trackId(track), startedAt: at(daysAgo), msPlayed: 200 * S });
  const skip = (track: number, daysAgo: number) =>
    makeEvent({ track: trackId(track), startedAt: at(daysAgo), msPlayed: 5 * S, end: 'next' });
  const partial = (track: number, daysAgo: number) =>
    makeEvent({ track: trackId(track), startedAt: at(daysAgo), msPlayed: 60 * S, end: 'next' });

  it('counts each kind and keeps the latest play and skip, whatever the order', () => {
    const signals = trackSignals(
      [play(1, 3), skip(1, 9), play(1, 1), partial(1, 2), skip(1, 4)],
      now,
    );
    expect(signals.get(trackId(1))).toMatchObject({
      plays: 2,
      skips: 2,
      partials: 1,
      lastPlayedAt: at(1),
      lastSkippedAt: at(4),
    });
    expect(signals.get(trackId(2))).toBeUndefined();
  });

  it('weighs more plays more, with diminishing returns', () => {
    const events = [
      play(1, 1),
      play(2, 1),
      play(2, 2),
      play(2, 3),
      ...Array.from({ length: 7 }, (_, i) => play(3, i)),
    ];
    const signals = trackSignals(events, now);
    const w = (track: number) => signals.get(trackId(track))?.weight ?? Number.NaN;
    expect(w(2)).toBeGreaterThan(w(1));
    expect(w(3)).toBeGreaterThan(w(2));
    // Gains shrink: going from 3 to 7 plays adds no more than going from 1 to 3.
    expect(w(3) - w(2)).toBeLessThanOrEqual(w(2) - w(1) + 1e-9);
  });

  it('counts a partial as less than a play and more than nothing', () => {
    const signals = trackSignals([play(1, 1), partial(2, 1), skip(3, 1), skip(3, 1)], now);
    const partialWeight = signals.get(trackId(2))?.playWeight ?? Number.NaN;
    expect(partialWeight).toBeGreaterThan(0);
    expect(partialWeight).toBeLessThan(signals.get(trackId(1))?.playWeight ?? Number.NaN);
    expect(signals.get(trackId(3))?.playWeight).toBe(0);
  });

  it('weighs a recent skip more than an old one, halving every half-life', () => {
    const signals = trackSignals(
      [skip(1, 1), skip(2, 60), skip(3, SKIP_HALF_LIFE_DAYS), skip(4, 0)],
      now,
    );
    const recent = signals.get(trackId(1));
    const old = signals.get(trackId(2));
    expect(recent?.skipWeight).toBeGreaterThan(old?.skipWeight ?? Number.POSITIVE_INFINITY);
    expect(recent?.weight).toBeLessThan(old?.weight ?? Number.NEGATIVE_INFINITY);
    expect(recent?.weight).toBeLessThan(0);
    const fresh = signals.get(trackId(4))?.skipWeight ?? Number.NaN;
    expect(signals.get(trackId(3))?.skipWeight).toBeCloseTo(fresh / 2, 9);
  });

  it('lets plays outweigh an old skip but not a burst of recent ones', () => {
    const loved = [play(1, 30), play(1, 20), play(1, 10), skip(1, 40)];
    const soured = [play(2, 30), skip(2, 0.5), skip(2, 0.2), skip(2, 0.1)];
    const signals = trackSignals([...loved, ...soured], now);
    expect(signals.get(trackId(1))?.weight).toBeGreaterThan(0);
    expect(signals.get(trackId(2))?.weight).toBeLessThan(0);
  });

  it('weighs a skip logged after now as a skip made now', () => {
    const signals = trackSignals([skip(1, -3), skip(2, 0)], now);
    expect(signals.get(trackId(1))?.skipWeight).toBe(signals.get(trackId(2))?.skipWeight);
  });
});
