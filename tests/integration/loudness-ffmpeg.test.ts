/**
 * The loudness measured on the analysis's decoded audio agrees with ffmpeg's own EBU R128 meter
 * (its ebur128 filter, at the file's rate) on wide-band stereo whose channels differ: what a
 * mono measure or a wrong channel sum would miss by up to 3 LU.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExcerpts } from '../../src/main/engine/audio/decode';
import { resolveFfmpegPath } from '../../src/main/engine/audio/ffmpeg-path';
import { measureDecodedLoudness } from '../../src/main/engine/audio/loudness';
import { SAMPLE_RATE } from '../../src/main/engine/audio/params';
import { tempDir } from '../helpers/synth';

const run = promisify(execFile);
const ffmpeg = resolveFfmpegPath();

/** Integrated loudness by ffmpeg's ebur128 filter, read from its summary. */
async function ebur128(path: string): Promise<number> {
  const args = ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128', '-f', 'null', '-'];
  const { stderr } = await run(ffmpeg, args);
  const match = /Integrated loudness:\s*I:\s*(-?[\d.]+) LUFS/.exec(stderr);
  if (!match?.[1]) throw new Error(`no summary from ebur128:\n${stderr.slice(-500)}`);
  return Number(match[1]);
}

describe('loudness against ffmpeg ebur128', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['pink noise, channels unlike, one louder', 'pink', 0.3, 0.1],
    ['white noise, channels unlike', 'white', 0.2, 0.2],
  ])('agrees within 0.3 LU on %s', async (_name, colour, left, right) => {
    const path = join(dir, `${colour}.wav`);
    // Band-limited below 10 kHz: the analysis decodes at 22,050 Hz and hears nothing above 11.
    const graph =
      `anoisesrc=d=12:c=${colour}:r=44100:a=${left}:seed=1[l];` +
      `anoisesrc=d=12:c=${colour}:r=44100:a=${right}:seed=2[r];` +
      `[l][r]amerge=inputs=2,lowpass=f=9000,lowpass=f=9000[out]`;
    await run(
      ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', graph].concat([
        '-map',
        '[out]',
        '-c:a',
        'pcm_s16le',
        path,
      ]),
    );
    const decoded = await decodeExcerpts(path, [{ startSec: 0, seconds: 12 }]);
    const ours = measureDecodedLoudness(decoded, 2, SAMPLE_RATE)?.integratedLufs ?? NaN;
    expect(Math.abs(ours - (await ebur128(path)))).toBeLessThan(0.3);
  });
});
