import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oggDurationFromTail } from '../../src/main/engine/library/ogg-duration';
import { readTags } from '../../src/main/engine/library/tags';
import { encode, synthesize, tempDir } from '../helpers/synth';

describe('Ogg duration from the last page', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['ogg', 22_050],
    ['opus', 48_000],
  ] as const)('reads a long %s file to within 0.1 s', async (format, rate) => {
    const path = await encode(
      synthesize({ kind: 'chord', freqs: [220, 330] }, 95),
      join(dir, `long.${format}`),
      format,
    );
    expect(await oggDurationFromTail(path, rate)).toBeCloseTo(95, 1);
    expect((await readTags(path)).durationSec).toBeCloseTo(95, 1);
  });

  it('gives null for a file without Ogg pages', async () => {
    const path = join(dir, 'fake.ogg');
    await writeFile(path, 'no pages here');
    expect(await oggDurationFromTail(path, 44_100)).toBeNull();
  });
});
