/**
 * History import speed and match rate: `node --import tsx bench/import.ts [--scrobbles 100000]
 * [--tracks 10000] [--unmatched 0.1]`. A synthetic library of --tracks songs in a real LanceDB
 * store, and a Last.fm CSV export of --scrobbles plays of them (a share --unmatched naming songs
 * the library lacks, the rest spelled as Last.fm would: other case, "The" dropped, version
 * markers added), imported through the engine into a fresh profile, then again (idempotent).
 * Prints figures; never passes or fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/main/engine/embed/init';
import { Engine } from '../src/main/engine/engine';
import { LibraryStore } from '../src/main/engine/store/library-store';
import type { TrackRecord } from '../src/main/engine/store/types';
import { analysedTrack } from '../tests/integration/store-fixtures';

const { values } = parseArgs({
  options: {
    scrobbles: { type: 'string', default: '100000' },
    tracks: { type: 'string', default: '10000' },
    unmatched: { type: 'string', default: '0.1' },
  },
});
const scrobbles = Number(values.scrobbles);
const trackCount = Number(values.tracks);
const unmatchedShare = Number(values.unmatched);

function track(n: number): TrackRecord {
  return analysedTrack(`/music/artist ${n % 700}/album ${n % 1500}/song ${n}.flac`, null, {
    title: `Song Number ${n}`,
    artist: `The Artist ${n % 700}`,
    album: `Album ${n % 1500}`,
    albumArtist: null,
    durationSec: 180 + (n % 120),
  });
}

function csvOf(random: () => number): string {
  const lines = ['uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid'];
  let at = Date.parse('2015-01-01T00:00:00Z') / 1000;
  for (let k = 0; k < scrobbles; k++) {
    // About twelve songs a sitting, then a pause of hours.
    at += k % 12 === 11 ? 3600 * (2 + Math.floor(random() * 8)) : 200 + Math.floor(random() * 60);
    const n = Math.floor(random() * trackCount);
    const missing = random() < unmatchedShare;
    const artist = missing ? `Stranger ${n}` : `artist ${n % 700}`;
    const title = missing
      ? `Unknown Song ${n}`
      : `Song Number ${n}${k % 5 === 0 ? ' - Remastered 2011' : ''}`;
    lines.push(`${at},"",${artist},,"Album ${n % 1500}",,"${title}",`);
  }
  return `${lines.join('\n')}\n`;
}

function load(): string {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return `${one.toFixed(1)} ${five.toFixed(1)} ${fifteen.toFixed(1)}`;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'deepcut-bench-import-'));
  try {
    const store = await LibraryStore.open(dir);
    for (let i = 0; i < trackCount; i += 2000) {
      await store.writeTracks(
        Array.from({ length: Math.min(2000, trackCount - i) }, (_, k) => track(i + k)),
      );
    }
    await store.close();
    const engine = await Engine.open({ dataDir: dir });
    const text = csvOf(mulberry32(1));
    console.log(
      `${new Date().toISOString()}  load ${load()}  ${scrobbles} scrobbles (${(text.length / 1e6).toFixed(1)} MB) over ${trackCount} tracks`,
    );
    for (const label of ['first import', 'same file again']) {
      const started = performance.now();
      const report = await engine.importHistory({ text, fileName: 'scrobbles.csv', write: true });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label.padEnd(16)} ${seconds.toFixed(2)} s: ${report.matched}/${report.entries} matched (${(100 * report.matchRate).toFixed(1)} %), ${report.events} events added, ${report.duplicates} already there`,
      );
    }
    await engine.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
