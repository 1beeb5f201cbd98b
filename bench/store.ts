/**
 * Store benchmark: `node --import tsx bench/store.ts [--tracks N] [--queries N]`.
 * Fills a fresh store with N synthetic tracks (random 128-d unit vectors, the hardest case for
 * an ANN index since real embeddings cluster), then prints p50/p95 of knownFiles() and of
 * similar() exact and with the ANN index, the index build time and ANN recall@10 against exact.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LibraryStore } from '../src/main/engine/store/library-store';
import { randomTrack, seededRandom } from '../tests/integration/store-fixtures';
import { seconds, timed } from './timing';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '50' },
  },
});
const total = Number(values.tracks);
const queries = Number(values.queries);

const scratch = await mkdtemp(join(tmpdir(), 'deepcut-bench-store-'));
// The threshold is above the library size so the first round of queries is exact.
const store = await LibraryStore.open(scratch, { annThreshold: total + 1 });
try {
  const random = seededRandom(2024);
  const tracks = Array.from({ length: total }, (_, i) => randomTrack(i, random));

  // A scan writes 32 tracks a call; time a few such calls, then bulk-load the rest.
  const smallBatches = Math.min(50, Math.floor(total / 32));
  await timed('writeTracks (32 tracks)', smallBatches, (i) =>
    store.writeTracks(tracks.slice(i * 32, i * 32 + 32)),
  );
  let start = performance.now();
  for (let i = smallBatches * 32; i < total; i += 5000) {
    await store.writeTracks(tracks.slice(i, i + 5000));
  }
  console.log(`bulk load of ${total} tracks: ${seconds(start)}`);
  start = performance.now();
  await store.compact();
  console.log(`compact: ${seconds(start)}`);

  await timed(`knownFiles() at ${total}`, 10, () => store.knownFiles());
  const seeds = Array.from({ length: queries }, (_, i) => tracks[(i * 7919) % total]?.id ?? '');
  const exact = await timed(`similar(10) exact`, queries, (i) => store.similar(seeds[i] ?? '', 10));

  await store.close();
  const reopened = await LibraryStore.open(scratch, { annThreshold: 256 });
  try {
    start = performance.now();
    const mode = await reopened.ensureVectorIndex();
    console.log(`ensureVectorIndex() -> ${mode}: ${seconds(start)}`);
    const ann = await timed(`similar(10) ann`, queries, (i) =>
      reopened.similar(seeds[i] ?? '', 10),
    );
    let recall = 0;
    let top1 = 0;
    ann.forEach((got, q) => {
      const want = exact[q] ?? [];
      const wantIds = new Set(want.map((s) => s.track.id));
      recall += got.filter((s) => wantIds.has(s.track.id)).length / Math.max(1, want.length);
      if (got[0]?.track.id === want[0]?.track.id) top1++;
    });
    console.log(
      `ANN vs exact: recall@10 ${(recall / queries).toFixed(3)}, top-1 ${top1 / queries}`,
    );

    const extra = Array.from({ length: 1000 }, (_, i) => randomTrack(total + i, random));
    for (let i = 0; i < extra.length; i += 32) await reopened.writeTracks(extra.slice(i, i + 32));
    start = performance.now();
    await reopened.ensureVectorIndex();
    console.log(`ensureVectorIndex() after 1000 new tracks: ${seconds(start)}`);
  } finally {
    await reopened.close();
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await store.close();
  await rm(scratch, { recursive: true, force: true });
}
