import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { runCliProcess, startCli } from '../helpers/cli';
import { writeBadFiles, writeLibrary } from '../helpers/library';
import { tempDir } from '../helpers/synth';

describe('deepcut CLI', () => {
  let root: string;
  let music: string;
  let data: string;
  let first: string;

  beforeAll(async () => {
    root = await tempDir();
    music = join(root, 'music');
    data = join(root, 'data');
    const paths = await writeLibrary(music, [
      { name: 'one', format: 'mp3', signal: { kind: 'sine', freq: 330 } },
      { name: 'two', format: 'flac', signal: { kind: 'sine', freq: 330 } },
      { name: 'three', format: 'ogg', signal: { kind: 'noise' } },
    ]);
    first = paths.get('one') ?? '';
    await writeBadFiles(music, first);
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('scan --json prints exactly one JSON object of the documented shape, and exits 0 despite bad files', async () => {
    const r = await runCliProcess(['scan', music, '--data', data, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual([
      'analysed',
      'backend',
      'failed',
      'reembedded',
      'removed',
      'seconds',
      'tracks',
      'train',
      'unchanged',
    ]);
    expect(out).toMatchObject({
      tracks: 6,
      analysed: 3,
      unchanged: 0,
      removed: 0,
      reembedded: 0,
      train: null,
    });
    expect(out.failed).toHaveLength(4); // zero-byte, text-as-flac, truncated, symlink loop
    for (const f of out.failed as { path: unknown; reason: unknown }[]) {
      expect(typeof f.path).toBe('string');
      expect(typeof f.reason).toBe('string');
    }
    expect(typeof out.seconds).toBe('number');
    expect(['wasm', 'cpu', 'tensorflow']).toContain(out.backend);
  });

  it('status --json reports counts, folders, data folder, backend and model', async () => {
    const r = await runCliProcess(['status', '--json'], { DEEPCUT_DATA: data });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ total: 6, analysed: 3, failed: 3, dataDir: data, folders: [music] });
    expect(String(s.modelVersion)).toMatch(/^cnn/);
  });

  it('similar --json lists the nearest tracks without the seed', async () => {
    const r = await runCliProcess(['similar', first, '-n', '2', '--data', data, '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(2);
    expect(Object.keys(list[0] ?? {}).sort()).toEqual([
      'album',
      'artist',
      'id',
      'path',
      'score',
      'title',
    ]);
    expect(list[0]?.title).toBe('two');
    expect(list.map((e) => e.path)).not.toContain(first);
  });

  it.each([
    ['a missing folder', ['scan', '/no/such/folder']],
    ['a bad flag', ['status', '--frobnicate']],
    ['an unknown track', ['similar', '/no/such/track.mp3']],
    ['a bad -n', ['similar', 'x', '-n', 'zero']],
    ['an unknown command', ['dance']],
  ])('exits 2 with one line on stderr for %s', async (_label, args) => {
    const r = await runCliProcess([...args, '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^deepcut: /);
  });

  it('decodes with the ffmpeg --ffmpeg names, and reports files it cannot decode', async () => {
    const r = await runCliProcess([
      'scan',
      music,
      '--data',
      join(root, 'other-data'),
      '--ffmpeg',
      join(root, 'no-ffmpeg'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { analysed: number; failed: { reason: string }[] };
    expect(out.analysed).toBe(0);
    // Three good files, the text file and the truncated mp3 reach ffmpeg; the empty file does not.
    expect(out.failed.filter((f) => /ffmpeg/.test(f.reason))).toHaveLength(5);
  });

  it('exits 2 when the data folder cannot be written', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const r = await runCliProcess(['status', '--data', join(file, 'data')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/data folder/);
  });

  it('resumes after kill -9 in the middle of a scan, with the store intact', async () => {
    const big = join(root, 'big');
    const killData = join(root, 'kill-data');
    // More tracks than one commit (64) holds, so the kill lands between commits.
    const n = 200;
    await writeLibrary(
      big,
      Array.from({ length: n }, (_, i) => ({
        name: `t${i}`,
        format: 'ogg' as const,
        signal: { kind: 'sine' as const, freq: 150 + 20 * i },
        seconds: 3,
      })),
    );
    const child = startCli(['scan', big, '--data', killData, '--json']);
    const exited = new Promise((r) => child.on('close', r));
    // Wait until a batch is committed, then kill without warning.
    let stored = 0;
    for (let i = 0; i < 1200 && stored === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if (i < 8) continue;
      const peek = await LibraryStore.open(killData).catch(() => null);
      stored = peek ? (await peek.counts()).total : 0;
      await peek?.close();
    }
    child.kill('SIGKILL');
    await exited;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(n);

    const r = await runCliProcess(['scan', big, '--data', killData, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      tracks: number;
      analysed: number;
      unchanged: number;
      failed: unknown[];
    };
    expect(out.tracks).toBe(n);
    expect(out.failed).toEqual([]);
    expect(out.unchanged).toBeGreaterThanOrEqual(stored);
    expect(out.unchanged + out.analysed).toBe(n);
  });
});
