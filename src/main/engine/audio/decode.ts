import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Excerpt } from './excerpts';
import { resolveFfmpegPath } from './ffmpeg-path';
import { SAMPLE_RATE } from './params';

/**
 * The only demuxers ffmpeg may use: the formats the library scans (mov covers m4a/mp4).
 * Without this, a playlist or concat list saved under an audio name (HLS text as ".mp3") would
 * make ffmpeg open other local files.
 */
const DEMUXERS = 'mp3,flac,ogg,mov,wav,aiff';

/** The decoded excerpts one after another, at SAMPLE_RATE. */
export type DecodedAudio = Readonly<{
  /** Mono: what the log-mel is made from. */
  samples: Float32Array;
  /**
   * The same frames in stereo, interleaved (left, right): what loudness is measured on. A mono
   * file comes as two equal channels at −3 dB each (ffmpeg's upmix), so `samples` is
   * (left + right) / √2 for every file, as ffmpeg's own downmix to mono.
   */
  stereo: Float32Array;
  /**
   * Frames per excerpt, in the order asked for; they sum to `samples.length`. An excerpt that lay
   * past the real end of the file (the tags overstated its duration) has length 0.
   */
  segmentLengths: number[];
}>;

/** Why decoding failed: ffmpeg refused the file, it held no audio, or decoding was stopped. */
export type DecodeFailure = 'unreadable' | 'no-audio' | 'timeout' | 'cancelled';

/** A file that could not be decoded; `message` is a one-line reason fit to show the user. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly failure: DecodeFailure;

  constructor(message: string, failure: DecodeFailure, options?: ErrorOptions) {
    super(message, options);
    this.failure = failure;
  }
}

export type DecodeOptions = Readonly<{
  /** ffmpeg binary; default as resolveFfmpegPath decides. */
  ffmpegPath?: string;
  /** Kill ffmpeg after this long; default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}>;

const DEFAULT_TIMEOUT_MS = 30_000;
// Read a little past each excerpt so decoder priming and resampler delay cannot leave it short;
// atrim then cuts it to the exact length.
const READ_MARGIN_SEC = 0.25;
const STDERR_TAIL_CHARS = 8192;

/**
 * Decode `excerpts` of the file at `path` to mono float32 at SAMPLE_RATE with one ffmpeg process.
 *
 * Each excerpt is its own input, seeked with `-ss`/`-t` before `-i`, so ffmpeg reads only around
 * the excerpts, never the whole file. In the filter graph each is converted, padded with silence
 * and trimmed to exactly its planned length, so excerpt boundaries in the concatenated output are
 * known without any side channel; the padding (trailing exact zeros) is then cut off again, so an
 * excerpt past the file's real end shrinks rather than turning into silence.
 *
 * @throws DecodeError when the file cannot be decoded, holds no audio, or time runs out or
 *   `signal` aborts (ffmpeg is killed in both cases).
 * @throws RangeError when `excerpts` is empty.
 */
export async function decodeExcerpts(
  path: string,
  excerpts: readonly Excerpt[],
  opts: DecodeOptions = {},
): Promise<DecodedAudio> {
  if (opts.signal?.aborted) throw new DecodeError('cancelled', 'cancelled');
  if (excerpts.length === 0) throw new RangeError('decodeExcerpts needs at least one excerpt');
  // ffmpeg's message for a zero-byte file is a bare "Invalid argument"; say what it is instead.
  const empty = await stat(path).then(
    (s) => s.isFile() && s.size === 0,
    () => false,
  );
  if (empty) throw new DecodeError('empty file', 'unreadable');

  const lengths = excerpts.map((e) => Math.round(e.seconds * SAMPLE_RATE));
  const input = `file:${path}`;
  const args = excerptDecodeArgs(path, excerpts, 2);
  const all = await runFfmpeg(resolveFfmpegPath(opts.ffmpegPath), args, input, {
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: opts.signal,
  });
  return stripPadding(all, lengths);
}

/**
 * The ffmpeg arguments that decode `excerpts` of `path` to raw float samples at SAMPLE_RATE on
 * stdout, with `channels` channels: each excerpt its own seeked input, converted, padded and
 * trimmed to its exact length, then all joined. Exported so the scan benchmark's decode floor
 * runs the very command a scan does.
 */
export function excerptDecodeArgs(
  path: string,
  excerpts: readonly Excerpt[],
  channels: 1 | 2,
): string[] {
  const lengths = excerpts.map((e) => Math.round(e.seconds * SAMPLE_RATE));
  // The file: prefix keeps ffmpeg from reading a path such as "http:x" or "concat:a|b" as a URL.
  const input = `file:${path}`;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  excerpts.forEach((e) => {
    args.push('-ss', e.startSec.toFixed(3), '-t', (e.seconds + READ_MARGIN_SEC).toFixed(3));
    args.push('-format_whitelist', DEMUXERS, '-i', input);
  });
  const layout = channels === 1 ? 'mono' : 'stereo';
  const format = `aformat=sample_fmts=flt:sample_rates=${SAMPLE_RATE}:channel_layouts=${layout}`;
  const chains = lengths.map(
    (n, i) => `[${i}:a]${format},apad=whole_len=${n},atrim=end_sample=${n}[s${i}]`,
  );
  const labels = lengths.map((_, i) => `[s${i}]`).join('');
  const graph = `${chains.join(';')};${labels}concat=n=${lengths.length}:v=0:a=1[out]`;
  args.push('-filter_complex', graph, '-map', '[out]');
  args.push('-f', 'f32le', '-ac', String(channels), '-ar', String(SAMPLE_RATE), 'pipe:1');
  return args;
}

