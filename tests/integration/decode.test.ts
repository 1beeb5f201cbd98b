import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, decodeExcerpts } from '../../src/main/engine/audio/decode';
import { planExcerpts } from '../../src/main/engine/audio/excerpts';
import { resolveFfmpegPath } from '../../src/main/engine/audio/ffmpeg-path';
import { EXCERPT_SECONDS, SAMPLE_RATE } from '../../src/main/engine/audio/params';
import { encode, extensionOf, synthesize, tempDir, type Format } from '../helpers/synth';

const FORMATS: readonly Format[] = ['mp3', 'flac', 'ogg', 'opus', 'm4a', 'm4a-alac', 'wav', 'aiff'];
const TONE_HZ = 440;
const SHORT_SECONDS = 5;
const THIRDS_HZ = [300, 600, 1200] as const;

let dir = '';
beforeAll(async () => {
  dir = await tempDir('deepcut-decode-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Frequency of a pure tone from its zero crossings; independent of the mel code. */
function toneHz(samples: Float32Array): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++)
    if ((samples[i - 1] ?? 0) < 0 !== (samples[i] ?? 0) < 0) crossings++;
  return (crossings / 2) * (SAMPLE_RATE / samples.length);
}

async function failure(promise: Promise<unknown>): Promise<DecodeError> {
  const outcome = await promise.then(
    () => new Error('decoding succeeded'),
    (e: unknown) => e,
  );
  if (!(outcome instanceof DecodeError)) throw outcome;
  return outcome;
}

/** A 60 s file whose thirds hold different tones. */
async function thirdsFile(format: Format): Promise<string> {
  const third = 20;
  const samples = new Float32Array(3 * third * SAMPLE_RATE);
  THIRDS_HZ.forEach((freq, i) =>
    samples.set(synthesize({ kind: 'sine', freq }, third), i * third * SAMPLE_RATE),
  );
  return encode(samples, join(dir, `thirds.${extensionOf(format)}`), format);
}

describe('decodeExcerpts', () => {
  it.each(FORMATS)('decodes %s to mono 22,050 Hz with length and pitch kept', async (format) => {
    const tone = synthesize({ kind: 'sine', freq: TONE_HZ }, SHORT_SECONDS);
    const path = await encode(tone, join(dir, `${format}-tone.${extensionOf(format)}`), format);
    const { samples, segmentLengths } = await decodeExcerpts(path, planExcerpts(SHORT_SECONDS));
    expect(Math.abs(samples.length - tone.length)).toBeLessThan(0.02 * tone.length);
    expect(segmentLengths).toEqual([samples.length]);
    expect(toneHz(samples)).toBeGreaterThan(TONE_HZ * 0.99);
    expect(toneHz(samples)).toBeLessThan(TONE_HZ * 1.01);
  });

  it('downmixes and resamples a stereo 44.1 kHz file', async () => {
    const path = join(dir, 'stereo-44k.flac');
    // Left and right differ in level only, so a correct downmix keeps the tone's frequency.
    await promisify(execFile)(resolveFfmpegPath(), [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `sine=frequency=${TONE_HZ}:sample_rate=44100:duration=${SHORT_SECONDS}`],
      ...['-af', 'pan=stereo|c0=c0|c1=0.5*c0', '-c:a', 'flac', path],
    ]);
    const { samples } = await decodeExcerpts(path, planExcerpts(SHORT_SECONDS));
    expect(samples.length).toBe(SHORT_SECONDS * SAMPLE_RATE);
    expect(toneHz(samples) / TONE_HZ).toBeCloseTo(1, 2);
  });

  it.each(['mp3', 'ogg'] as const)('seeks to each excerpt of a long %s', async (format) => {
    const path = await thirdsFile(format);
    const { samples, segmentLengths } = await decodeExcerpts(path, planExcerpts(60));
    expect(segmentLengths).toEqual(THIRDS_HZ.map(() => EXCERPT_SECONDS * SAMPLE_RATE));
    let offset = 0;
    segmentLengths.forEach((n, i) => {
      const hz = toneHz(samples.subarray(offset, offset + n));
      expect(hz / (THIRDS_HZ[i] ?? NaN)).toBeCloseTo(1, 2);
      offset += n;
    });
  });

  it('shrinks excerpts past the real end instead of padding them with silence', async () => {
    const path = await thirdsFile('flac');
    // Tags claiming 100 s put the last excerpt at 70–80 s of a 60 s file.
    const plan = planExcerpts(100);
    expect((plan[2]?.startSec ?? 0) > 60).toBe(true);
    const { samples, segmentLengths } = await decodeExcerpts(path, plan);
    expect(segmentLengths).toEqual([
      EXCERPT_SECONDS * SAMPLE_RATE,
      EXCERPT_SECONDS * SAMPLE_RATE,
      0,
    ]);
    expect(samples.length).toBe(2 * EXCERPT_SECONDS * SAMPLE_RATE);
    expect(samples.subarray(-100).some((v) => v !== 0)).toBe(true);

    const nothing = await failure(decodeExcerpts(path, planExcerpts(300)));
    expect(nothing.message).toBe('no audio decoded');
  });

  it('reads a whole short file when the duration is unknown', async () => {
    const path = join(dir, `flac-tone.flac`);
    await encode(synthesize({ kind: 'sine', freq: TONE_HZ }, SHORT_SECONDS), path, 'flac');
    const { samples } = await decodeExcerpts(path, planExcerpts(null));
    expect(samples.length).toBe(SHORT_SECONDS * SAMPLE_RATE);
  });

  it('rejects a zero-byte file, a text file named .flac and a missing file', async () => {
    const empty = join(dir, 'empty.mp3');
    await writeFile(empty, '');
    expect((await failure(decodeExcerpts(empty, planExcerpts(null)))).message).toBe('empty file');

    const text = join(dir, 'notes.flac');
    await writeFile(text, 'these are not the droids you are looking for\n'.repeat(50));
    const notAudio = await failure(decodeExcerpts(text, planExcerpts(null)));
    expect(notAudio.message).not.toContain(text);
    expect(notAudio.message).toMatch(/\S/);
    expect(notAudio.message).not.toContain('\n');

    const missing = await failure(decodeExcerpts(join(dir, 'gone.mp3'), planExcerpts(null)));
    expect(missing.message).toBe('No such file or directory');
  });

  it('refuses a playlist saved under an audio name instead of opening the files it names', async () => {
    const target = join(dir, 'elsewhere.mp3');
    await encode(synthesize({ kind: 'sine', freq: TONE_HZ }, 2), target, 'mp3');
    const playlist = join(dir, 'playlist.mp3');
    await writeFile(
      playlist,
      `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n${target}\n#EXT-X-ENDLIST\n`,
    );
    const refused = await failure(decodeExcerpts(playlist, planExcerpts(null)));
    expect(refused.failure).toBe('unreadable');
  });

  it('decodes a truncated mp3 partially or fails, and does not hang', async () => {
    const seconds = 8;
    const full = await encode(
      synthesize({ kind: 'sine', freq: TONE_HZ }, seconds),
      join(dir, 'whole.mp3'),
      'mp3',
    );
    const bytes = await readFile(full);
    const cut = join(dir, 'cut.mp3');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const outcome = await decodeExcerpts(cut, planExcerpts(seconds)).then(
      (audio) => audio.samples.length,
      (e: unknown) => e,
    );
    if (typeof outcome === 'number') expect(outcome).toBeLessThan(0.75 * seconds * SAMPLE_RATE);
    else expect(outcome).toBeInstanceOf(DecodeError);
  });

  describe.skipIf(process.platform === 'win32')('on a file that never delivers data', () => {
    // Reading a FIFO with no writer blocks forever: ffmpeg is certainly still running when the
    // deadline or the abort comes, whatever the machine's speed.
    let fifo = '';
    beforeAll(async () => {
      fifo = join(dir, 'stuck.mp3');
      await promisify(execFile)('mkfifo', [fifo]);
    });

    it('kills ffmpeg when the timeout passes', async () => {
      const error = await failure(decodeExcerpts(fifo, planExcerpts(null), { timeoutMs: 300 }));
      expect(error.message).toBe('timed out after 0.3 s');
      expect(error.failure).toBe('timeout');
    });

    it('kills ffmpeg when the signal aborts', async () => {
      const controller = new AbortController();
      const decoding = decodeExcerpts(fifo, planExcerpts(null), { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      const error = await failure(decoding);
      expect(error.message).toBe('cancelled');
      expect(error.failure).toBe('cancelled');
    });
  });

  it('honours a signal aborted before or right after the call', async () => {
    const path = await encode(synthesize({ kind: 'noise' }, 2), join(dir, 'noise.wav'), 'wav');
    const aborted = AbortSignal.abort();
    expect(
      (await failure(decodeExcerpts(path, planExcerpts(2), { signal: aborted }))).message,
    ).toBe('cancelled');
    const controller = new AbortController();
    const decoding = decodeExcerpts(path, planExcerpts(2), { signal: controller.signal });
    controller.abort();
    expect((await failure(decoding)).failure).toBe('cancelled');
  });
});
