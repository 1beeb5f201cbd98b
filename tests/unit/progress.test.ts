import { describe, expect, it } from 'vitest';
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