/**
 * Cuts each excerpt's trailing exact silence (the padding, or audio past the file's end) from
 * interleaved stereo, and makes the mono downmix of what is left.
 */
function stripPadding(all: Float32Array, lengths: readonly number[]): DecodedAudio {
  const segmentLengths: number[] = [];
  const frames = Math.floor(all.length / 2);
  let read = 0;
  let write = 0;
  for (const n of lengths) {
    const end = Math.min(frames, read + n);
    let last = end;
    while (last > read && all[2 * last - 1] === 0 && all[2 * last - 2] === 0) last--;
    all.copyWithin(2 * write, 2 * read, 2 * last);
    segmentLengths.push(last - read);
    write += last - read;
    read = end;
  }
  if (write === 0) throw new DecodeError('no audio decoded', 'no-audio');
  const stereo = 2 * write === all.length ? all : all.slice(0, 2 * write);
  const samples = new Float32Array(write);
  for (let i = 0; i < write; i++) {
    samples[i] = ((stereo[2 * i] as number) + (stereo[2 * i + 1] as number)) * Math.SQRT1_2;
  }
  return { samples, stereo, segmentLengths };
}

function runFfmpeg(
  ffmpeg: string,
  args: readonly string[],
  input: string,
  limits: Readonly<{ timeoutMs: number; signal: AbortSignal | undefined }>,
): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderrTail = '';
    let stopReason: DecodeError | null = null;
    let settled = false;

    const stop = (reason: DecodeError): void => {
      if (stopReason) return;
      stopReason = reason;
      child.kill('SIGKILL');
    };
    const onAbort = (): void => stop(new DecodeError('cancelled', 'cancelled'));
    const timer = setTimeout(
      () => stop(new DecodeError(`timed out after ${limits.timeoutMs / 1000} s`, 'timeout')),
      limits.timeoutMs,
    );
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    // The signal may have fired while the caller awaited stat, before the listener existed.
    if (limits.signal?.aborted) onAbort();
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      outcome();
    };

    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (cause) =>
      settle(() =>
        reject(new DecodeError(`cannot run ffmpeg: ${cause.message}`, 'unreadable', { cause })),
      ),
    );
    child.on('close', (code) =>
      settle(() => {
        if (stopReason) reject(stopReason);
        else if (code !== 0) {
          const reason = lastMeaningfulLine(stderrTail, input) ?? `ffmpeg exited with code ${code}`;
          reject(new DecodeError(reason, reason === NO_AUDIO_STREAM ? 'no-audio' : 'unreadable'));
        } else resolve(joinChunks(chunks, bytes));
      }),
    );
  });
}

function joinChunks(chunks: readonly Buffer[], bytes: number): Float32Array {
  const out = new Float32Array(Math.floor(bytes / 4));
  const view = new Uint8Array(out.buffer);
  let pos = 0;
  for (const chunk of chunks) {
    const n = Math.min(chunk.length, view.length - pos);
    view.set(chunk.subarray(0, n), pos);
    pos += n;
  }
  return out;
}

const NO_AUDIO_STREAM = 'no audio stream';
// Lines ffmpeg prints after the real error, saying only that it gave up.
const GENERIC_LINES = [
  /^Conversion failed!?$/,
  /^Error marking filters as finished$/,
  /^Error initializing complex filters/,
  /^Error while filtering/,
  /^Last message repeated/,
  /^Exiting normally/,
];

/**
 * What ffmpeg says of data it cannot use, in its own words (errno-like strings such as
 * "Operation not permitted" or "Input/output error" that would read as a disk or permission
 * problem to a person): the reason then says the audio is damaged and keeps ffmpeg's words.
 */
const DAMAGED = [
  /^Invalid data found when processing input$/,
  /^Operation not permitted$/,
  /^Input\/output error$/,
  /^Unknown error occurred$/,
  /^End of file$/,
  /^Invalid argument$/,
  /^Cannot allocate memory$/,
  /^Error while decoding stream/,
  /^Error while opening decoder/,
  /^Cannot determine format of input stream/,
  /^Decoder \(codec none\) not found/,
];

function lastMeaningfulLine(stderr: string, input: string): string | null {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !GENERIC_LINES.some((re) => re.test(l)));
  const line = lines.at(-1);
  if (line === undefined) return null;
  if (/matches no streams/.test(line)) return NO_AUDIO_STREAM;
  // The path is known to the caller; "[mp3 @ 0x55d…]" is a pointer, noise to a user.
  const said = line.replace(`${input}: `, '').replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/, '');
  return DAMAGED.some((re) => re.test(said))
    ? `damaged or unsupported audio (ffmpeg: ${said})`
    : said;
}
