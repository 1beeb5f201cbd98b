import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage';

/** Where a command writes; the real process streams, or buffers in tests. */
export type CliIo = Readonly<{
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** node:util's parseArgs, with its complaints turned into usage errors (exit code 2). */
export function parseCommand<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Resolves once everything written to `stream` so far has been handed to the OS. On POSIX a
 * pipe is written asynchronously: a process that exits while writes are queued loses them (a
 * `--json` answer cut at the pipe's 64 KiB). A reader that went away (EPIPE) counts as flushed.
 */
export function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}

/**
 * Ends the process with `code` once stdout and stderr are flushed. Exiting outright (worker
 * threads and TF.js may hold the event loop open) is needed; exiting before the pipes drain is not.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * A reader that closes the pipe early (`deepcut mixes --json | head -c 100`) is not a failure
 * of the command: the rest of the output has nowhere to go, so the process ends quietly.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A positive whole number from a flag, or a usage error naming the flag. */
export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} takes a positive whole number, got "${value}"`);
  return n;
}
