/**
 * Finds the audio files under the library folders. Read-only: it only lists folders and stats
 * entries; it never opens a file. Symlinks are followed while they lead to files or folders
 * inside the music folders (an alias, a folder linked in twice); one that leads outside them is
 * reported and not followed, because nothing outside the music folders is ever read or served
 * (the media routes check the same: engine-host/media/media-file.ts). Adding the folder it
 * points to includes it. Decisions (what is a loop, which path a twice-reachable file
 * keeps) are made in one depth-first pass in sorted order, so every scan of an unchanged tree
 * gives the same paths; the file-system calls themselves run ahead of that pass in parallel.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { opendir, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ScanFailure } from '../../../shared/library';
import type { FileIdentity } from '../store/types';
import { isAudioFile } from './formats';
import { isInside } from './inside';
import { LibraryError } from './library-error';

/** What a walk found: files sorted by path, problems met on the way, folders not fully listed. */
export type WalkResult = {
  files: FileIdentity[];
  problems: ScanFailure[];
  /** Folders that could not be listed: tracks stored under them must not be treated as gone. */
  incompleteDirs: string[];
};

export type WalkOptions = Readonly<{
  signal?: AbortSignal;
  /** Called after each folder is listed. */
  onProgress?: (filesFound: number, currentDir: string) => void;
}>;

// libuv runs fs calls on 4 threads; 16 in flight keeps them busy while bounding open
// descriptors and queued work on a 100k-file tree.
const FS_CONCURRENCY = 16;

type Found = Readonly<{ path: string; link: boolean }> &
  (
    | Readonly<{ kind: 'file' | 'dir'; key: string; size: number; mtimeMs: number }>
    | Readonly<{ kind: 'problem'; reason: string; incomplete: boolean }>
  );

type Listing =
  Readonly<{ ok: true; entries: readonly Found[] }> | Readonly<{ ok: false; code: string }>;

type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Walk `roots` recursively for audio files, following symlinks without looping.
 * Paths are returned as reached under the resolved roots, not as real paths.
 * @throws LibraryError when a root is missing, not a folder, or not readable.
 * @throws an Error named 'AbortError' when `signal` aborts.
 */
export async function walkLibrary(
  roots: readonly string[],
  opts: WalkOptions = {},
): Promise<WalkResult> {
  const { signal, onProgress } = opts;
  throwIfAborted(signal);
  const checked: { path: string; key: string; real: string }[] = [];
  for (const root of roots) checked.push(await checkRoot(resolve(root)));
  const realRoots = checked.map((root) => root.real);

  const run = limiter(FS_CONCURRENCY, signal);
  const pending = new Map<string, Promise<Listing>>();
  const listingOf = (dir: string): Promise<Listing> => {
    const ahead = pending.get(dir);
    pending.delete(dir);
    return ahead ?? listDir(dir, realRoots, run, signal);
  };
  const prefetch = (dir: string): void => {
    if (pending.has(dir)) return;
    const listing = listDir(dir, realRoots, run, signal);
    // Consumed later, or never when the folder is reached first by another path or the walk
    // is cancelled; marking it handled keeps a cancelled prefetch from crashing the process.
    listing.catch(() => undefined);
    pending.set(dir, listing);
  };

  const files = new Map<string, FileIdentity>();
  const problems: ScanFailure[] = [];
  const incompleteDirs = new Set<string>();
  const visited = new Set<string>();
  const ancestors = new Set<string>();

  const visit = async (dir: string, key: string): Promise<void> => {
    throwIfAborted(signal);
    visited.add(key);
    ancestors.add(key);
    const listing = await listingOf(dir);
    if (!listing.ok) {
      problems.push({ path: dir, reason: `folder not readable (${listing.code})` });
      incompleteDirs.add(dir);
    } else {
      for (const found of listing.entries) {
        if (found.kind === 'dir' && !visited.has(found.key)) prefetch(found.path);
      }
      for (const found of listing.entries) {
        if (found.kind === 'file') {
          if (!files.has(found.key)) {
            files.set(found.key, { path: found.path, size: found.size, mtimeMs: found.mtimeMs });
          }
        } else if (found.kind === 'problem') {
          problems.push({ path: found.path, reason: found.reason });
          if (found.incomplete) incompleteDirs.add(dir);
        } else if (ancestors.has(found.key)) {
          problems.push({ path: found.path, reason: found.link ? 'symlink loop' : 'folder loop' });
        } else if (!visited.has(found.key)) {
          await visit(found.path, found.key);
        }
      }
      throwIfAborted(signal);
      onProgress?.(files.size, dir);
    }
    ancestors.delete(key);
  };

  for (const root of checked) {
    if (!visited.has(root.key)) await visit(root.path, root.key);
  }
  return {
    files: [...files.values()].sort((a, b) => byCodeUnits(a.path, b.path)),
    problems: problems.sort((a, b) => byCodeUnits(a.path, b.path)),
    incompleteDirs: [...incompleteDirs].sort(byCodeUnits),
  };
}

