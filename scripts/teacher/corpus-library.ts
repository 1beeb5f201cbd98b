/**
 * The training corpora as one library in a work folder: scanned (incrementally) with the app's
 * own pipeline, so the student trains on exactly the spectrograms a scan caches, and the teacher
 * is fed the same excerpts of the same files.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MelCache } from '../../src/main/engine/audio/mel-cache';
import { Engine } from '../../src/main/engine/engine';
import type { StoredTrack } from '../../src/main/engine/store/types';
import { fillMelCache } from '../../src/main/engine/train/fill-mel-cache';

/** Default work folder of the distillation scripts (outside the repository). */
export const DEFAULT_WORK_DIR = join(tmpdir(), 'deepcut-distil');

/** The teacher, read from ../shared beside the project root at training time only. */
export const DEFAULT_TEACHER_DIR = fileURLToPath(
  new URL('../../../shared/models/musicnn-msd', import.meta.url),
);

/** Where the teacher's cached targets go under a work folder, unless told otherwise. */
export function defaultTargetsDir(work: string): string {
  return join(work, 'teacher-musicnn');
}

/** The analysed tracks of the corpora, sorted by id, with their spectrograms cached. */
export async function scanCorpora(
  corpora: readonly string[],
  work: string,
): Promise<{ tracks: StoredTrack[]; cache: MelCache }> {
  const engine = await Engine.open({ dataDir: work, resourcesDir: join(work, 'no-resources') });
  const cache = new MelCache(work);
  try {
    console.error(`scanning ${corpora.join(', ')} into ${work} …`);
    const scan = await engine.scan(corpora.map((c) => resolve(c)));
    for (const f of scan.failed) console.error(`  not analysed: ${f.path}: ${f.reason}`);
    const tracks = (await engine.store.analysedTracks()).sort((a, b) => (a.id < b.id ? -1 : 1));
    await fillMelCache(cache, tracks);
    return { tracks, cache };
  } finally {
    await engine.close();
  }
}
