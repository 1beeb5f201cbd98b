/** Linux process facts from /proc, for tests and benches that supervise real processes. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** Whether /proc can tell children and memory (Linux). */
export const hasProc = existsSync('/proc/self/task');

/** The pids of a process's direct children. */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text !== '') pids.push(...text.split(/\s+/).map(Number));
  }
  return pids;
}

/** The resident set size of a process in bytes, or null once it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line === undefined ? null : Number(line.replace(/\D+/g, '')) * 1024;
  } catch {
    return null;
  }
}

/** Whether a process still runs (and is not a zombie). */
export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