async function checkRoot(root: string): Promise<{ path: string; key: string; real: string }> {
  let stats: BigIntStats;
  try {
    stats = await stat(root, { bigint: true });
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new LibraryError(`folder not found: ${root}`);
    throw new LibraryError(`folder not readable: ${root} (${code})`);
  }
  if (!stats.isDirectory()) throw new LibraryError(`not a folder: ${root}`);
  try {
    // Opening the folder is the one exact readability test (access() ignores ACL quirks).
    await (await opendir(root)).close();
  } catch (error) {
    throw new LibraryError(`folder not readable: ${root} (${codeOf(error)})`);
  }
  return { path: root, key: keyOf(stats), real: await realpath(root) };
}

async function listDir(
  dir: string,
  realRoots: readonly string[],
  run: Limit,
  signal: AbortSignal | undefined,
): Promise<Listing> {
  let dirents: Dirent[];
  try {
    dirents = await run(() => readdir(dir, { withFileTypes: true }));
  } catch (error) {
    throwIfAborted(signal);
    return { ok: false, code: codeOf(error) };
  }
  const wanted = dirents
    .filter(
      (d) =>
        !d.name.startsWith('.') &&
        (d.isDirectory() || d.isSymbolicLink() || (d.isFile() && isAudioFile(d.name))),
    )
    .sort((a, b) => byCodeUnits(a.name, b.name));
  const entries = await Promise.all(
    wanted.map((d) => inspect(join(dir, d.name), d, realRoots, run, signal)),
  );
  return { ok: true, entries: entries.filter((found) => found !== null) };
}

async function inspect(
  path: string,
  dirent: Dirent,
  realRoots: readonly string[],
  run: Limit,
  signal: AbortSignal | undefined,
): Promise<Found | null> {
  const link = dirent.isSymbolicLink();
  let stats: BigIntStats;
  try {
    stats = await run(() => stat(path, { bigint: true }));
  } catch (error) {
    throwIfAborted(signal);
    const code = codeOf(error);
    if (link && (code === 'ENOENT' || code === 'ENOTDIR')) {
      return { kind: 'problem', path, link, reason: 'broken symlink', incomplete: false };
    }
    if (link && code === 'ELOOP') {
      return { kind: 'problem', path, link, reason: 'symlink loop', incomplete: false };
    }
    // Deleted between listing and stat: it is simply gone.
    if (code === 'ENOENT') return null;
    // The file may still be there: its folder counts as incomplete so its track is kept.
    return { kind: 'problem', path, link, reason: `cannot stat (${code})`, incomplete: true };
  }
  if (link && (stats.isDirectory() || (stats.isFile() && isAudioFile(dirent.name)))) {
    const real = await run(() => realpath(path)).catch(() => null);
    if (real === null) return null;
    if (!realRoots.some((root) => isInside(real, root))) {
      const reason = 'symlink leads outside the music folders (add the folder it points to)';
      return { kind: 'problem', path, link, reason, incomplete: false };
    }
    if (stats.isFile() && !isAudioFile(basename(real))) {
      const reason = 'symlink leads to a file that is not audio';
      return { kind: 'problem', path, link, reason, incomplete: false };
    }
  }
  const identity = {
    path,
    link,
    key: keyOf(stats),
    size: Number(stats.size),
    mtimeMs: msOf(stats),
  };
  if (stats.isDirectory()) return { kind: 'dir', ...identity };
  if (stats.isFile() && isAudioFile(dirent.name)) return { kind: 'file', ...identity };
  return null;
}

/** Runs at most `max` tasks at once, first come first served; refuses new ones once aborted. */
function limiter(max: number, signal: AbortSignal | undefined): Limit {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < max) active++;
    else await new Promise<void>((resume) => waiting.push(resume));
    try {
      throwIfAborted(signal);
      return await task();
    } finally {
      // Hand the slot straight to the next task so `active` never over-counts.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

// Bigint stats: inode numbers beyond 2^53 (NTFS, some network shares) would collide as numbers.
function keyOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}`;
}

// The same arithmetic as Node's number Stats, so mtimeMs equals what fs.stat() reports.
function msOf(stats: BigIntStats): number {
  const sec = stats.mtimeNs / 1_000_000_000n;
  const nsec = stats.mtimeNs % 1_000_000_000n;
  return Number(sec) * 1e3 + Number(nsec) / 1e6;
}

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code ?? 'unknown error';
}

// Locale-independent, so the order is the same on every machine.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const error = new Error('walk cancelled');
  error.name = 'AbortError';
  throw error;
}
