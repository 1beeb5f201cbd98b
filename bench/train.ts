/**
 * Audio training speed on this machine: one contrastive epoch over a 1,000-track library with
 * the default settings (target ≤ 5 minutes), and re-embedding from the mel cache (reading the
 * cached files included; target ≥ 50 tracks/s). Spectrograms are random values shaped like a
 * scan's (three 8 s excerpts, 343 frames each): speed does not depend on what they hold.
 *
 *   node --import tsx bench/train.ts [--tracks 1000] [--epochs 1]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MelCache, type CachedMel } from '../src/main/engine/audio/mel-cache';
import { LOG_MEL_FLOOR } from '../src/main/engine/audio/mel';
import { MEL_BANDS } from '../src/main/engine/audio/params';
import { initBackend } from '../src/main/engine/embed/backend';
import { AudioEmbedder } from '../src/main/engine/embed/embedder';
import { mulberry32, seededModel } from '../src/main/engine/embed/init';
import { DEFAULT_TRAIN_SETTINGS, trainContrastive } from '../src/main/engine/train/trainer';

const { values } = parseArgs({
  options: { tracks: { type: 'string' }, epochs: { type: 'string' } },
});
const tracks = Number(values.tracks ?? 1000);
const epochs = Number(values.epochs ?? 1);
const EXCERPTS = [343, 343, 343];

function randomMel(seed: number): CachedMel {
  const rand = mulberry32(seed);
  const frames = EXCERPTS.reduce((a, b) => a + b, 0);
  const data = Float32Array.from({ length: frames * MEL_BANDS }, () => LOG_MEL_FLOOR * rand());
  return { frames, bands: MEL_BANDS, data, excerptFrames: EXCERPTS };
}

const dir = await mkdtemp(join(tmpdir(), 'deepcut-bench-train-'));
try {
  const cache = new MelCache(dir);
  const ids = Array.from({ length: tracks }, (_, i) => i.toString(16).padStart(16, '0'));
  for (const [i, id] of ids.entries()) await cache.write(id, randomMel(i + 1));
  const mels = (await Promise.all(ids.map((id) => cache.readQuantised(id)))).flatMap((m) =>
    m === null ? [] : [m],
  );

  console.log(`backend: ${JSON.stringify(await initBackend())}`);
  const model = seededModel();
  const settings = { ...DEFAULT_TRAIN_SETTINGS, epochs };
  console.log(`settings: ${JSON.stringify(settings)}`);
  const result = await trainContrastive(model, mels, { settings });
  console.log(
    `training: ${epochs} epoch(s) over ${tracks} tracks in ${result.seconds.toFixed(1)} s ` +
      `(${(result.seconds / epochs).toFixed(1)} s per epoch; target ≤ 300 s)`,
  );

  const embedder = await AudioEmbedder.create({ model });
  const started = performance.now();
  for (let at = 0; at < ids.length; at += 64) {
    const batch = await Promise.all(ids.slice(at, at + 64).map((id) => cache.read(id)));
    embedder.embed(batch.flatMap((m) => (m === null ? [] : [m])));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `embedding from the mel cache: ${(tracks / seconds).toFixed(0)} tracks/s (target ≥ 50)`,
  );
  embedder.dispose();
} finally {
  await rm(dir, { recursive: true, force: true });
}
