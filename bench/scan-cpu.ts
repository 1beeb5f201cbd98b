/**
 * CPU time of this process and its descendants, read from /proc (Linux; elsewhere this process
 * alone), so a scan's cost can be split into the engine, its analysis workers and their ffmpeg
 * children. CPU time is what a shared, loaded machine changes least: wall time stretches with the
 * load, the work a file needs does not.
 */
import { readFileSync } from 'node:fs';
import { childPidsOf } from './tree-rss';

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

type Ticks = Readonly<{ self: number; children: number; comm: string }>;

function ticksOf(pid: number): Ticks | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after "pid (comm) ".
    const n = (i: number): number => Number(f[i]);
    return { self: n(11) + n(12), children: n(13) + n(14), comm };
  } catch {
    return null;
  }
}

/** CPU milliseconds this process has used, and its children that it has reaped. */
export function ownCpuMs(): { self: number; reaped: number } {
  const t = process.platform === 'linux' ? ticksOf(process.pid) : null;
  if (t === null) {
    const u = process.cpuUsage();
    return { self: (u.user + u.system) / 1000, reaped: 0 };
  }
  return { self: t.self * TICK_MS, reaped: t.children * TICK_MS };
}

/**
 * Follows this process's direct children (the analysis workers) while they live, keeping the
 * latest reading of each: their own CPU, and what their reaped children (ffmpeg) used. When the
 * workers are gone, the totals are those readings (up to one interval short per worker).
 */
export function workerCpuSampler(ms = 250): {
  totals: () => { workersMs: number; ffmpegMs: number };
  stop: () => void;
} {
  const latest = new Map<number, Ticks>();
  const sample = (): void => {
    if (process.platform !== 'linux') return;
    for (const pid of childPidsOf(process.pid)) {
      const t = ticksOf(pid);
      if (t !== null) latest.set(pid, t);
    }
  };
  const timer = setInterval(sample, ms);
  return {
    totals: () => {
      let workersMs = 0;
      let ffmpegMs = 0;
      for (const t of latest.values()) {
        workersMs += t.self * TICK_MS;
        ffmpegMs += t.children * TICK_MS;
      }
      return { workersMs, ffmpegMs };
    },
    stop: () => {
      sample();
      clearInterval(timer);
    },
  };
}
