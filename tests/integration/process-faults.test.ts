/**
 * kill -9 in the middle of a scan, a history import and playlist saves (a few seeded points of
 * bench/faults.ts, which runs fifty over these and both trainings): after each, the store opens
 * with no damage found, nothing acknowledged is missing, and the same work run again completes.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killPoint, prepareFaultBed, type FaultBed, type FaultOp } from '../helpers/kill-points';
import { tempDir } from '../helpers/synth';

let root = '';
let bed: FaultBed;

beforeAll(async () => {
  root = await tempDir('deepcut-process-faults-');
  bed = await prepareFaultBed(root);
}, 300_000);
afterAll(() => rm(root, { recursive: true, force: true }));

// Kill delays drawn from [0, ms] after the work starts: short enough to land inside the work
// on a quick machine (a slow one only moves the kill earlier in it).
const POINTS: readonly (readonly [FaultOp, number, number])[] = [
  ['scan', 11, 2_000],
  ['import-history', 12, 400],
  ['playlists', 13, 1_500],
  ['train-cf', 14, 1_500],
];

describe('a process killed with SIGKILL mid-work', () => {
  it.each(POINTS)(
    'during %s (seed %i) loses nothing acknowledged',
    async (op, seed, ms) => {
      const point = await killPoint(op, seed, bed, ms);
      expect(point.problems).toEqual([]);
      expect(Number.isFinite(point.nextRunMs)).toBe(true);
    },
    180_000,
  );
});
