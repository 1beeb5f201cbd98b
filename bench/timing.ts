/** Timing helpers shared by the benchmarks: percentiles and repeated timed calls. */

/** The `p` quantile (0..1) of ascending `sorted` values, NaN when there are none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** Seconds since `start` (a performance.now() reading), for a log line. */
export const seconds = (start: number): string =>
  `${((performance.now() - start) / 1000).toFixed(1)} s`;

/** Runs `f` `count` times in a row, prints p50 and p95 under `label`, returns the results. */
export async function timed<T>(
  label: string,
  count: number,
  f: (i: number) => Promise<T>,
  width = 34,
): Promise<T[]> {
  const times: number[] = [];
  const results: T[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    results.push(await f(i));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 0.5).toFixed(1);
  const p95 = percentile(times, 0.95).toFixed(1);
  console.log(`${label.padEnd(width)} p50 ${p50.padStart(8)} ms   p95 ${p95.padStart(8)} ms`);
  return results;
}
