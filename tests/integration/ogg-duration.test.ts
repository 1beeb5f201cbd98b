import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oggDurationFromTail } from '../../src/main/engine/library/ogg-duration';
import { readMetadata, TagError } from '../../src/main/engine/library/tags';
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
    expect((await readMetadata(path)).tags.durationSec).toBeCloseTo(95, 1);
  });

  // An interrupted download: the identification page and the start of the next, nothing more.
  // No page in it carries a granule position, and the backwards search once wrapped round to the
  // end of the buffer at offset 0 and spun forever.
  it.each([100, 60, 30])(
    'gives null, promptly, for an Opus file cut to its first %i bytes',
    async (bytes) => {
      const full = await encode(
        synthesize({ kind: 'sine', freq: 440 }, 5),
        join(dir, 'whole.opus'),
        'opus',
      );
      const path = join(dir, `cut-${bytes}.opus`);
      await writeFile(path, (await readFile(full)).subarray(0, bytes));
      expect(await oggDurationFromTail(path, 48_000)).toBeNull();
      // Reading its tags settles too: no duration, or refused with a reason.
      const outcome = await readMetadata(path).then(
        (read) => read.tags.durationSec,
        (error: unknown) => (error instanceof TagError ? 'refused' : error),
      );
      expect([null, 'refused']).toContain(outcome);
    },
    10_000,
  );

  it('gives null for a file without Ogg pages', async () => {
    const path = join(dir, 'fake.ogg');
    await writeFile(path, 'no pages here');
    expect(await oggDurationFromTail(path, 44_100)).toBeNull();
  });
});
