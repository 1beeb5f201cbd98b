import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/main/engine/events/event-log';
import { trackId } from '../helpers/events';
import { tempDir } from '../helpers/synth';

const WRITER = fileURLToPath(new URL('../helpers/event-writer.ts', import.meta.url));

type Run = Readonly<{ acknowledged: number[]; signal: NodeJS.Signals | null; code: number | null }>;

/**
 * Run the writer for `count` events from `first`; with `killAfter`, SIGKILL it as soon as that
 * many acknowledgements have arrived. Returns every number it printed on a complete line.
 */
function runWriter(
  dataDir: string,
  first: number,
  count: number,
  killAfter?: number,
  mode: 'events' | 'feedback' = 'events',
): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, dataDir, String(first), String(count), mode],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (killAfter !== undefined && stdout.split('\n').length > killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`writer failed (${code}): ${stderr}`));
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      resolve({ acknowledged: complete.split('\n').filter(Boolean).map(Number), signal, code });
    });
  });
}

describe('event log durability', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await tempDir('deepcut-events-kill-');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged event when the writer is killed with SIGKILL mid-loop', async () => {
    const log = new EventLog({ dataDir });
    const acknowledged: number[] = [];
    // Three writers in turn, each killed mid-loop: later ones append after whatever the kill
    // left at the end of the file.
    for (const first of [0, 100_000, 200_000]) {
      const run = await runWriter(dataDir, first, 1_000_000, 50);
      expect(run.signal).toBe('SIGKILL');
      expect(run.acknowledged.length).toBeGreaterThanOrEqual(50);
      acknowledged.push(...run.acknowledged);
    }
    const { events, corrupt } = await log.readAll();
    const logged = new Set(events.map((e) => e.msPlayed));
    expect(acknowledged.filter((n) => !logged.has(n))).toEqual([]);
    // Nothing but cut-short lines may be damaged, and only at the end of a writer's run.
    expect(corrupt.length).toBeLessThanOrEqual(2);
  });

  it('keeps every acknowledged ban among the events when the writer is killed', async () => {
    const mixed = await tempDir('deepcut-feedback-kill-');
    try {
      const acknowledged: number[] = [];
      for (const first of [0, 100_000]) {
        const run = await runWriter(mixed, first, 1_000_000, 40, 'feedback');
        expect(run.signal).toBe('SIGKILL');
        acknowledged.push(...run.acknowledged);
      }
      const log = new EventLog({ dataDir: mixed });
      const state = await log.feedback();
      const { events } = await log.readAll();
      const played = new Set(events.map((e) => e.msPlayed));
      const bans = acknowledged.filter((n) => n % 2 === 1);
      expect(bans.length).toBeGreaterThanOrEqual(40);
      expect(bans.filter((n) => !state.banned(trackId(n)))).toEqual([]);
      expect(acknowledged.filter((n) => n % 2 === 0 && !played.has(n))).toEqual([]);
    } finally {
      await rm(mixed, { recursive: true, force: true });
    }
  });

  it('lets two processes append at once without mixing their lines', async () => {
    const shared = await tempDir('deepcut-events-two-');
    try {
      const [a, b] = await Promise.all([runWriter(shared, 0, 100), runWriter(shared, 1000, 100)]);
      const { events, corrupt, torn } = await new EventLog({ dataDir: shared }).readAll();
      expect(corrupt).toEqual([]);
      expect(torn).toBeNull();
      const logged = events.map((e) => e.msPlayed).sort((x, y) => x - y);
      expect(logged).toEqual(
        [...(a?.acknowledged ?? []), ...(b?.acknowledged ?? [])].sort((x, y) => x - y),
      );
      expect(logged).toHaveLength(200);
    } finally {
      await rm(shared, { recursive: true, force: true });
    }
  });
});
