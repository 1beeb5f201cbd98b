import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../src/main/engine-host/throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Throttle', () => {
  it('sends the first value at once and then at most one per interval, always the latest', () => {
    const sent: number[] = [];
    const throttle = new Throttle<number>((v) => sent.push(v), { intervalMs: 100 });
    throttle.push(1);
    for (let v = 2; v <= 50; v++) throttle.push(v);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 50]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([1, 50]);
  });

  it('keeps to about ten a second over a long stream', () => {
    const sent: number[] = [];
    const throttle = new Throttle<number>((v) => sent.push(v), { intervalMs: 100 });
    for (let ms = 0; ms < 2_000; ms += 5) {
      throttle.push(ms);
      vi.advanceTimersByTime(5);
    }
    throttle.flush();
    expect(sent.length).toBeGreaterThanOrEqual(19);
    expect(sent.length).toBeLessThanOrEqual(22);
    expect(sent.at(-1)).toBe(1_995);
  });

  it('flush sends what is waiting now; cancel drops it', () => {
    const sent: string[] = [];
    const throttle = new Throttle<string>((v) => sent.push(v), { intervalMs: 100 });
    throttle.push('a');
    throttle.push('b');
    throttle.flush();
    expect(sent).toEqual(['a', 'b']);
    throttle.push('c');
    throttle.cancel();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['a', 'b']);
  });

  it("sends a step's last value before the first of the next step", () => {
    const sent: string[] = [];
    const throttle = new Throttle<string>((v) => sent.push(v), {
      intervalMs: 100,
      sameStep: (a, b) => a[0] === b[0],
    });
    throttle.push('a1');
    throttle.push('a2');
    throttle.push('a3');
    throttle.push('b1');
    throttle.push('b2');
    expect(sent).toEqual(['a1', 'a3']);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['a1', 'a3', 'b2']);
  });
});
