import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryModelDir } from '../../src/main/engine/cf/library-model';
import { EventLog } from '../../src/main/engine/events/event-log';
import { runCliProcess } from '../helpers/cli';
import { tempDir } from '../helpers/synth';
import { syntheticHistory } from './cf-event-fixtures';

const history = syntheticHistory({ sessions: 24, eventsPerSession: 10 });
const later = syntheticHistory({
  sessions: 4,
  eventsPerSession: 10,
  start: '2026-11-25T08:00:00.000Z',
  sessionPrefix: 'later-',
  seed: 8,
});

/** Writes events to a profile's log as the app would (the library need not hold the tracks). */
async function log(data: string, events: Parameters<EventLog['appendMany']>[0], profile?: string) {
  const eventLog = new EventLog({ dataDir: data, ...(profile ? { profile } : {}) });
  await eventLog.appendMany(events);
  await eventLog.close();
}

describe('deepcut train-cf', () => {
  let root: string;
  let data: string;

  beforeAll(async () => {
    root = await tempDir();
    data = join(root, 'data');
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('exits 2 with one line when the profile has nothing to learn from', async () => {
    const r = await runCliProcess(['train-cf', '--data', data, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^deepcut: no plays, partial plays, skips, loves or bans to learn from in profile "default"/,
    );
  });

  it('refuses a bad flag value', async () => {
    const r = await runCliProcess(['train-cf', '--data', data, '--epochs', 'ten']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--epochs takes a positive whole number/);
  });

  it('trains, prints the documented JSON, then warm-starts only when events are new', async () => {
    await log(data, history.events);
    const first = await runCliProcess(['train-cf', '--data', data, '--epochs', '3', '--json']);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(
      [
        'backend',
        'epochs',
        'events',
        'loss',
        'profile',
        'seconds',
        'sessions',
        'tracks',
        'trained',
        'version',
        'warmStart',
      ].sort(),
    );
    expect(out).toMatchObject({
      profile: 'default',
      trained: true,
      warmStart: false,
      sessions: 24,
      events: history.events.length,
      epochs: 3,
    });
    expect(out.version).toMatch(/^ncf1-[0-9a-f]{12}$/);
    expect(await readdir(libraryModelDir(data, 'default'))).toContain(out.version);

    const again = await runCliProcess(['train-cf', '--data', data, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      trained: false,
      epochs: 0,
      version: out.version,
    });

    await log(data, later.events);
    const warm = await runCliProcess(['train-cf', '--data', data, '--epochs', '2']);
    expect(warm.code).toBe(0);
    expect(warm.stdout).toMatch(
      /^Trained ncf1-[0-9a-f]{12} on \d+ events in 28 sessions over \d+ tracks: 2 epochs from the last model/,
    );
    expect(warm.stderr).toMatch(/training: epoch 2\/2, loss \d/);
  });

  it('rebuilds a damaged saved model from the events and says so', async () => {
    const dir = libraryModelDir(data, 'default');
    const current = JSON.parse(await readFile(join(dir, 'current.json'), 'utf8')) as {
      version: string;
    };
    await writeFile(join(dir, current.version, 'params.bin'), 'not a model');
    await log(
      data,
      later.events.slice(0, 3).map((e) => ({ ...e, session: 'repair' })),
    );
    const r = await runCliProcess(['train-cf', '--data', data, '--epochs', '1', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^deepcut: warning: the saved model could not be read .*from scratch/);
    expect(JSON.parse(r.stdout)).toMatchObject({ trained: true, warmStart: false });
  });

  it('keeps profiles apart', async () => {
    const r = await runCliProcess(['train-cf', '--data', data, '--profile', 'other', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/profile "other"/);
  });
});
