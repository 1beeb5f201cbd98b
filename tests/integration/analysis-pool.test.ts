import { getEventListeners } from 'node:events';
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMel } from '../../src/main/engine/audio/mel-cache';
import { MEL_BANDS } from '../../src/main/engine/audio/params';
import { STAGE_WORDS } from '../../src/main/engine/jobs/analysis-bounds';
import { AnalysisPool } from '../../src/main/engine/jobs/analysis-pool';
import type { AnalysisStage } from '../../src/main/engine/jobs/analysis-protocol';
import { encode, synthesize, tempDir } from '../helpers/synth';

describe('AnalysisPool (worker processes, real ffmpeg and Meyda)', () => {
  let dir: string;
  let pool: AnalysisPool;
  let tone: string;

  beforeAll(async () => {
    dir = await tempDir();
    tone = await encode(synthesize({ kind: 'sine', freq: 440 }, 4), join(dir, 'tone.flac'), 'flac');
    pool = new AnalysisPool({ workers: 1 });
  });

  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('returns a log-mel and a thumbnail, and a bad file as a reply rather than a rejection', async () => {
    const bad = join(dir, 'bad.mp3');
    await writeFile(bad, 'not audio at all');
    const [good, failed] = await Promise.all([
      pool.analyse({ path: tone, durationSec: 4 }),
      pool.analyse({ path: bad, durationSec: null }),
    ]);
    expect(good.type).toBe('analysed');
    if (good.type === 'analysed') {
      expect(good.bands).toBe(MEL_BANDS);
      // The log-mel arrives as the mel cache's bytes, excerpt boundaries included.
      const mel = decodeMel(good.melBytes);
      expect(mel).toMatchObject({ frames: good.frames, bands: MEL_BANDS });
      expect(mel.data.length).toBe(good.frames * MEL_BANDS);
      expect(mel.excerptFrames).toEqual(good.excerptFrames);
      expect(good.excerptFrames.reduce((a, b) => a + b, 0)).toBe(good.frames);
      expect(good.thumbnail.data.length).toBeGreaterThan(0);
    }
    expect(failed).toMatchObject({ type: 'failed' });
  });

  it('leaves no abort listeners behind on a signal shared by many jobs', async () => {
    const controller = new AbortController();
    await Promise.all(
      Array.from({ length: 12 }, () =>
        pool.analyse({ path: tone, durationSec: 4 }, controller.signal),
      ),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('reads tags itself when no duration is given, and reports them with a failure too', async () => {
    const reply = await pool.analyse({ path: tone });
    expect(reply).toMatchObject({ type: 'analysed', tags: { durationSec: expect.any(Number) } });
    const bad = join(dir, 'bad2.ogg');
    await writeFile(bad, 'OggS but not really');
    const failed = await pool.analyse({ path: bad });
    expect(failed.type).toBe('failed');
    expect(failed.tagsError ?? (failed.type === 'failed' ? failed.reason : '')).not.toBe('');
  });
});

describe('AnalysisPool bounds', () => {
  let dir: string;
  let tone: string;

  beforeAll(async () => {
    dir = await tempDir();
    tone = await encode(synthesize({ kind: 'sine', freq: 440 }, 4), join(dir, 'tone.flac'), 'flac');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Every stage that reads the file is held to its own bound: a worker stopped as the file enters
  // it (what a reader caught in a synchronous loop looks like from outside) is killed once that
  // bound and the grace have passed, the file fails naming the stage, and the rest go on.
  it.each<AnalysisStage>(['tags'])(
    'fails a file held past the %s bound with that reason, and analyses the others',
    async (held) => {
      const victim = join(dir, `held-in-${held}.flac`);
      await copyFile(tone, victim);
      let pool: AnalysisPool | null = null;
      const stopWorker = (path: string, stage: string): void => {
        if (path !== victim || stage !== held) return;
        for (const pid of pool?.pids ?? []) process.kill(pid, 'SIGSTOP');
      };
      pool = new AnalysisPool({
        workers: 1,
        boundsMs: { [held]: 3000 },
        stuckGraceMs: 1000,
        onStage: stopWorker,
      });
      try {
        const job = { artworkDataDir: dir, loudness: true };
        const [stuck, other] = await Promise.all([
          pool.analyse({ path: victim, ...job }),
          pool.analyse({ path: tone, ...job }),
        ]);
        expect(stuck).toMatchObject({
          type: 'failed',
          reason: `timed out ${STAGE_WORDS[held]} after 3 s`,
        });
        expect(other).toMatchObject({ type: 'analysed' });
        expect(await pool.analyse({ path: tone, ...job })).toMatchObject({ type: 'analysed' });
      } finally {
        await pool.close();
      }
    },
    180_000,
  );

  it('gives up a folder image that never arrives after the artwork bound, and analyses the audio', async () => {
    // A FIFO as the folder's cover: opening it waits for a writer that never comes. The worker's
    // own bound ends the wait; the picture is skipped with that reason, the audio is analysed.
    const folder = join(dir, 'held-cover');
    await mkdir(folder, { recursive: true });
    const cover = join(folder, 'cover.jpg');
    await promisify(execFile)('mkfifo', [cover]);
    const victim = join(folder, 'track.flac');
    await copyFile(tone, victim);
    const pool = new AnalysisPool({ workers: 1, boundsMs: { artwork: 3000 }, stuckGraceMs: 1000 });
    try {
      const job = { artworkDataDir: dir, loudness: true };
      const [held, other] = await Promise.all([
        pool.analyse({ path: victim, ...job }),
        pool.analyse({ path: tone, ...job }),
      ]);
      expect(held).toMatchObject({
        type: 'analysed',
        artwork: null,
        artworkError: 'timed out reading artwork after 3 s',
      });
      expect(other).toMatchObject({ type: 'analysed' });
    } finally {
      await pool.close();
      await open(cover, constants.O_WRONLY | constants.O_NONBLOCK).then(
        (writer) => writer.close(),
        () => undefined,
      );
    }
  }, 120_000);

  it('kills a worker held past a stage’s bound, fails that file and analyses the others', async () => {
    // A FIFO with no writer: ffmpeg waits on it, so the file is certainly still in its decode
    // stage when the worker is stopped, whatever the machine's speed.
    const fifo = join(dir, 'victim.flac');
    await promisify(execFile)('mkfifo', [fifo]);
    let pool: AnalysisPool | null = null;
    const stopWorker = (path: string, stage: string): void => {
      // A stopped process is what a reader caught in a synchronous loop looks like from outside.
      if (path !== fifo || stage !== 'decode') return;
      for (const pid of pool?.pids ?? []) process.kill(pid, 'SIGSTOP');
    };
    pool = new AnalysisPool({
      workers: 1,
      boundsMs: { decode: 3000 },
      stuckGraceMs: 500,
      onStage: stopWorker,
    });
    try {
      const [stuck, other] = await Promise.all([
        pool.analyse({ path: fifo, durationSec: 10 }),
        pool.analyse({ path: tone }),
      ]);
      expect(stuck).toMatchObject({ type: 'failed', reason: 'timed out decoding after 3 s' });
      expect(other.type).toBe('analysed');
      // The replacement worker goes on with new files.
      expect((await pool.analyse({ path: tone })).type).toBe('analysed');
    } finally {
      await pool.close();
      // If the killed worker had started ffmpeg, it still waits on the FIFO: an end of file lets
      // it exit. Opened without blocking, which fails (ENXIO) when nothing reads it.
      await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then(
        (writer) => writer.close(),
        () => undefined,
      );
    }
  }, 60_000);
});
