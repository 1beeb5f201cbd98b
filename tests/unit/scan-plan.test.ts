import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, planScan, rootOf } from '../../src/main/engine/jobs/scan-plan';
import type { KnownFile } from '../../src/main/engine/store/types';

const V = 'cnn1-aaaaaaaaaaaa';
const known = (entries: Record<string, Partial<KnownFile>>): Map<string, KnownFile> =>
  new Map(
    Object.entries(entries).map(([path, k], i) => [
      path,
      {
        id: `id${i}`,
        size: 10,
        mtimeMs: 1000,
        status: 'analysed',
        modelVersion: V,
        analysisVersion: ANALYSIS_VERSION,
        ...k,
      },
    ]),
  );
const file = (path: string, size = 10, mtimeMs = 1000) => ({ path, size, mtimeMs });

describe('planScan', () => {
  it('skips unchanged files and re-analyses changed ones', () => {
    const plan = planScan(
      ['/m'],
      [file('/m/a.mp3'), file('/m/b.mp3', 11), file('/m/c.mp3', 10, 2000)],
      known({ '/m/a.mp3': {}, '/m/b.mp3': {}, '/m/c.mp3': {} }),
      [],
      V,
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.todo.map((f) => f.path)).toEqual(['/m/b.mp3', '/m/c.mp3']);
  });

  it('re-analyses a file whose vector came from another model, but not a known failure', () => {
    const plan = planScan(
      ['/m'],
      [file('/m/old.mp3'), file('/m/bad.mp3'), file('/m/lost.mp3')],
      known({
        '/m/old.mp3': { modelVersion: 'cnn1-bbbbbbbbbbbb' },
        '/m/bad.mp3': { status: 'failed', modelVersion: null },
        '/m/lost.mp3': { modelVersion: null },
      }),
      [],
      V,
    );
    expect(plan.todo.map((f) => f.path)).toEqual(['/m/old.mp3', '/m/lost.mp3']);
    expect(plan.unchanged).toBe(1);
  });

  it('removes only vanished files under the scanned roots and outside unreadable folders', () => {
    const plan = planScan(
      ['/m'],
      [file('/m/keep.mp3')],
      known({
        '/m/keep.mp3': {},
        '/m/gone.mp3': { id: 'gone' },
        '/m/locked/x.mp3': { id: 'locked' },
        '/other/y.mp3': { id: 'other' },
        '/mx/z.mp3': { id: 'sibling' },
      }),
      ['/m/locked'],
      V,
    );
    expect(plan.removedIds).toEqual(['gone']);
  });

  it('analyses again a row an older analysis made, a failure included', () => {
    const plan = planScan(
      ['/m'],
      [file('/m/old.ogg'), file('/m/old-bad.ogg'), file('/m/new.ogg')],
      known({
        '/m/old.ogg': { analysisVersion: ANALYSIS_VERSION - 1 },
        '/m/old-bad.ogg': { analysisVersion: ANALYSIS_VERSION - 1, status: 'failed' },
        '/m/new.ogg': {},
      }),
      [],
      V,
    );
    expect(plan.todo.map((f) => f.path)).toEqual(['/m/old.ogg', '/m/old-bad.ogg']);
  });
});

describe('rootOf', () => {
  it('gives the deepest library folder holding a path, or null', () => {
    expect(rootOf('/m/a/b.ogg', ['/m', '/m/a', '/n'])).toBe('/m/a');
    expect(rootOf('/m/x.ogg', ['/m', '/m/a'])).toBe('/m');
    expect(rootOf('/mx/y.ogg', ['/m'])).toBeNull();
  });
});
