import { mkdir, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MelCache } from '../../src/main/engine/audio/mel-cache';
import { Engine } from '../../src/main/engine/engine';
import { trackIdFor } from '../../src/main/engine/store/track-id';
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

  it('caches every analysed track’s log-mel, from which the same model gives the stored vector', async () => {
    const cache = new MelCache(engine.store.dataDir);
    const embedder = await engine.audioEmbedder();
    for (const path of paths.values()) {
      const id = trackIdFor(path);
      const mel = await cache.read(id);
      expect(mel, path).not.toBeNull();
      if (mel === null) continue;
      // Six seconds is under the 24 s that three excerpts need: one excerpt, the whole file.
      expect(mel.excerptFrames).toEqual([mel.frames]);
      const stored = await engine.store.vector(id);
      expect(stored?.modelVersion).toBe(embedder.version);
      // The scan embedded what it cached: a re-embedding from the cache changes nothing (up to
      // float rounding, should a backend sum a batch in another order).
      const again = embedder.embed([mel])[0] ?? new Float32Array(0);
      expect(again).toHaveLength(stored?.vector.length ?? -1);
      again.forEach((v, d) => expect(Math.abs(v - (stored?.vector[d] ?? NaN))).toBeLessThan(1e-6));
    }
    for (const path of [bad.zero, bad.text, bad.truncated]) {
      expect(await cache.has(trackIdFor(path ?? ''))).toBe(false);
    }
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

  it('drops deleted files with their cached log-mel, and re-analyses touched ones', async () => {
    const cache = new MelCache(engine.store.dataDir);
    const noise = trackIdFor(paths.get('noise') ?? '');
    expect(await cache.has(noise)).toBe(true);
    // What a scan killed between caching a log-mel and storing its track leaves behind.
    const orphan = '0123456789abcdef';
    await mkdir(join(cache.dir, '01'), { recursive: true });
    await writeFile(cache.pathOf(orphan), 'left by a killed scan');
    await unlink(paths.get('noise') ?? '');
    const later = new Date(Date.now() + 5000);
    await utimes(paths.get('mid') ?? '', later, later);
    const summary = await engine.scan([music]);
    expect(summary).toMatchObject({ removed: 1, analysed: 1, tracks: GOOD.length + 2 });
    await expect(engine.findTrack(paths.get('noise') ?? '')).rejects.toThrow(/unknown track/);
    expect(await cache.has(noise)).toBe(false);
    expect(await cache.has(orphan)).toBe(false);
    expect(await cache.has(trackIdFor(paths.get('mid') ?? ''))).toBe(true);
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
        if (p.job === 'scan' && p.phase === 'analyse' && p.done >= 2) controller.abort();
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
