/**
 * kill -9 at seeded points of real work (a scan, audio fine-tuning, NeuMF training, a history
 * import, playlist saves), each in a child process on its own copy of a prepared data folder.
 * After each kill: the store opens (no damage found), nothing acknowledged is missing, and the
 * same work run again completes. bench/faults.ts runs many points; a CI test runs a few.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLibraryModel } from '../../src/main/engine/cf/library-model';
import { loadLibraryAudioModel } from '../../src/main/engine/embed/weights';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import { Engine } from '../../src/main/engine/engine';
import { PlaylistStore } from '../../src/main/engine/store/playlist-store';
import type { ListeningEvent } from '../../src/shared/events';
import { seededRandom } from '../integration/store-fixtures';
import { writeLibrary, type LibraryFile } from './library';

export const FAULT_OPS = [
  'scan',
  'train-audio',
  'train-cf',
  'import-history',
  'playlists',
] as const;
export type FaultOp = (typeof FAULT_OPS)[number];

const DRIVER = fileURLToPath(new URL('./fault-driver.ts', import.meta.url));
const TRACKS_PER_FOLDER = 6;
const SESSIONS = 600;

/** The prepared material: a library in two folders, template data folders, a history file. */
export type FaultBed = Readonly<{
  root: string;
  music: string;
  history: string;
  /** Only folder `a` scanned: the template for a kill during the scan of both. */
  halfScanned: string;
  /** Everything scanned, events logged, NeuMF trained once, then more events logged. */
  full: string;
  /** The events {@link full} holds: acknowledged before any kill. */
  events: readonly ListeningEvent[];
  /** History entries the import matches (each becomes one event). */
  historyEntries: number;
}>;

const tones = (folder: string, base: number): LibraryFile[] =>
  Array.from({ length: TRACKS_PER_FOLDER }, (_, i) => ({
    name: `${folder}/tone-${i}`,
    format: 'ogg',
    signal: { kind: 'chord', freqs: [base + 37 * i, (base + 37 * i) * 1.5] },
    seconds: 5,
  }));

/** Builds the library and the template data folders under `root` (about a minute). */
export async function prepareFaultBed(root: string): Promise<FaultBed> {
  const music = join(root, 'music');
  await mkdir(join(music, 'a'), { recursive: true });
  await mkdir(join(music, 'b'), { recursive: true });
  await writeLibrary(music, [...tones('a', 180), ...tones('b', 500)]);
  const halfScanned = join(root, 'template-half');
  const full = join(root, 'template-full');
  const half = await Engine.open({ dataDir: halfScanned, workers: 1 });
  try {
    await half.scan([join(music, 'a')]);
  } finally {
    await half.close();
  }
  const engine = await Engine.open({ dataDir: full, workers: 1 });
  const random = seededRandom(5);
  try {
    await engine.scan([join(music, 'a'), join(music, 'b')]);
    const tracks = await engine.store.analysedTracks();
    // Sessions of a few tracks each, one a day: enough interactions for NeuMF to take a while.
    const drafts = Array.from({ length: SESSIONS }, (_, s) =>
      tracks
        .filter(() => random() < 0.4)
        .map((t, k) => ({
          track: t.id,
          startedAt: new Date(Date.UTC(2025, 0, 1) + s * 86_400_000 + k * 10_000).toISOString(),
          msPlayed: random() < 0.3 ? 1_000 : 5_000,
          durationMs: 5_000,
          end: 'finished' as const,
          source: { kind: 'library' as const },
        })),
    ).flat();
    const cut = Math.floor(drafts.length * 0.8);
    await engine.eventLog().appendMany(drafts.slice(0, cut));
    await engine.trainCf({ epochs: 2 });
    // Events after the last training, so a train-cf run has something new to learn.
    await engine.eventLog().appendMany(drafts.slice(cut));
    await engine.savedPlaylists().save({
      name: 'Mix 0',
      kind: 'manual',
      trackIds: tracks.slice(0, 4).map((t) => t.id),
    });
    const events = (await engine.eventLog().readAll()).events;
    // Scrobbles of the library's tracks, by tags, at times the log does not hold.
    const rows = Array.from({ length: 1_500 }, (_, i) => {
      const t = tracks[i % tracks.length];
      const when = new Date(Date.UTC(2026, 5, 1) + i * 61_000).toISOString();
      return `"${t?.artist ?? ''}","${t?.album ?? ''}","${t?.title ?? ''}",${when}`;
    });
    const history = join(root, 'scrobbles.csv');
    await import('node:fs/promises').then((fs) => fs.writeFile(history, `${rows.join('\n')}\n`));
    return { root, music, history, halfScanned, full, events, historyEntries: rows.length };
  } finally {
    await engine.close();
  }
}

