/**
 * Music folders that watch themselves: while the app runs, audio files added, changed or removed
 * under a library folder are picked up within seconds, through the same incremental scan a
 * person starts (only the changed folders' roots, and a scan skips what did not change). Events
 * are debounced, so copying an album in is one scan, not twenty. A folder that disappears (a
 * drive unplugged) is reported and its tracks are kept; when it is back it is watched and
 * scanned again. Watching uses chokidar (inotify on Linux, FSEvents on macOS), whose
 * awaitWriteFinish holds a file back until it stops growing, so a half-copied file is not read.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FolderState } from '../../shared/api-contract-player';
import { isAudioFile } from '../engine/library/formats';

/** What the watch asks of its host. */
export type FolderWatchDeps = Readonly<{
  /** The library's folders now. */
  folders: () => Promise<readonly string[]>;
  /** Scans these roots; false when a scan is already running (it is tried again after). */
  rescan: (roots: readonly string[]) => Promise<boolean>;
  /** The folders' states changed (one went missing, came back, or a watch failed). */
  changed: () => void;
}>;

export type FolderWatchOptions = Readonly<{
  /** Quiet time after the last change before scanning (default 1 s). */
  debounceMs?: number;
  /** How long a file must stop growing before it counts as written (default 500 ms). */
  stableMs?: number;
  /** How often missing folders are looked for again (default 10 s). */
  recheckMs?: number;
}>;

const DEFAULTS = { debounceMs: 1000, stableMs: 500, recheckMs: 10_000 } as const;

/** Why a folder cannot be watched, in words. */
function watchProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EMFILE') {
    return 'the system’s limit on watched folders is reached; changes are picked up by Rescan all';
  }
  return `cannot watch it (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

export class FolderWatch {
  private readonly options: Required<FolderWatchOptions>;
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly states = new Map<string, FolderState>();
  private readonly dirty = new Set<string>();
  private enabled = false;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private recheck: ReturnType<typeof setInterval> | undefined;
  /** Serialises sync(): folders and the switch change from several channels. */
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly deps: FolderWatchDeps,
    options: FolderWatchOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Watches the library's folders when `enabled`, none otherwise. With `catchUp`, the folders
   * are scanned once too, for what changed while nothing watched them.
   */
  sync(enabled: boolean, catchUp = false): Promise<void> {
    const run = this.syncing.then(() => this.syncNow(enabled, catchUp));
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /** Each folder: there or not, watched or not, and why not. */
  folderStates(): FolderState[] {
    return [...this.states.values()];
  }

  /** A scan ended: changes that came while it ran are scanned now. */
  scanFinished(): void {
    if (this.dirty.size > 0) this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.debounce);
    clearInterval(this.recheck);
    await this.syncing;
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
  }

  private async syncNow(enabled: boolean, catchUp: boolean): Promise<void> {
    if (this.closed) return;
    this.enabled = enabled;
    if (!enabled) {
      // Changes seen before the switch went off are not acted on after it.
      clearTimeout(this.debounce);
      this.dirty.clear();
    }
    const folders = new Set(await this.deps.folders());
    for (const [root, watcher] of this.watchers) {
      if (enabled && folders.has(root)) continue;
      this.watchers.delete(root);
      await watcher.close();
    }
    for (const root of this.states.keys()) if (!folders.has(root)) this.states.delete(root);
    for (const root of folders) {
      if (this.watchers.has(root)) continue;
      const present = await isFolder(root);
      this.setState(root, { present, watching: false, problem: null });
      if (present && enabled) this.watch(root);
      if (present && enabled && catchUp) this.dirty.add(root);
    }
    clearInterval(this.recheck);
    if (enabled && folders.size > 0) {
      this.recheck = setInterval(() => void this.lookAgain(), this.options.recheckMs);
      this.recheck.unref?.();
    }
    if (this.dirty.size > 0) this.schedule();
    this.deps.changed();
  }

  private watch(root: string): void {
    const watcher = watch(root, {
      ignoreInitial: true,
      // A symlink inside a music folder is the person's choice: what it points to is watched too.
      followSymlinks: true,
      awaitWriteFinish: { stabilityThreshold: this.options.stableMs, pollInterval: 100 },
      // Hidden files and folders (a ".Trash", a tagger's temporary file) are not music.
      ignored: (path: string) => path !== root && basename(path).startsWith('.'),
    });
    this.watchers.set(root, watcher);
    const touched = (path: string, isFile: boolean): void => {
      if (isFile && !isAudioFile(basename(path))) return;
      if (path === root) return void this.lookAgain();
      this.dirty.add(root);
      this.schedule();
    };
    watcher.on('add', (path) => touched(path, true));
    watcher.on('change', (path) => touched(path, true));
    watcher.on('unlink', (path) => touched(path, true));
    watcher.on('addDir', (path) => touched(path, false));
    watcher.on('unlinkDir', (path) => touched(path, false));
    watcher.on('ready', () =>
      this.setState(root, { present: true, watching: true, problem: null }),
    );
    watcher.on('error', (error) => {
      this.setState(root, { present: true, watching: false, problem: watchProblem(error) });
      this.deps.changed();
    });
  }

  /** Looks at every folder again: one gone is reported, one back is watched and scanned. */
  private async lookAgain(): Promise<void> {
    if (this.closed || !this.enabled) return;
    let moved = false;
    for (const [root, state] of this.states) {
      const present = await isFolder(root);
      if (present === state.present) continue;
      moved = true;
      const watcher = this.watchers.get(root);
      this.watchers.delete(root);
      await watcher?.close();
      this.setState(root, { present, watching: false, problem: null });
      if (present) {
        this.watch(root);
        this.dirty.add(root);
        this.schedule();
      }
    }
    if (moved) this.deps.changed();
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.flush(), this.options.debounceMs);
  }

  private async flush(): Promise<void> {
    if (this.closed || !this.enabled || this.dirty.size === 0) return;
    const roots = [...this.dirty].filter((root) => this.states.get(root)?.present !== false);
    this.dirty.clear();
    if (roots.length === 0) return;
    // A scan already running: these roots wait for it (scanFinished) and are scanned then.
    if (!(await this.deps.rescan(roots))) for (const root of roots) this.dirty.add(root);
  }

  private setState(root: string, state: Omit<FolderState, 'path'>): void {
    this.states.set(root, { path: root, ...state });
  }
}
