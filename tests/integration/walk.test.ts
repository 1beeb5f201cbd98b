import { lstatSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WalkResult } from '../../src/main/engine/library/walk';
import { walkLibrary } from '../../src/main/engine/library/walk';
import { runAsNobody } from '../helpers/as-nobody';
import { tempDir } from '../helpers/synth';

/** Audio files the walk must find, relative to the root (bytes differ so sizes differ). */
const AUDIO = [
  'Artist/Album/01 Song.mp3',
  'Artist/Album/02 Song.FLAC',
  'Mixed/a.Mp3',
  'Mixed/b.OGG',
  'Mixed/c.oga',
  'Mixed/d.opus',
  'Mixed/e.M4A',
  'Mixed/f.wav',
  'Mixed/g.AIFF',
  'Mixed/h.aif',
  'Björk – Jóga 🎵.mp3',
  '坂本龍一.flac',
  'Cafe\u0301.mp3',
  'Caf\u00e9.mp3',
  'loop/inside.mp3',
];

/** Files the walk must skip silently. */
const IGNORED = [
  'Artist/Album/cover.jpg',
  'Artist/Album/notes.txt',
  'Artist/.hidden.mp3',
  '.hidden-folder/secret.mp3',
  'Mixed/mp3',
  'Mixed/track.mp3.part',
];

/** Why a symlink out of the music folders is not followed (the media routes refuse its file). */
const OUTSIDE = 'symlink leads outside the music folders (add the folder it points to)';

const WALK_MODULE = new URL('../../src/main/engine/library/walk.ts', import.meta.url).href;