/** What one kill point did and found. */
export type KillPoint = Readonly<{
  op: FaultOp;
  seed: number;
  delayMs: number;
  /** False when the work ended before the kill came (the point still checks the result). */
  killed: boolean;
  /** Acknowledgements the child gave before it died. */
  acks: number;
  /** Every check that failed, in words; empty when the point passed. */
  problems: string[];
  /** Milliseconds the next run took to complete. */
  nextRunMs: number;
}>;

type ChildRun = Readonly<{ killed: boolean; lines: string[]; stderr: string }>;

/** Runs the driver; SIGKILLs it `delayMs` after it says `ready` (never, for Infinity). */
function runDriver(op: FaultOp, dataDir: string, bed: FaultBed, delayMs: number, seed: number) {
  return new Promise<ChildRun & { readyToEndMs: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', DRIVER, op, dataDir, bed.music, bed.history],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FAULT_SEED: String(seed) } },
    );
    let stdout = '';
    let stderr = '';
    let readyAt = 0;
    let killed = false;
    let timer: NodeJS.Timeout | null = null;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (readyAt === 0 && stdout.includes('ready\n')) {
        readyAt = performance.now();
        if (Number.isFinite(delayMs)) {
          timer = setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, delayMs);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const lines = stdout
        .slice(0, stdout.lastIndexOf('\n') + 1)
        .split('\n')
        .filter(Boolean);
      if (signal === null && code !== 0) {
        reject(new Error(`${op} driver failed (${code}): ${stderr.slice(-2000)}`));
        return;
      }
      killed = killed && signal === 'SIGKILL';
      resolve({ killed, lines, stderr, readyToEndMs: performance.now() - readyAt });
    });
  });
}

