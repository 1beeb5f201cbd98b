import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../src/main/engine/audio/ffmpeg-path';

describe('resolveFfmpegPath', () => {
  const saved = process.env.FFMPEG_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved;
  });

  it('prefers a configured path, then FFMPEG_PATH, then the bundled binary', () => {
    delete process.env.FFMPEG_PATH;
    const bundled = resolveFfmpegPath();
    expect(existsSync(bundled)).toBe(true);
    process.env.FFMPEG_PATH = '/opt/ffmpeg';
    expect(resolveFfmpegPath()).toBe('/opt/ffmpeg');
    expect(resolveFfmpegPath('/usr/local/bin/ffmpeg')).toBe('/usr/local/bin/ffmpeg');
  });
});
