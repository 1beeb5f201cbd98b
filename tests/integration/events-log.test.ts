import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventError } from '../../src/main/engine/events/event-error';
import { EventLog, eventLogPath } from '../../src/main/engine/events/event-log';
import { newSessionId } from '../../src/main/engine/events/sessions';
import type { ListeningEvent } from '../../src/shared/events';
import { draftOf, makeEvent, minutesAfterT0, trackId } from '../helpers/events';
import { tempDir } from '../helpers/synth';

let dataDir: string;
let log: EventLog;

beforeEach(async () => {
  dataDir = await tempDir('deepcut-events-');
  log = new EventLog({ dataDir });
});
afterEach(async () => {
  await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

const numbered = (n: number): ListeningEvent =>
  makeEvent({ track: trackId(n), startedAt: minutesAfterT0(n), msPlayed: n });

describe('event log files', () => {
  it('keeps one file per profile under profiles/', async () => {
    expect(log.path).toBe(join(dataDir, 'profiles', 'default', 'events.jsonl'));
    expect(eventLogPath(dataDir, 'work')).toBe(join(dataDir, 'profiles', 'work', 'events.jsonl'));
    const work = new EventLog({ dataDir, profile: 'work' });
    await work.append(numbered(1));
    await work.close();
    expect((await log.readAll()).events).toEqual([]);
    expect((await work.readAll()).events).toEqual([numbered(1)]);
    expect(() => new EventLog({ dataDir, profile: '../default' })).toThrow(EventError);
  });

  it('round-trips events, one JSON line each', async () => {
    const events = [numbered(1), numbered(2), numbered(3)];
    for (const event of events) expect(await log.append(event)).toEqual(event);
    expect(await log.readAll()).toEqual({ events, feedback: [], corrupt: [], torn: null });
    const lines = (await readFile(log.path, 'utf8')).split('\n');
    expect(lines.map((line) => (line === '' ? null : JSON.parse(line)))).toEqual([...events, null]);
  });

  it('refuses an invalid event and writes nothing', async () => {
    await log.append(numbered(1));
    const before = await readFile(log.path, 'utf8');
    await expect(log.append({ ...numbered(2), msPlayed: -1 })).rejects.toThrow(/msPlayed/);
    await expect(
      log.appendMany([numbered(3), numbered(4), { ...numbered(5), end: 'skip' }]),
    ).rejects.toThrow(/events\[2\]: end/);
    expect(await readFile(log.path, 'utf8')).toBe(before);
  });

  it('starts a new file when the log is deleted while open', async () => {
    await log.append(numbered(1));
    await rm(log.path);
    await log.append(numbered(2));
    expect((await log.readAll()).events).toEqual([numbered(2)]);
  });

  it('never interleaves 200 appends fired at once', async () => {
    const indices = Array.from({ length: 200 }, (_, n) => n);
    await Promise.all(indices.map((n) => log.append(numbered(n))));
    const { events, corrupt, torn } = await log.readAll();
    expect(corrupt).toEqual([]);
    expect(torn).toBeNull();
    expect(events.map((e) => e.msPlayed).sort((a, b) => a - b)).toEqual(indices);
    expect((await readFile(log.path, 'utf8')).split('\n')).toHaveLength(201);
  });
});

describe('reading a damaged log', () => {
  it('ignores a torn last line and reports it, then appends after it cleanly', async () => {
    await log.appendMany([numbered(1), numbered(2)]);
    const line = JSON.stringify(numbered(3));
    await appendFile(log.path, line.slice(0, 40));
    expect(await log.readAll()).toEqual({
      events: [numbered(1), numbered(2)],
      feedback: [],
      corrupt: [],
      torn: { line: 3, bytes: 40 },
    });
    await log.append(numbered(4));
    const after = await log.readAll();
    expect(after.events).toEqual([numbered(1), numbered(2), numbered(4)]);
    expect(after.corrupt.map((c) => c.line)).toEqual([3]);
    expect(after.torn).toBeNull();
  });

  it('skips corrupt middle lines and reports their numbers and why', async () => {
    const good = [numbered(1), numbered(2), numbered(3)];
    const lines = [
      JSON.stringify(good[0]),
      '{"track": "0000000000000001", "sess',
      JSON.stringify(good[1]),
      JSON.stringify({ ...numbered(9), msPlayed: -5 }),
      '',
      JSON.stringify(good[2]),
    ];
    await mkdir(dirname(log.path), { recursive: true });
    await writeFile(log.path, lines.join('\n') + '\n');
    const { events, corrupt, torn } = await log.readAll();
    expect(events).toEqual(good);
    expect(corrupt.map((c) => c.line)).toEqual([2, 4]);
    expect(corrupt[0]?.reason).toMatch(/^not JSON/);
    expect(corrupt[1]?.reason).toMatch(/msPlayed/);
    expect(torn).toBeNull();
  });
});

describe('sessions on append', () => {
  it('assigns sessions by the 30-minute rule, also across writers and in the past', async () => {
    const first = await log.record(draftOf(numbered(0)));
    expect(first.session).toBe(newSessionId(minutesAfterT0(0)));
    expect((await log.record(draftOf(numbered(10)))).session).toBe(first.session);
    // Another writer (another process, as far as this log object can tell) adds an event.
    const other = new EventLog({ dataDir });
    await other.append({ ...numbered(20), session: 'other' });
    await other.close();
    expect((await log.record(draftOf(numbered(25)))).session).toBe('other');
    const late = await log.record(draftOf(numbered(120)));
    expect(late.session).toBe(newSessionId(minutesAfterT0(120)));
    // An event in the past joins what played before it.
    expect((await log.record(draftOf(numbered(5)))).session).toBe(first.session);
    expect((await log.record(draftOf(numbered(100)))).session).toBe(
      newSessionId(minutesAfterT0(100)),
    );
  });

  it('imports all or nothing, with line numbers, and only once', async () => {
    const file = join(dataDir, 'import.jsonl');
    const lines = [numbered(1), numbered(2), numbered(3)].map((e) => JSON.stringify(draftOf(e)));
    await writeFile(file, [lines[0], '', lines[1], '{"track":"zz"}', lines[2]].join('\n'));
    const error = await log.importFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventError);
    expect((error as EventError).line).toBe(4);
    expect((error as EventError).message).toMatch(/^line 4: track/);
    await expect(stat(log.path)).rejects.toThrow();

    await writeFile(file, [lines[0], '', lines[1], lines[2], ''].join('\r\n'));
    const result = await log.importFile(file);
    expect(result.duplicates).toBe(0);
    expect(result.added.map((e) => e.session)).toEqual(
      Array(3).fill(newSessionId(minutesAfterT0(1))),
    );
    expect(await log.importFile(file)).toEqual({ added: [], duplicates: 3 });
    expect((await log.readAll()).events).toEqual(result.added);
  });
});
