/**
 * Adding and removing the library's music folders. Writes take the data folder's lock, so a CLI
 * scan in another process and the app never write the library at once.
 */
import { stat } from 'node:fs/promises';
import { acquireDataLock } from '../engine/data-lock';
import type { Engine } from '../engine/engine';
import { ApiFailure } from './api-errors';
import { absoluteFolder, isInside } from './paths';

async function locked<T>(engine: Engine, write: () => Promise<T>): Promise<T> {
  const release = await acquireDataLock(engine.store.dataDir);
  try {
    return await write();
  } finally {
    await release();
  }
}

/** Adds a folder to the library (it is scanned by the next scan); returns the folders. */
export async function addFolder(engine: Engine, path: string): Promise<string[]> {
  const folder = absoluteFolder(path);
  const info = await stat(folder).catch(() => null);
  if (info === null) throw new ApiFailure('invalid-folder', `folder not found: ${folder}`);
  if (!info.isDirectory()) throw new ApiFailure('invalid-folder', `not a folder: ${folder}`);
  return locked(engine, async () => {
    const folders = await engine.store.getFolders();
    if (folders.includes(folder)) return folders;
    const next = [...folders, folder];
    await engine.store.setFolders(next);
    return next;
  });
}

/**
 * Removes a folder and the tracks found under it from the library, except those also under a
 * folder that stays; the files on disk are never touched. Returns the folders.
 */
export async function removeFolder(engine: Engine, path: string): Promise<string[]> {
  const folder = absoluteFolder(path);
  return locked(engine, async () => {
    const folders = await engine.store.getFolders();
    if (!folders.includes(folder)) {
      throw new ApiFailure('not-found', `not a library folder: ${folder}`);
    }
    const rest = folders.filter((f) => f !== folder);
    const known = await engine.store.knownFiles();
    const orphans = [...known]
      .filter(([file]) => isInside(file, folder) && !rest.some((f) => isInside(file, f)))
      .map(([, entry]) => entry.id);
    // Tracks first: a kill in between leaves a folder whose tracks the next scan adds back.
    await engine.store.removeTracks(orphans);
    await engine.store.setFolders(rest);
    return rest;
  });
}
