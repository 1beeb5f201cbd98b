/**
 * Decodes excerpts of a file the way the teacher was fed (preprocessing.md §1–3): the mean of
 * the channels (not ffmpeg's (L + R) / √2 downmix, 3 dB louder, which the app's decode.ts does),
 * then resampled to 16 kHz with soxr at its highest precision (the closest of the measured
 * resamplers to the original's resampy, embedding cosine 0.9994).
 */
import { spawn } from 'node:child_process';
import { parseFile } from 'music-metadata';
import { resolveFfmpegPath } from '../../audio/ffmpeg-path';
import type { Excerpt } from '../../audio/excerpts';
import { TEACHER_SAMPLE_RATE } from './musicnn-frontend';

const TIMEOUT_MS = 60_000;

/** A filter averaging `channels` channels into one. */
function meanFilter(channels: number): string {
  if (channels <= 1) return 'anull';
  const terms = Array.from({ length: channels }, (_, c) => `${1 / channels}*c${c}`);
  return `pan=mono|c0=${terms.join('+')}`;
}

function decodeOne(
  ffmpeg: string,
  path: string,
  excerpt: Excerpt,
  channels: number,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-ss',
    String(excerpt.startSec),
    '-t',
    String(excerpt.seconds),
    '-i',
    path,
    '-map',
    '0:a:0',
    '-af',
    `${meanFilter(channels)},aresample=${TEACHER_SAMPLE_RATE}:resampler=soxr:precision=28`,
    '-ac',
    '1',
    '-f',
    'f32le',
    'pipe:1',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      if (code !== 0) {
        reject(new Error(`ffmpeg failed on ${path} (${code ?? 'killed'}): ${stderr.trim()}`));
        return;
      }
      const bytes = Buffer.concat(chunks);
      const copy = new Uint8Array(bytes.length - (bytes.length % 4));
      copy.set(bytes.subarray(0, copy.length));
      resolve(new Float32Array(copy.buffer));
    });
  });
}

/** Each excerpt of the file at `path` as 16 kHz mono samples (channel mean), in order. */
export async function decodeForTeacher(
  path: string,
  excerpts: readonly Excerpt[],
  options: Readonly<{ signal?: AbortSignal; ffmpegPath?: string }> = {},
): Promise<Float32Array[]> {
  const meta = await parseFile(path, { duration: false, skipCovers: true });
  const channels = meta.format.numberOfChannels ?? 2;
  const ffmpeg = options.ffmpegPath ?? resolveFfmpegPath();
  const out: Float32Array[] = [];
  for (const excerpt of excerpts) {
    out.push(await decodeOne(ffmpeg, path, excerpt, channels, options.signal));
  }
  return out;
}
