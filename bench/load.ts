/**
 * `deepcut serve` under load: `npm run bench:load [-- --clients 50 --seconds 60 --tracks 10000]`.
 *
 * A library of N tracks (synthetic tags and library-shaped vectors in a real LanceDB; their files
 * hard links to a few real audio files, so audio is served from disk) behind the real `deepcut
 * serve`, and C clients on loopback, each looping over the library list (first page, a search, a
 * page elsewhere in some sort), similar tracks, a radio, and a byte range of a track's audio,
 * for S seconds and at most 1,000 requests a client. Halfway, the engine process is killed
 * (SIGKILL): the calls in flight must fail with `engine-unavailable` (a media request with 503),
 * and every other must succeed. Prints requests a second, p50/p95/p99 per kind, errors, and the
 * resident memory of serve and of its engine sampled every 5 s. Never fails on time; exits 1 when
 * a request failed in another way.
 */
import { link, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AudioEmbedder } from '../src/main/engine/embed/embedder';
import { LibraryStore } from '../src/main/engine/store/library-store';
import { trackIdFor } from '../src/main/engine/store/track-id';
import { startServe } from '../tests/e2e/support/serve';
import { childPids, rssBytes } from '../tests/helpers/processes';
import { encode, synthesize } from '../tests/helpers/synth';
import { analysedTrack } from '../tests/integration/store-fixtures';
import { hierarchicalLibrary } from './projection-data';
import { percentile } from './timing';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    tracks: { type: 'string', default: '10000' },
    'max-per-client': { type: 'string', default: '1000' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const total = Number(values.tracks);
const maxPerClient = Number(values['max-per-client']);
const AUDIO_FILES = 12;
const WORDS = ['blue', 'night', 'river', 'echo', 'gold', 'rain', 'static', 'velvet', 'ember'];
const SORTS = ['title', 'artist', 'album', 'year', 'duration'] as const;
const KINDS = ['list', 'search', 'page', 'similar', 'radio', 'media'] as const;
type Kind = (typeof KINDS)[number];

const mb = (bytes: number | null): string =>
  bytes === null ? 'gone' : `${(bytes / 2 ** 20).toFixed(0)} MB`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Real audio files and N tracks whose paths are hard links to them. */
async function makeLibrary(root: string): Promise<{ dataDir: string; ids: string[] }> {
  const music = join(root, 'music');
  await mkdir(music, { recursive: true });
  const sources: { path: string; size: number; mtimeMs: number }[] = [];
  for (let i = 0; i < AUDIO_FILES; i++) {
    const path = join(root, `source-${i}.flac`);
    const signal = { kind: 'chord', freqs: [220 + 30 * i, 330 + 20 * i] } as const;
    await encode(synthesize(signal, 30), path, 'flac');
    const { size, mtimeMs } = await stat(path);
    sources.push({ path, size, mtimeMs });
  }
  const library = hierarchicalLibrary(total);
  const dataDir = join(root, 'data');
  // The vectors carry the active model's version, as a scanned library's do: under any other,
  // serve's catch-up scan at start would analyse all N tracks again while the clients run.
  const embedder = await AudioEmbedder.create({ dataDir });
  const modelVersion = embedder.version;
  embedder.dispose();
  const store = await LibraryStore.open(dataDir, { annThreshold: total + 1 });
  const ids: string[] = [];
  try {
    for (let from = 0; from < total; from += 2000) {
      const batch = [];
      for (let i = from; i < Math.min(total, from + 2000); i++) {
        const path = join(music, `track-${i}.flac`);
        const source = sources[i % AUDIO_FILES] ?? { path: '', size: 0, mtimeMs: 0 };
        await link(source.path, path);
        const word = (k: number): string => WORDS[(i * 7 + k * 13) % WORDS.length] ?? 'x';
        batch.push(
          analysedTrack(path, library.vectors[i] ?? null, {
            id: trackIdFor(path),
            size: source.size,
            mtimeMs: source.mtimeMs,
            title: `${word(1)} ${word(2)} ${i}`,
            artist: `Artist ${library.artist[i]}`,
            album: `Album ${library.artist[i]}-${i % 3}`,
            genre: `Genre ${library.genre[i]}`,
            durationSec: 30,
            modelVersion,
          }),
        );
        ids.push(trackIdFor(path));
      }
      await store.writeTracks(batch);
    }
    await store.compact();
    await store.setFolders([music]);
    // No folder watch, so no catch-up scan at start: a scan counts a file once however many
    // hard links name it, and would take the 10,000 links to 12 files for 12 tracks.
    await writeFile(join(dataDir, 'settings.json'), `${JSON.stringify({ watchFolders: false })}\n`);
  } finally {
    await store.close();
  }
  return { dataDir, ids };
}

type Outcome = 'ok' | 'in-flight' | 'error';
type Sample = Readonly<{ kind: Kind; ms: number; outcome: Outcome; detail?: string }>;

async function main(): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'deepcut-bench-load-'));
  try {
    const { dataDir, ids } = await makeLibrary(root);
    const pages = join(root, 'renderer');
    await mkdir(pages);
    await writeFile(join(pages, 'index.html'), '<!doctype html><title>Deepcut</title>');
    const served = await startServe(['--data', dataDir], { DEEPCUT_RENDERER_DIR: pages });
    const token = new URL(served.url).searchParams.get('token') ?? '';
    const servePid = served.child.pid ?? 0;
    const engineOf = (): number | null => childPids(servePid)[0] ?? null;
    const headers = { 'x-deepcut-token': token, 'content-type': 'application/json' };
    const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)] as T;

    const call = async (channel: string, arg: unknown): Promise<Outcome | string> => {
      const response = await fetch(`${served.origin}/api/${channel}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(arg),
      });
      const body = (await response.json()) as {
        ok: boolean;
        error?: { code: string; message: string };
      };
      if (body.ok) return 'ok';
      if (body.error?.code === 'engine-unavailable') return 'in-flight';
      return `${channel}: ${body.error?.code ?? '?'} ${body.error?.message ?? ''}`;
    };
    const media = async (id: string, start: number): Promise<Outcome | string> => {
      const response = await fetch(`${served.origin}/media/${id}`, {
        headers: { 'x-deepcut-token': token, range: `bytes=${start}-${start + 65_535}` },
      });
      await response.arrayBuffer();
      if (response.status === 206) return 'ok';
      if (response.status === 503) return 'in-flight';
      return `media: status ${response.status}`;
    };
    const request = (kind: Kind, r: number): Promise<Outcome | string> => {
      const id = pick(ids, r);
      switch (kind) {
        case 'list':
          return call('library:list-tracks', { offset: 0, limit: 100 });
        case 'search':
          return call('library:list-tracks', { search: pick(WORDS, r), limit: 100 });
        case 'page':
          return call('library:list-tracks', {
            offset: Math.floor(r * Math.max(1, total - 100)),
            limit: 100,
            sort: pick(SORTS, (r * 7) % 1),
          });
        case 'similar':
          return call('library:get-similar', { id, limit: 20 });
        case 'radio':
          return call('recommend:make-radio', { seeds: [{ kind: 'track', id }], count: 30 });
        case 'media':
          return media(id, Math.floor(r * 100_000));
      }
    };

    const memory: string[] = [];
    const sampleMemory = (label: string): void => {
      const engine = engineOf();
      memory.push(
        `${label.padEnd(8)} serve ${mb(rssBytes(servePid))}, engine ${engine === null ? 'restarting' : mb(rssBytes(engine))}`,
      );
    };
    // One request of each kind first, so the engine has read what it keeps in memory.
    for (const kind of KINDS) await request(kind, 0.5);
    sampleMemory('before');
    const started = performance.now();
    const until = started + seconds * 1000;
    const samples: Sample[] = [];
    let killedAt: number | null = null;
    const killer = setTimeout(
      () => {
        const engine = engineOf();
        if (engine === null) return;
        killedAt = performance.now() - started;
        process.kill(engine, 'SIGKILL');
      },
      (seconds * 1000) / 2,
    );
    const sampler = setInterval(
      () => sampleMemory(`${((performance.now() - started) / 1000).toFixed(0)} s`),
      5000,
    );
    const client = async (c: number): Promise<void> => {
      let seed = c * 7919 + 1;
      const random = (): number => {
        seed = (seed * 16807) % 2147483647;
        return seed / 2147483647;
      };
      for (let n = 0; n < maxPerClient && performance.now() < until; n++) {
        const kind = KINDS[(c + n) % KINDS.length] as Kind;
        const begun = performance.now();
        let outcome: Outcome | string;
        try {
          outcome = await request(kind, random());
        } catch (error) {
          outcome = `${kind}: ${(error as Error).message}`;
        }
        const ms = performance.now() - begun;
        samples.push(
          outcome === 'ok' || outcome === 'in-flight'
            ? { kind, ms, outcome }
            : { kind, ms, outcome: 'error', detail: outcome },
        );
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const elapsed = (performance.now() - started) / 1000;
    clearTimeout(killer);
    clearInterval(sampler);
    sampleMemory('after');
    const stopped = await served.stop();

    console.log(
      `${new Date().toISOString().slice(0, 10)}, ${clients} clients for ${elapsed.toFixed(0)} s on ${total} tracks; load ${load()}`,
    );
    console.log(`${samples.length} requests, ${(samples.length / elapsed).toFixed(0)} a second`);
    for (const kind of KINDS) {
      const times = samples
        .filter((s) => s.kind === kind && s.outcome === 'ok')
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      const p = (q: number): string => percentile(times, q).toFixed(0).padStart(6);
      console.log(
        `  ${kind.padEnd(8)} ${String(times.length).padStart(6)} ok   p50 ${p(0.5)} ms  p95 ${p(0.95)} ms  p99 ${p(0.99)} ms`,
      );
    }
    const inFlight = samples.filter((s) => s.outcome === 'in-flight').length;
    const errors = samples.filter((s) => s.outcome === 'error');
    console.log(
      `engine killed at ${killedAt === null ? 'never' : `${(killedAt / 1000).toFixed(1)} s`}: ` +
        `${inFlight} requests in flight failed with engine-unavailable`,
    );
    console.log(
      `errors: ${errors.length}${errors.length > 0 ? ` (first: ${errors[0]?.detail})` : ''}`,
    );
    console.log('resident memory:');
    for (const line of memory) console.log(`  ${line}`);
    console.log(`serve stopped with exit code ${stopped}`);
    return errors.length === 0 && killedAt !== null ? 0 : 1;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
