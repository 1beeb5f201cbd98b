import { sep } from 'node:path';
import type { FileIdentity, KnownFile } from '../store/types';

/**
 * Which analysis a track's row comes from. 2: tags, artwork, loudness and path tags read in the
 * workers. A row from an older one is analysed again (its file may well be unchanged).
 */
export const ANALYSIS_VERSION = 2;

/** What a scan has to do, decided from the walk and what the store already knows. */
export type ScanPlan = Readonly<{
  /** New or changed files, or files whose vector came from another model. */
  todo: FileIdentity[];
  unchanged: number;
  /** Ids of stored tracks whose files are gone. */
  removedIds: string[];
}>;

function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * A file is unchanged when its size and mtime match and its analysis still holds: a failure
 * stays a failure until the file changes, a vector must come from the current model, and the
 * row from the current analysis.
 * Tracks under a folder that could not be read are kept: their files may well still be there.
 */
export function planScan(
  roots: readonly string[],
  files: readonly FileIdentity[],
  known: ReadonlyMap<string, KnownFile>,
  incompleteDirs: readonly string[],
  modelVersion: string,
): ScanPlan {
  const todo: FileIdentity[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const file of files) {
    seen.add(file.path);
    const k = known.get(file.path);
    const same = k !== undefined && k.size === file.size && k.mtimeMs === file.mtimeMs;
    const current =
      k !== undefined &&
      k.analysisVersion >= ANALYSIS_VERSION &&
      (k.status === 'failed' || k.modelVersion === modelVersion);
    if (same && current) unchanged++;
    else todo.push(file);
  }
  const removedIds: string[] = [];
  for (const [path, k] of known) {
    if (seen.has(path)) continue;
    if (!roots.some((root) => isUnder(path, root))) continue;
    if (incompleteDirs.some((dir) => isUnder(path, dir))) continue;
    removedIds.push(k.id);
  }
  return { todo, unchanged, removedIds };
}

/** The library folder `path` lies under (the deepest, when folders nest), or null. */
export function rootOf(path: string, roots: readonly string[]): string | null {
  let best: string | null = null;
  for (const root of roots) {
    if (isUnder(path, root) && (best === null || root.length > best.length)) best = root;
  }
  return best;
}
