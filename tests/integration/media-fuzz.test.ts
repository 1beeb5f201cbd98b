/**
 * Media fuzzing: a few hundred seeded mutations of every supported format (cut at page, frame,
 * block, box and chunk boundaries and at random offsets, headers alone, absurd and zero sizes,
 * flipped bytes) scanned by the real pipeline. Every file ends analysed or failed with a reason,
 * none past its time bound, no worker lost, and the scan finishes. `npm run bench:fuzz` runs
 * the same mutator over ten thousand and more.
 */
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { extensionOf, tempDir, type Format } from '../helpers/synth';
import { fuzzCases, fuzzSeeds, FUZZ_FORMATS, type FuzzCase } from '../helpers/media-fuzz';

const CASES = 320;
const SEED = 16;
/** What a fuzzed file must never cause: a stage past its bound, a lost worker. */
const HARNESS_FAILURE = /timed out|worker exited|stopped answering|pool closed/;

describe('media fuzzing (real ffmpeg, music-metadata, sharp, Meyda, TF.js, LanceDB)', () => {
  let root: string;
  let cases: FuzzCase[];
  let paths: string[];
  let engine: Engine;

  beforeAll(async () => {
    root = await tempDir('deepcut-fuzz-');
    const seeds = await fuzzSeeds(join(root, 'seeds'), 30);
    const bytes = new Map<Format, Uint8Array>();
    for (const [format, path] of seeds) bytes.set(format, await readFile(path));
    cases = fuzzCases(bytes, CASES, SEED);
    paths = [];
    for (const [i, c] of cases.entries()) {
      const dir = join(root, 'music', c.format);
      await mkdir(dir, { recursive: true });
      const path = join(dir, `case-${String(i).padStart(4, '0')}.${extensionOf(c.format)}`);
      await writeFile(path, c.bytes);
      paths.push(path);
    }
    engine = await Engine.open({ dataDir: join(root, 'data'), workers: 2 });
  }, 120_000);

  afterAll(async () => {
    await engine.close();
    await rm(root, { recursive: true, force: true });
  });

  it('draws the same cases from the same seed, every format and the 100-byte cut among them', () => {
    expect(cases).toHaveLength(CASES);
    expect(new Set(cases.map((c) => c.format))).toEqual(new Set(FUZZ_FORMATS));
    const opusCut = cases.find((c) => c.format === 'opus' && c.mutation === 'first 100 B');
    expect(opusCut?.bytes.length).toBe(100);
    for (const kind of [
      /^cut at boundary/,
      /^absurd size/,
      /^zero size/,
      /bit flips/,
      /^headers only/,
    ]) {
      expect(
        cases.some((c) => kind.test(c.mutation)),
        String(kind),
      ).toBe(true);
    }
  });

  it('scans every case to an outcome with a reason, none past its bound', async () => {
    const summary = await engine.scan([join(root, 'music')]);
    const failed = new Map(summary.failed.map((f) => [f.path, f.reason]));
    expect(summary.analysed + failed.size).toBe(CASES);
    const harness: string[] = [];
    for (const [i, path] of paths.entries()) {
      const reason = failed.get(path);
      if (reason === undefined) continue;
      expect(reason.trim().length, path).toBeGreaterThan(3);
      if (HARNESS_FAILURE.test(reason)) harness.push(`${cases[i]?.mutation}: ${reason}`);
    }
    expect(harness).toEqual([]);
    // Damage that leaves the audio readable still gets analysed: the harness is not all refusals.
    expect(summary.analysed).toBeGreaterThan(CASES / 5);
    // Every case is listed, with a title (its own, or its file name's).
    const listed = await engine.store.listTracks({
      offset: 0,
      limit: 500,
      sort: 'title',
      direction: 'asc',
      search: '',
    });
    expect(listed.total).toBe(CASES);
    for (const row of listed.rows) expect(row.title.length).toBeGreaterThan(0);
  }, 600_000);
});