/** How long the work takes from `ready` to its end, unkilled: the range kill delays come from. */
export async function calibrate(op: FaultOp, bed: FaultBed): Promise<number> {
  const dir = join(bed.root, `calibrate-${op}`);
  await cp(op === 'scan' ? bed.halfScanned : bed.full, dir, { recursive: true });
  try {
    const run = await runDriver(op, dir, bed, Infinity, 1);
    if (!run.lines.includes('done')) throw new Error(`${op} did not finish: ${run.stderr}`);
    return run.readyToEndMs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const identity = (e: Pick<ListeningEvent, 'track' | 'startedAt'>): string =>
  `${e.track}@${Date.parse(e.startedAt)}`;

/** One kill point: copy a template, kill the work at a seeded delay, check, run it again. */
export async function killPoint(
  op: FaultOp,
  seed: number,
  bed: FaultBed,
  workMs: number,
): Promise<KillPoint> {
  const random = seededRandom(seed);
  const delayMs = Math.round(random() * workMs);
  const dir = join(bed.root, `point-${op}-${seed}`);
  await cp(op === 'scan' ? bed.halfScanned : bed.full, dir, { recursive: true });
  const problems: string[] = [];
  const run = await runDriver(op, dir, bed, delayMs, seed);
  const acks = run.lines.filter((l) => l.startsWith('ack ')).length;
  let nextRunMs = NaN;
  try {
    const engine = await Engine.open({ dataDir: dir, workers: 1 });
    try {
      await checkAfterKill(op, engine, bed, run.lines, problems);
      const started = performance.now();
      await nextRun(op, engine, bed, problems);
      nextRunMs = performance.now() - started;
    } finally {
      await engine.close();
    }
  } catch (error) {
    problems.push(`the store or the next run failed: ${(error as Error).message}`);
  }
  if (problems.length === 0) await rm(dir, { recursive: true, force: true });
  return { op, seed, delayMs, killed: run.killed, acks, problems, nextRunMs };
}

async function checkAfterKill(
  op: FaultOp,
  engine: Engine,
  bed: FaultBed,
  lines: readonly string[],
  problems: string[],
): Promise<void> {
  const counts = await engine.store.counts();
  const expected = op === 'scan' ? TRACKS_PER_FOLDER : 2 * TRACKS_PER_FOLDER;
  if (counts.analysed < expected) {
    problems.push(`${counts.analysed} tracks analysed after the kill, ${expected} before`);
  }
  if (op === 'scan') return;
  const log = await engine.eventLog().readAll();
  const held = new Set(log.events.map(identity));
  const lost = bed.events.filter((e) => !held.has(identity(e)));
  if (lost.length > 0) problems.push(`${lost.length} acknowledged events are missing`);
  if (log.corrupt.length > 0) problems.push(`${log.corrupt.length} corrupt lines in the log`);
  const { dataDir } = engine.store;
  try {
    if ((await loadLibraryModel(dataDir, 'default')) === null) problems.push('the NeuMF is gone');
  } catch (error) {
    problems.push(`the NeuMF model does not load: ${(error as Error).message}`);
  }
  const damage: string[] = [];
  disposeModel(await loadLibraryAudioModel(dataDir, undefined, (m) => damage.push(m)));
  problems.push(...damage.map((m) => `audio model: ${m}`));
  if (op === 'playlists') await checkPlaylists(dataDir, lines, problems);
}

/** Every playlist reads whole, and holds its last acknowledged save or the one in flight. */
async function checkPlaylists(
  dataDir: string,
  lines: readonly string[],
  problems: string[],
): Promise<void> {
  const { playlists, damaged } = await new PlaylistStore(dataDir).list();
  for (const d of damaged) problems.push(`playlist ${d.file} is damaged: ${d.reason}`);
  // Per name: the last acknowledged save, and a save in flight that may or may not have landed.
  const states = new Map<string, { acked: string | null; inFlight: string | null }>();
  for (const line of lines) {
    const space = line.indexOf(' ');
    const kind = line.slice(0, space);
    if (kind !== 'save' && kind !== 'ack') continue;
    const { name, trackIds } = JSON.parse(line.slice(space + 1)) as {
      name: string;
      trackIds: string[];
    };
    const state = states.get(name) ?? { acked: null, inFlight: null };
    if (kind === 'ack') states.set(name, { acked: trackIds.join(), inFlight: null });
    else states.set(name, { ...state, inFlight: trackIds.join() });
  }
  for (const [name, { acked, inFlight }] of states) {
    const found = playlists.find((p) => p.name === name);
    if (found === undefined) {
      if (acked !== null) problems.push(`the acknowledged playlist "${name}" is gone`);
      continue;
    }
    const key = found.entries.map((e) => e.id).join();
    if (key !== acked && key !== inFlight) {
      problems.push(`playlist "${name}" holds neither its acknowledged save nor the one in flight`);
    }
  }
}

async function nextRun(
  op: FaultOp,
  engine: Engine,
  bed: FaultBed,
  problems: string[],
): Promise<void> {
  switch (op) {
    case 'scan': {
      const s = await engine.scan([join(bed.music, 'a'), join(bed.music, 'b')]);
      if (s.failed.length > 0 || s.analysed + s.unchanged !== 2 * TRACKS_PER_FOLDER) {
        problems.push(`the next scan: ${JSON.stringify(s)}`);
      }
      return;
    }
    case 'train-audio': {
      const s = await engine.trainAudio({ epochs: 1 });
      const vectors = await engine.store.vectorsOf(s.modelVersion);
      if (vectors.size !== 2 * TRACKS_PER_FOLDER) {
        problems.push(`after the next training ${vectors.size} tracks have its vectors`);
      }
      return;
    }
    case 'train-cf':
      await engine.trainCf({ epochs: 1 });
      return;
    case 'import-history': {
      await engine.importHistory({
        text: await import('node:fs/promises').then((fs) => fs.readFile(bed.history, 'utf8')),
        fileName: 'scrobbles.csv',
        write: true,
      });
      const log = await engine.eventLog().readAll();
      const keys = log.events.map(identity);
      if (new Set(keys).size !== keys.length) problems.push('the import left duplicate events');
      if (keys.length !== bed.events.length + bed.historyEntries) {
        problems.push(
          `${keys.length} events after the import, not ${bed.events.length} + ${bed.historyEntries}`,
        );
      }
      return;
    }
    case 'playlists': {
      const ids = (await engine.store.analysedTracks()).map((t) => t.id);
      await engine.savedPlaylists().save({ name: 'After', kind: 'manual', trackIds: ids });
      return;
    }
  }
}
