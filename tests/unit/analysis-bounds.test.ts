import { describe, expect, it } from 'vitest';
import { StageTimeout, withinBound } from '../../src/main/engine/jobs/analysis-bounds';

describe('withinBound', () => {
  it('gives the work’s result when it comes in time', async () => {
    await expect(withinBound('tags', 1000, Promise.resolve(7))).resolves.toBe(7);
  });

  it('fails with the stage named when the work never settles, and leaves nothing unhandled', async () => {
    const never = new Promise<never>(() => undefined);
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('late')), 50));
    await expect(withinBound('tags', 20, never)).rejects.toThrow(
      new StageTimeout('tags', 20_000 / 1000),
    );
    await expect(withinBound('artwork', 10, late)).rejects.toBeInstanceOf(StageTimeout);
    await new Promise((resolve) => setTimeout(resolve, 80));
  });

  it('words the reason for the user', () => {
    expect(new StageTimeout('decode', 30_000).message).toBe('timed out decoding after 30 s');
    expect(new StageTimeout('artwork', 12_000).message).toBe(
      'timed out reading artwork after 12 s',
    );
  });
});
