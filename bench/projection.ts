/**
 * The discover map (src/main/engine/projection/): `npm run bench:projection [-- N … --png DIR
 * --serve N]`.
 *
 * For each N (default 2,000 and 10,000): a synthetic library shaped like real embeddings
 * (bench/projection-data.ts), the seconds to lay it out (wall and CPU), and how well the map keeps
 * neighbourhoods: the share of a track's 10 nearest on the map of its genre and of its artist
 * (beside the same shares in the embedding space) and the share of its 10 nearest tracks by
 * cosine among its 10 nearest on the map. `--png DIR` draws each map coloured by genre.
 *
 * `--serve N`: the first open as a person meets it: N such tracks in a real LanceDB, the real
 * `deepcut serve`, and `discover:get-map` timed over HTTP: the first call (the map is made), the
 * second (read back from the cache), and after 1 % more tracks arrive (placed among the others).
 * Prints figures; never fails on time.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/main/engine/embed/backend';
import { projectVectors } from '../src/main/engine/projection/project';
import { LibraryStore } from '../src/main/engine/store/library-store';
import { trackIdFor } from '../src/main/engine/store/track-id';
import type { TrackRecord } from '../src/main/engine/store/types';
import { startServe } from '../tests/e2e/support/serve';
import { analysedTrack } from '../tests/integration/store-fixtures';
import { writeMapPicture } from './map-picture';
import { hierarchicalLibrary, mapQuality, type SyntheticLibrary } from './projection-data';

const { values, positionals } = parseArgs({
  options: { png: { type: 'string' }, serve: { type: 'string' } },
  allowPositionals: true,
});
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function layout(n: number): Promise<void> {
  const library = hierarchicalLibrary(n);
  const started = performance.now();
  const cpu = cpuSeconds();
  const xy = await projectVectors(library.vectors);
  const wall = (performance.now() - started) / 1000;
  const used = cpuSeconds() - cpu;
  const q = mapQuality(library, xy);
  const f = (x: number): string => x.toFixed(3);
  console.log(
    `${n} tracks: ${wall.toFixed(1)} s (${used.toFixed(1)} s CPU); 10-NN genre purity ${f(q.genrePurity)} ` +
      `(embedding ${f(q.genrePurityEmbedding)}), artist purity ${f(q.artistPurity)} ` +
      `(embedding ${f(q.artistPurityEmbedding)}), cosine neighbours kept ${f(q.neighboursKept)}; load ${load()}`,
  );
  if (values.png !== undefined) {
    await mkdir(values.png, { recursive: true });
    await writeMapPicture(join(values.png, `map-${n}.png`), xy, library.genre);
  }
}

function recordsOf(library: SyntheticLibrary, from: number, to: number): TrackRecord[] {
  return library.vectors.slice(from, to).map((vector, i) => {
    const index = from + i;
    const path = `/music/genre-${library.genre[index]}/artist-${library.artist[index]}/${index}.flac`;
    return analysedTrack(path, vector, {
      id: trackIdFor(path),
      title: `Track ${index}`,
      artist: `Artist ${library.artist[index]}`,
      album: `Album ${library.artist[index]}`,
      genre: `Genre ${library.genre[index]}`,
    });
  });
}

async function firstOpen(n: number): Promise<void> {
  const extra = Math.max(1, Math.round(n / 100));
  const library = hierarchicalLibrary(n + extra);
  const scratch = await mkdtemp(join(tmpdir(), 'deepcut-bench-map-'));
  try {
    const dataDir = join(scratch, 'data');
    const store = await LibraryStore.open(dataDir, { annThreshold: n + extra + 1 });
    for (let at = 0; at < n; at += 5000)
      await store.writeTracks(recordsOf(library, at, Math.min(n, at + 5000)));
    await store.compact();
    await store.setFolders(['/music']);
    const pages = join(scratch, 'renderer');
    await mkdir(pages);
    await writeFile(join(pages, 'index.html'), '<!doctype html><title>Deepcut</title>');
    const getMap = async (origin: string, token: string, label: string): Promise<void> => {
      const started = performance.now();
      const response = await fetch(`${origin}/api/discover:get-map`, {
        method: 'POST',
        headers: { 'x-deepcut-token': token, 'content-type': 'application/json' },
        body: '{}',
      });
      const body = (await response.json()) as {
        ok: boolean;
        value?: { points: unknown[]; cached: boolean };
        error?: { message: string };
      };
      if (!body.ok) throw new Error(`discover:get-map failed: ${body.error?.message ?? '?'}`);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label.padEnd(40)} ${seconds.toFixed(1)} s, ${body.value?.points.length ?? 'no'} points` +
          `${body.value?.cached === true ? ' (cached)' : ''}; load ${load()}`,
      );
    };
    const session = async (labels: readonly string[]): Promise<void> => {
      const served = await startServe(['--data', dataDir], { DEEPCUT_RENDERER_DIR: pages });
      const token = new URL(served.url).searchParams.get('token') ?? '';
      try {
        for (const label of labels) await getMap(served.origin, token, label);
      } finally {
        await served.stop();
      }
    };
    await session([`first open, ${n} tracks`, 'second open']);
    // Written while no engine has the library open: an engine sees its own writes only.
    await store.writeTracks(recordsOf(library, n, n + extra));
    await store.close();
    await session([`next start, ${extra} tracks more`, 'second open']);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await initBackend();
const sizes = positionals.map(Number).filter((n) => n > 0);
for (const n of sizes.length > 0 ? sizes : values.serve === undefined ? [2000, 10_000] : []) {
  await layout(n);
}
if (values.serve !== undefined) await firstOpen(Number(values.serve));
