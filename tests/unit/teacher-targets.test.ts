/**
 * The teacher's side of distillation that needs no teacher weights: decoding for it (channel
 * mean, 16 kHz, real ffmpeg) and the on-disk cache of its targets.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeForTeacher } from '../../src/main/engine/train/teacher/teacher-decode';
import {
  readTargets,
  TARGETS_FORMAT,
  writeTargets,
  type TeacherTargets,
} from '../../src/main/engine/train/teacher/teacher-targets';

/** A 16-bit PCM WAV file of the given channels (each a function of time) at 44.1 kHz. */
function wav(seconds: number, channels: readonly ((t: number) => number)[]): Buffer {
  const rate = 44_100;
  const frames = Math.round(seconds * rate);
  const data = Buffer.alloc(frames * channels.length * 2);
  for (let i = 0; i < frames; i++) {
    channels.forEach((f, c) => {
      const v = Math.max(-1, Math.min(1, f(i / rate)));
      data.writeInt16LE(Math.round(v * 32767), (i * channels.length + c) * 2);
    });
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels.length, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels.length * 2, 28);
  header.writeUInt16LE(channels.length * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function rms(x: Float32Array): number {
  return Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-teacher-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decoding for the teacher', () => {
  it('averages the channels (not ffmpeg’s +3 dB downmix) and resamples to 16 kHz', async () => {
    const tone = (t: number) => 0.5 * Math.sin(2 * Math.PI * 440 * t);
    const stereo = join(dir, 'left only.wav');
    const mono = join(dir, 'mono.wav');
    await writeFile(stereo, wav(3, [tone, () => 0]));
    await writeFile(mono, wav(3, [tone]));
    const excerpts = [
      { startSec: 0.5, seconds: 1 },
      { startSec: 1.5, seconds: 1.25 },
    ];
    const [a, b] = await decodeForTeacher(stereo, excerpts);
    expect(a?.length).toBeCloseTo(16_000, -2);
    expect(b?.length).toBeCloseTo(20_000, -2);
    // Half the left channel's level: RMS of a 0.5 sine is 0.354, its mean with silence 0.177.
    expect(rms(a ?? new Float32Array(1))).toBeCloseTo(0.177, 2);
    const [m] = await decodeForTeacher(mono, [excerpts[0] ?? { startSec: 0, seconds: 1 }]);
    expect(rms(m ?? new Float32Array(1))).toBeCloseTo(0.354, 2);
  });

  it('fails with the file named when ffmpeg cannot read it', async () => {
    const junk = join(dir, 'junk.mp3');
    await writeFile(junk, Buffer.from('not audio at all'));
    await expect(decodeForTeacher(junk, [{ startSec: 0, seconds: 1 }])).rejects.toThrow();
  });
});

describe('the targets cache', () => {
  const targets: TeacherTargets = {
    format: TARGETS_FORMAT,
    id: 'abcdef0123456789',
    excerpts: [
      { startSec: 10, seconds: 8 },
      { startSec: 50, seconds: 8 },
    ],
    patches: [0, 1].map((excerpt) => ({
      excerpt,
      startSec: 0,
      embedding: Float32Array.from({ length: 200 }, (_, d) => d / 7 + excerpt),
    })),
  };

  it('reads back what it wrote, for the same excerpts only', async () => {
    const cache = join(dir, 'cache');
    await writeTargets(cache, targets);
    const back = await readTargets(cache, targets.id, targets.excerpts);
    expect(back?.patches.map((p) => Array.from(p.embedding))).toEqual(
      targets.patches.map((p) => Array.from(p.embedding)),
    );
    // The track's duration changed, so its excerpts did: the entry is stale.
    expect(await readTargets(cache, targets.id, [{ startSec: 10, seconds: 8 }])).toBeNull();
    expect(await readTargets(cache, 'ffffffffffffffff', targets.excerpts)).toBeNull();
  });

  it('treats a damaged or truncated entry as missing', async () => {
    const cache = join(dir, 'damaged');
    await writeTargets(cache, targets);
    await writeFile(join(cache, `${targets.id}.json`), '{"format":1,"excerpts":[');
    expect(await readTargets(cache, targets.id, targets.excerpts)).toBeNull();
    await writeFile(
      join(cache, `${targets.id}.json`),
      JSON.stringify({ ...targets, patches: [{ excerpt: 0, startSec: 0, embedding: [1, 2] }] }),
    );
    expect(await readTargets(cache, targets.id, targets.excerpts)).toBeNull();
  });
});
