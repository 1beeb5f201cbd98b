import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The ffmpeg binary to run: an explicitly configured path, else FFMPEG_PATH, else the binary that
 * ships inside the @ffmpeg-installer npm package for this platform.
 */
export function resolveFfmpegPath(configured?: string | null): string {
  if (configured) return configured;
  const fromEnv = process.env.FFMPEG_PATH;
  if (fromEnv) return fromEnv;
  try {
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
    // Inside a packaged Electron app the binary sits outside the asar archive.
    return installer.path.replace(`app.asar${sep()}`, `app.asar.unpacked${sep()}`);
  } catch (cause) {
    throw new Error(
      'no ffmpeg binary: @ffmpeg-installer/ffmpeg has none for this platform; set FFMPEG_PATH',
      { cause },
    );
  }
}

function sep(): string {
  return process.platform === 'win32' ? '\\' : '/';
}
