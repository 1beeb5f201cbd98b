/**
 * A small disk for a data folder: a tmpfs mounted over a folder (root only), filled on demand to
 * leave a given number of bytes free, and made read-only. Where mounting is refused (not root, a
 * container without CAP_SYS_ADMIN), {@link smallDiskRefusal} says why, for the test's skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why no tmpfs can be mounted here, or null when one can. Probed once, with a 1 MB mount. */
export const smallDiskRefusal: string | null = (() => {
  if (process.platform !== 'linux') return `tmpfs mounts are Linux's (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = mkdtempSync(join(tmpdir(), 'deepcut-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs was refused: ${String((error as Error).message).split('\n')[0]}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

const FILLER = '.filler';

/** A tmpfs of `megabytes` mounted at `dir` (created if needed). */
export class SmallDisk {
  private constructor(readonly dir: string) {}

  static mount(dir: string, megabytes: number): SmallDisk {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
    return new SmallDisk(dir);
  }

  /** Bytes free for writing. */
  async free(): Promise<number> {
    const s = await statfs(this.dir);
    return s.bavail * s.bsize;
  }

  /** Writes a filler file until at most `leave` bytes are free (0: the disk is full). */
  async fill(leave = 0): Promise<void> {
    const file = await open(join(this.dir, FILLER), 'a');
    try {
      for (const size of [1 << 20, 64 << 10, 4 << 10]) {
        const chunk = Buffer.alloc(size, 0x5a);
        while ((await this.free()) - size >= leave) {
          try {
            await file.write(chunk);
          } catch {
            break;
          }
        }
      }
      // A write into the page the filler already holds can still succeed: fill it to the byte.
      if (leave === 0) {
        for (;;) {
          try {
            if ((await file.write(Buffer.alloc(512, 0x5a))).bytesWritten === 0) break;
          } catch {
            break;
          }
        }
      }
    } finally {
      await file.close();
    }
  }

  /** Frees what {@link fill} took. */
  async release(): Promise<void> {
    await rm(join(this.dir, FILLER), { force: true });
  }

  readOnly(on: boolean): void {
    execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, this.dir]);
  }

  /** Unmounts (lazily, should a handle still be open) and removes the mount point. */
  unmount(): void {
    try {
      execFileSync('umount', [this.dir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
