import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeMel,
  encodeMel,
  excerptFrameCounts,
  MEL_CACHE_MAX_ERROR,
  MelCache,
  valueReader,
  type CachedMel,
} from '../../src/main/engine/audio/mel-cache';
import { computeExcerptsLogMel, LOG_MEL_FLOOR } from '../../src/main/engine/audio/mel';
import { MEL_BANDS } from '../../src/main/engine/audio/params';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { synthesize } from '../helpers/synth';

function randomMel(excerptFrames: number[], seed: number): CachedMel {
  const rand = mulberry32(seed);
  const frames = excerptFrames.reduce((a, b) => a + b, 0);
  const data = Float32Array.from({ length: frames * MEL_BANDS }, () => LOG_MEL_FLOOR * rand());
  return { frames, bands: MEL_BANDS, data, excerptFrames };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-melcache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mel cache', () => {
  it('round-trips a real log-mel within the quantisation error, excerpts included', async () => {
    const samples = new Float32Array([
      ...synthesize({ kind: 'chord', freqs: [220, 330, 440] }, 2),
      ...synthesize({ kind: 'noise', seed: 3 }, 1.5),
    ]);
    const segments = [2 * 22_050, 1.5 * 22_050];
    const mel = {
      ...computeExcerptsLogMel(samples, segments),
      excerptFrames: excerptFrameCounts(segments),
    };
    expect(mel.excerptFrames.reduce((a, b) => a + b, 0)).toBe(mel.frames);
    const cache = new MelCache(dir);
    await cache.write('0123456789abcdef', mel);
    const back = await cache.read('0123456789abcdef');
    expect(back?.frames).toBe(mel.frames);
    expect(back?.bands).toBe(MEL_BANDS);
    expect(back?.excerptFrames).toEqual(mel.excerptFrames);
    let worst = 0;
    mel.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (back?.data[i] ?? NaN)))));
    expect(worst).toBeLessThanOrEqual(MEL_CACHE_MAX_ERROR + 1e-6);
    expect(worst).toBeGreaterThan(0);
  });

  it('stores one byte per value after a small header, under a two-character folder', async () => {
    const mel = randomMel([343, 343, 343], 1);
    const cache = new MelCache(dir);
    await cache.write('abcdef0123456789', mel);
    expect(await readdir(join(dir, 'mels'))).toEqual(['ab']);
    expect(await readdir(join(dir, 'mels', 'ab'))).toEqual(['abcdef0123456789.bin']);
    expect(encodeMel(mel).length).toBe(16 + 3 * 4 + 1029 * MEL_BANDS);
  });

  it('keeps bytes as they are in the quantised form, read back to the same values', async () => {
    const mel = randomMel([100, 28], 2);
    const cache = new MelCache(dir);
    await cache.write('feedfacefeedface', mel);
    const quantised = await cache.readQuantised('feedfacefeedface');
    const expanded = await cache.read('feedfacefeedface');
    expect(quantised?.levels).toBeInstanceOf(Uint8Array);
    const read = valueReader(quantised ?? mel);
    expanded?.data.forEach((v, i) => expect(read(i)).toBe(v));
  });

  it('has, replaces and deletes entries; a missing or damaged entry reads as null', async () => {
    const cache = new MelCache(dir);
    const id = '00000000deadbeef';
    expect(await cache.has(id)).toBe(false);
    expect(await cache.read(id)).toBeNull();
    await cache.write(id, randomMel([10], 3));
    await cache.write(id, randomMel([20, 5], 4));
    expect(await cache.has(id)).toBe(true);
    expect((await cache.read(id))?.excerptFrames).toEqual([20, 5]);
    // Only the entry itself is there: the temporary file was renamed, not left behind.
    expect(await readdir(join(dir, 'mels', '00'))).toEqual([`${id}.bin`]);
    await writeFile(cache.pathOf(id), encodeMel(randomMel([10], 5)).subarray(0, 100));
    expect(await cache.read(id)).toBeNull();
    await cache.delete(id);
    await cache.delete(id);
    expect(await cache.has(id)).toBe(false);
  });

  it('refuses inconsistent spectrograms and foreign bytes', () => {
    const mel = randomMel([10, 10], 6);
    expect(() => encodeMel({ ...mel, excerptFrames: [10, 9] })).toThrow(/add up/);
    expect(() => decodeMel(new Uint8Array(40))).toThrow(/not a cached log-mel/);
    expect(() => new MelCache(dir).pathOf('../etc')).toThrow(/bad track id/);
  });
});
