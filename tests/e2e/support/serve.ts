/** Runs the real `deepcut serve` (bin/deepcut.js) in a child process and reads its address. */
import type { ChildProcess } from 'node:child_process';
import { startCli } from '../../helpers/cli';

/** A running `deepcut serve`. */
export type Served = Readonly<{
  url: string;
  origin: string;
  child: ChildProcess;
  stderr: () => string;
  /** Ctrl-C, as a person would stop it; resolves with the exit code. */
  stop: () => Promise<number | null>;
}>;

/** Starts `deepcut serve --json` with `args`; resolves once it prints its address. */
export function startServe(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<Served> {
  const child = startCli(['serve', '--json', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null) child.kill('SIGINT');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`deepcut serve printed no address in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      const { url, origin } = JSON.parse(line) as { url: string; origin: string };
      resolve({ url, origin, child, stderr: () => stderr, stop });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`deepcut serve exited with ${code}: ${stderr}`));
    });
  });
}
