/**
 * Resident memory of this process and all its descendants (analysis workers, their ffmpeg
 * children), read from /proc. Linux only; elsewhere it reports this process alone.
 * Shared pages count once per process, so the sum errs on the high side.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** The direct children of a process, from /proc (empty where it cannot be read). */
export function childPidsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

function rssBytes(pid: number): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * 4096;
  } catch {
    return 0;
  }
}

/** RSS of this process plus every descendant, in bytes. */
export function treeRss(): number {
  if (process.platform !== 'linux') return process.memoryUsage().rss;
  let total = 0;
  const queue = [process.pid];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += rssBytes(pid);
    queue.push(...childPidsOf(pid));
  }
  return total;
}

/** Samples treeRss() every `ms` and keeps the peak. */
export function peakSampler(ms = 250): { peak: () => number; stop: () => void } {
  let peak = treeRss();
  const timer = setInterval(() => (peak = Math.max(peak, treeRss())), ms);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}
