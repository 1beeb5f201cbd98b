import { rm, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { tempDir } from '../helpers/synth';
import { writeBadFiles, writeLibrary, type LibraryFile } from '../helpers/library';

const GOOD: LibraryFile[] = [
  { name: 'a440', format: 'mp3', signal: { kind: 'sine', freq: 440 } },
  { name: 'a440-lossless', format: 'flac', signal: { kind: 'sine', freq: 440 } },
  { name: 'noise', format: 'ogg', signal: { kind: 'noise', seed: 7 } },
  { name: 'clicks', format: 'opus', signal: { kind: 'clicks', bpm: 120 } },
  { name: 'chord', format: 'm4a', signal: { kind: 'chord', freqs: [220, 277, 330] } },
  { name: 'low', format: 'm4a-alac', signal: { kind: 'sine', freq: 110 } },
  { name: 'high', format: 'wav', signal: { kind: 'sine', freq: 3000 } },
  { name: 'mid', format: 'aiff', signal: { kind: 'sine', freq: 1000 } },
  { name: 'Björk – Jóga 🎵 坂本', format: 'mp3', signal: { kind: 'sine', freq: 660 } },
];

describe('scan pipeline (real ffmpeg, Meyda, TF.js, LanceDB)', () => {
  let root: string;
  let music: string;
  let paths: Map<string, string>;
  let bad: Record<string, string>;
  let engine: Engine;

  beforeAll(async () => {
    root = await tempDir();
    music = join(root, 'music');
    paths = await writeLibrary(music, GOOD);
    bad = await writeBadFiles(music, paths.get('a440') ?? '');
    engine = await Engine.open({ dataDir: join(root, 'data'), workers: 2 });
  });

  afterAll(async () => {
    await engine.close();
    await rm(root, { recursive: true, force: true });
  });

  it('analyses every format, reports every bad file, and finishes', async () => {
    const summary = await engine.scan([music]);
    expect(summary.analysed).toBe(GOOD.length);
    const failedPaths = summary.failed.map((f) => f.path);
    expect(failedPaths).toEqual(expect.arrayContaining([bad.zero, bad.text, bad.truncated]));
    expect(summary.failed.find((f) => f.path.startsWith(bad.loop ?? '-'))?.reason).toMatch(/loop/);
    for (const f of summary.failed) expect(f.reason.length).toBeGreaterThan(3);
    expect(summary.tracks).toBe(GOOD.length + 3);
    expect(summary.removed).toBe(0);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(summary.backend);
    const status = await engine.status();
    expect(status).toMatchObject({ total: GOOD.length + 3, analysed: GOOD.length, failed: 3 });
    const unicode = await engine.findTrack(paths.get('Björk – Jóga 🎵 坂本') ?? '');
    expect(unicode.title).toBe('Björk – Jóga 🎵 坂本');
  });

  it('finds the same signal in another codec nearest', async () => {
    const similar = await engine.similar(paths.get('a440') ?? '', 5);
    expect(similar).toHaveLength(5);
    expect(similar[0]?.title).toBe('a440-lossless');
    expect(similar.map((s) => s.path)).not.toContain(paths.get('a440'));
    for (let i = 1; i < similar.length; i++)
      expect(similar[i - 1]!.score).toBeGreaterThanOrEqual(similar[i]!.score);
  });

  it('analyses nothing the second time', async () => {
    const again = await engine.scan([music]);
    expect(again).toMatchObject({ analysed: 0, unchanged: GOOD.length + 3, removed: 0 });
  });

  it('drops deleted files and re-analyses touched ones', async () => {
    await unlink(paths.get('noise') ?? '');
    const later = new Date(Date.now() + 5000);
    await utimes(paths.get('mid') ?? '', later, later);
    const summary = await engine.scan([music]);
    expect(summary).toMatchObject({ removed: 1, analysed: 1, tracks: GOOD.length + 2 });
    await expect(engine.findTrack(paths.get('noise') ?? '')).rejects.toThrow(/unknown track/);
  });

  it('stops on cancel and keeps what it stored', async () => {
    const extra = join(root, 'more');
    await writeLibrary(
      extra,
      Array.from({ length: 12 }, (_, i) => ({
        name: `extra-${i}`,
        format: 'ogg' as const,
        signal: { kind: 'sine' as const, freq: 200 + 50 * i },
      })),
    );
    const controller = new AbortController();
    const scanning = engine.scan([extra], {
      signal: controller.signal,
      batchSize: 2,
      onProgress: (p) => {
        if (p.phase === 'analyse' && p.done >= 2) controller.abort();
      },
    });
    await expect(scanning).rejects.toThrow();
    const resumed = await engine.scan([extra]);
    expect(resumed.unchanged).toBeGreaterThanOrEqual(2);
    expect(resumed.analysed).toBeGreaterThan(0);
    expect(resumed.unchanged + resumed.analysed).toBe(12);
    expect(resumed.failed).toEqual([]);
  });
});
