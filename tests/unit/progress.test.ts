import { describe, expect, it } from 'vitest';
import { etaSeconds, throttled, type JobProgress } from '../../src/main/engine/jobs/job-progress';
import { ProgressReporter } from '../../src/main/engine/jobs/progress';
import type { ScanProgress } from '../../src/shared/library';

describe('ProgressReporter', () => {
  it('throttles reports and estimates the time left from the rate so far', () => {
    let t = 0;
    const seen: ScanProgress[] = [];
    const reporter = new ProgressReporter(
      10,
      (p) => seen.push(p),
      () => t,
    );
    reporter.emit(null, true);
    expect(seen[0]).toMatchObject({ done: 0, total: 10, etaSeconds: null });
    t = 50;
    reporter.advance(1, 'a');
    expect(seen).toHaveLength(1);
    t = 2000;
    reporter.advance(1, 'b');
    expect(seen).toHaveLength(2);
    // 2 done in 2 s: 8 left at 1 per second.
    expect(seen[1]).toMatchObject({ done: 2, current: 'b', etaSeconds: 8 });
  });
});

describe('throttled job progress', () => {
  it('passes the first and last event of a run and at most one every 100 ms between', () => {
    let t = 0;
    const seen: JobProgress[] = [];
    const listener = throttled(
      (p) => seen.push(p),
      () => t,
    );
    const step = (done: number): void =>
      listener?.({ job: 're-embed', done, total: 5, etaSeconds: null });
    step(0);
    t = 10;
    step(1);
    t = 50;
    step(2);
    t = 150;
    step(3);
    t = 160;
    step(4);
    step(5);
    expect(seen.map((p) => p.done)).toEqual([0, 3, 5]);
    expect(throttled(undefined)).toBeUndefined();
  });

  it('estimates the time left from the mean rate', () => {
    expect(etaSeconds(0, 10, 0, 5000)).toBeNull();
    expect(etaSeconds(2, 10, 0, 4000)).toBe(16);
  });
});
