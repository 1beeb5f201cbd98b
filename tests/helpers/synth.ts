/**
 * Audio fixtures made inside the tests: tones, noise and click tracks, encoded with the bundled
 * ffmpeg into every format the scanner reads. No downloads.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegPath } from '../../src/main/engine/audio/ffmpeg-path';

const run = promisify(execFile);

export type Signal = Readonly<
  | { kind: 'sine'; freq: number }
  | { kind: 'chord'; freqs: readonly number[] }
  | { kind: 'noise'; seed?: number }
  | { kind: 'clicks'; bpm: number }
>;

/** Mono float samples of a signal at `amplitude` (default 0.5). */
export function synthesize(
  signal: Signal,
  seconds: number,
  sampleRate = 22_050,
  amplitude = 0.5,
): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  switch (signal.kind) {
    case 'sine':
      for (let i = 0; i < n; i++)
        out[i] = amplitude * Math.sin((2 * Math.PI * signal.freq * i) / sampleRate);
      break;
    case 'chord':
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (const f of signal.freqs) v += Math.sin((2 * Math.PI * f * i) / sampleRate);
        out[i] = (amplitude * v) / signal.freqs.length;
      }
      break;
    case 'noise': {
      let state = (signal.seed ?? 1) >>> 0 || 1;
      for (let i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        out[i] = amplitude * (((state >>> 0) / 0xffffffff) * 2 - 1);
      }
      break;
    }
    case 'clicks': {
      const period = Math.round((60 / signal.bpm) * sampleRate);
      const clickLen = Math.round(0.01 * sampleRate);
      for (let i = 0; i < n; i++) {
        const k = i % period;
        if (k < clickLen) out[i] = amplitude * (1 - k / clickLen) * Math.sin(i * 0.9);
      }
      break;
    }
  }
  return out;
}

/** Output formats, by file extension; m4a-alac is written as `.m4a`. */
export type Format = 'mp3' | 'flac' | 'ogg' | 'opus' | 'm4a' | 'm4a-alac' | 'wav' | 'aiff';

const CODEC_ARGS: Record<Format, readonly string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '4'],
  opus: ['-c:a', 'libopus', '-b:a', '64k'],
  m4a: ['-c:a', 'aac', '-b:a', '128k'],
  'm4a-alac': ['-c:a', 'alac'],
  wav: ['-c:a', 'pcm_s16le'],
  aiff: ['-c:a', 'pcm_s16be'],
};

export function extensionOf(format: Format): string {
  return format === 'm4a-alac' ? 'm4a' : format;
}

export type Tags = Readonly<
  Partial<
    Record<
      'title' | 'artist' | 'album' | 'album_artist' | 'track' | 'disc' | 'date' | 'genre',
      string
    >
  >
>;

/**
 * Encode mono samples to `outPath` with the bundled ffmpeg, writing `tags` as metadata.
 * Opus only takes 48 kHz, so ffmpeg resamples for it.
 */
export async function encode(
  samples: Float32Array,
  outPath: string,
  format: Format,
  options: Readonly<{
    sampleRate?: number;
    tags?: Tags;
    /** Any other tags, by their name in the file (REPLAYGAIN_TRACK_GAIN, say). */
    extraTags?: Readonly<Record<string, string>>;
    /** An image to embed as the cover (mp3, flac and m4a carry one). */
    cover?: string;
  }> = {},
): Promise<string> {
  const sampleRate = options.sampleRate ?? 22_050;
  await mkdir(dirname(outPath), { recursive: true });
  const raw = `${outPath}.f32le`;
  await writeFile(raw, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  const meta = Object.entries({ ...options.tags, ...options.extraTags }).flatMap(([k, v]) => [
    '-metadata',
    `${k}=${v}`,
  ]);
  const cover =
    options.cover === undefined
      ? []
      : ['-i', options.cover, '-map', '0:a', '-map', '1:v', '-c:v', 'copy'];
  const coverDisposition = options.cover === undefined ? [] : ['-disposition:v', 'attached_pic'];
  const rate = format === 'opus' ? ['-ar', '48000'] : [];
  const container = format === 'm4a' || format === 'm4a-alac' ? ['-f', 'ipod'] : [];
  try {
    await run(resolveFfmpegPath(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'f32le',
      '-ar',
      String(sampleRate),
      '-ac',
      '1',
      '-i',
      raw,
      ...cover,
      ...rate,
      ...CODEC_ARGS[format],
      ...coverDisposition,
      ...meta,
      ...container,
      outPath,
    ]);
  } finally {
    await rm(raw, { force: true });
  }
  return outPath;
}

/** A fresh temporary folder; remove it with `rm(dir, { recursive: true, force: true })`. */
export function tempDir(prefix = 'deepcut-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