describe('walkLibrary', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeAll(async () => {
    base = await tempDir();
    root = join(base, 'music');
    outside = join(base, 'elsewhere');
    for (const [i, name] of [...AUDIO, ...IGNORED].entries()) {
      await mkdir(dirname(join(root, name)), { recursive: true });
      await writeFile(join(root, name), Buffer.alloc(100 + i, i));
    }
    await mkdir(outside);
    await writeFile(join(outside, 'far.mp3'), Buffer.alloc(77));
    await symlink('..', join(root, 'loop/back'));
    await symlink(outside, join(root, 'linked'));
    await symlink(join(base, 'nowhere.mp3'), join(root, 'broken.mp3'));
    await symlink('self.mp3', join(root, 'self.mp3'));
    await symlink('Artist/Album/01 Song.mp3', join(root, 'alias.mp3'));
    await symlink('Artist', join(root, 'again'));
    await symlink(join(outside, 'far.mp3'), join(root, 'far-link.mp3'));
    await symlink('Artist/Album/notes.txt', join(root, 'notes.mp3'));
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('finds audio files recursively, as on disk, with stat sizes and mtimes, sorted', async () => {
    const before = snapshot(root);
    const result = await walkLibrary([root]);
    const expected = AUDIO.map((name) => join(root, name));
    expect(result.files.map((f) => f.path)).toEqual(expected.sort(byCodeUnits));
    for (const file of result.files) {
      const stats = statSync(file.path);
      expect(file).toEqual({ path: file.path, size: stats.size, mtimeMs: stats.mtimeMs });
    }
    // NFC and NFD spellings are different names on this file system; both come back unchanged.
    expect(result.files.filter((f) => f.path.normalize('NFC').endsWith('Café.mp3'))).toHaveLength(
      2,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('reports loops, broken links and links out of the folders, and lists twice-reachable files once', async () => {
    const result = await walkLibrary([root]);
    expect(result.problems).toEqual([
      { path: join(root, 'broken.mp3'), reason: 'broken symlink' },
      { path: join(root, 'far-link.mp3'), reason: OUTSIDE },
      { path: join(root, 'linked'), reason: OUTSIDE },
      { path: join(root, 'loop/back'), reason: 'symlink loop' },
      { path: join(root, 'notes.mp3'), reason: 'symlink leads to a file that is not audio' },
      { path: join(root, 'self.mp3'), reason: 'symlink loop' },
    ]);
    expect(result.incompleteDirs).toEqual([]);
    const paths = result.files.map((f) => f.path);
    expect(paths).not.toContain(join(root, 'alias.mp3'));
    expect(paths.filter((p) => p.startsWith(join(root, 'again')))).toEqual([]);
  });

  it('resolves relative roots and walks overlapping roots once', async () => {
    const whole = await walkLibrary([root]);
    const result = await walkLibrary([relative(process.cwd(), root), join(root, 'Artist'), root]);
    expect(result).toEqual(whole);
  });

  it('rejects a missing root and a root that is a file', async () => {
    const missing = join(base, 'missing');
    await expect(walkLibrary([missing])).rejects.toThrow(`folder not found: ${missing}`);
    const file = join(root, 'Mixed/a.Mp3');
    await expect(walkLibrary([root, file])).rejects.toMatchObject({
      name: 'LibraryError',
      message: `not a folder: ${file}`,
    });
  });

  it('reports progress and stops with an AbortError when cancelled', async () => {
    const counts: number[] = [];
    const result = await walkLibrary([root], { onProgress: (found) => counts.push(found) });
    expect(counts.at(-1)).toBe(result.files.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    await expect(walkLibrary([root], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const cancelled = walkLibrary([root], {
      signal: controller.signal,
      onProgress: (_found, dir) => {
        seen.push(dir);
        controller.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });

  describe('unreadable folders', () => {
    let locked: string;
    let unlisted: string;
    let tree: string;

    beforeAll(async () => {
      tree = await tempDir();
      locked = join(tree, 'locked');
      unlisted = join(tree, 'no-search');
      for (const name of ['ok/a.mp3', 'locked/b.mp3', 'no-search/c.mp3']) {
        await mkdir(dirname(join(tree, name)), { recursive: true });
        await writeFile(join(tree, name), Buffer.alloc(10));
      }
      await chmod(tree, 0o755);
      await chmod(locked, 0o000);
      // Listable but not searchable: names come back, stat fails.
      await chmod(unlisted, 0o644);
    });

    afterAll(async () => {
      await chmod(locked, 0o755);
      await chmod(unlisted, 0o755);
      await rm(tree, { recursive: true, force: true });
    });

    it('reports them, keeps them in incompleteDirs, and refuses an unreadable root', async () => {
      const { result, rootError } = await walkUnprivileged(tree, locked);
      expect(result.files.map((f) => f.path)).toEqual([join(tree, 'ok/a.mp3')]);
      expect(result.problems).toEqual([
        { path: locked, reason: 'folder not readable (EACCES)' },
        { path: join(unlisted, 'c.mp3'), reason: 'cannot stat (EACCES)' },
      ]);
      expect(result.incompleteDirs).toEqual([locked, unlisted]);
      expect(rootError).toBe(`LibraryError: folder not readable: ${locked} (EACCES)`);
    });
  });
});

/** Walk `root` and `unreadableRoot` without root's power to ignore permissions. */
async function walkUnprivileged(
  root: string,
  unreadableRoot: string,
): Promise<{ result: WalkResult; rootError: string }> {
  if (process.getuid?.() !== 0) {
    const result = await walkLibrary([root]);
    const rootError = await walkLibrary([unreadableRoot]).then(
      () => 'no error',
      (error: unknown) => String(error),
    );
    return { result, rootError };
  }
  const out = await runAsNobody(`
    import { walkLibrary } from ${JSON.stringify(WALK_MODULE)};
    const result = await walkLibrary([${JSON.stringify(root)}]);
    const rootError = await walkLibrary([${JSON.stringify(unreadableRoot)}]).then(
      () => 'no error',
      (error) => String(error),
    );
    process.stdout.write(JSON.stringify({ result, rootError }));
  `);
  return JSON.parse(out) as { result: WalkResult; rootError: string };
}

/** Every entry's lstat times and the listing of every folder, to prove the walk wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string): void => {
    const stats = lstatSync(path);
    out[path] = `${stats.mtimeMs} ${stats.ctimeMs} ${stats.size}`;
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return out;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
