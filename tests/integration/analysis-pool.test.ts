import { getEventListeners } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMel } from '../../src/main/engine/audio/mel-cache';
import { MEL_BANDS } from '../../src/main/engine/audio/params';
import { AnalysisPool } from '../../src/main/engine/jobs/analysis-pool';
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
});
