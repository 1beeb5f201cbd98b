/** Small music libraries for pipeline and CLI tests, synthesized on the spot. */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode, extensionOf, synthesize, type Format, type Signal } from './synth';

export type LibraryFile = Readonly<{
  name: string;
  format: Format;
  signal: Signal;
  seconds?: number;
}>;

/** Encodes each file into `dir`; returns their absolute paths by name. */
export async function writeLibrary(
  dir: string,
  files: readonly LibraryFile[],
): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, `${f.name}.${extensionOf(f.format)}`);
    await encode(synthesize(f.signal, f.seconds ?? 6), path, f.format, {
      tags: { title: f.name, artist: `Artist ${f.signal.kind}`, album: 'Test Album' },
    });
    paths.set(f.name, path);
  }
  return paths;
}

/** The damaged files every scanner meets: each must be reported, none may stop the scan. */
export async function writeBadFiles(dir: string, goodMp3: string): Promise<Record<string, string>> {
  await mkdir(join(dir, 'bad'), { recursive: true });
  const zero = join(dir, 'bad', 'zero-bytes.mp3');
  await writeFile(zero, '');
  const text = join(dir, 'bad', 'not-audio.flac');
  await writeFile(text, 'This is a text file wearing a .flac name.\n'.repeat(50));
  const truncated = join(dir, 'bad', 'truncated.mp3');
  const bytes = await readFile(goodMp3);
  await writeFile(truncated, bytes.subarray(0, 600));
  const loop = join(dir, 'bad', 'loop');
  await mkdir(loop, { recursive: true });
  await symlink('..', join(loop, 'back-up'));
  return { zero, text, truncated, loop };
}
