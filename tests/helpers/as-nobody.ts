/**
 * Runs a snippet of TypeScript as the unprivileged user "nobody", for tests that need
 * permissions to bite while the suite itself runs as root (root ignores chmod 000).
 */
import { spawn } from 'node:child_process';
import { chmod, chown, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tempDir } from './synth';

/** The uid and gid of "nobody" on Linux. */
export const NOBODY = 65_534;

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Run `source` (an ES module; it may import repository files by absolute path) with tsx as
 * nobody and return what it printed on stdout. The caller makes the files it touches readable.
 * @throws when the script exits with a non-zero code, with its stderr in the message.
 */
export async function runAsNobody(source: string): Promise<string> {
  // tsx writes a compile cache under TMPDIR; nobody needs a folder of its own for it.
  const home = await tempDir('deepcut-nobody-');
  await chown(home, NOBODY, NOBODY);
  await chmod(home, 0o700);
  try {
    return await new Promise<string>((resolvePromise, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '--eval', source],
        {
          cwd: REPO,
          uid: NOBODY,
          gid: NOBODY,
          env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolvePromise(stdout);
        else reject(new Error(`script as nobody exited with ${String(code)}: ${stderr}`));
      });
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
