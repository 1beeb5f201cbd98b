import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventError } from '../../src/main/engine/events/event-error';
import { EventLog } from '../../src/main/engine/events/event-log';
import { resetLearning } from '../../src/main/engine/learning/reset-learning';
import type { FeedbackTarget } from '../../src/shared/feedback';
import { makeEvent, minutesAfterT0, trackId } from '../helpers/events';
import { tempDir } from '../helpers/synth';

let dataDir: string;
let log: EventLog;

beforeEach(async () => {
  dataDir = await tempDir('deepcut-feedback-');
  log = new EventLog({ dataDir });
});
afterEach(async () => {
  await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

const track = (n: number): FeedbackTarget => ({ kind: 'track', id: trackId(n) });
const play = (n: number) => makeEvent({ track: trackId(n), startedAt: minutesAfterT0(n) });

describe('feedback in the event log', () => {
  it('is on disk when acknowledged, and read back by another reader of the file', async () => {
    await log.append(play(1));
    const at = new Date('2026-11-28T09:00:00Z');
    const record = await log.setFeedback({ target: track(1), value: 'love' }, at);
    expect(record).toEqual({
      kind: 'feedback',
      target: track(1),
      value: 'love',
      at: at.toISOString(),
    });
    await log.setFeedback({ target: { kind: 'artist', name: 'Queen' }, value: 'ban' });
    // Another process's log object over the same file.
    const other = new EventLog({ dataDir });
    const state = await other.feedback();
    expect(state.loved(trackId(1))).toBe(true);
    expect(state.excluded({ id: trackId(9), artist: 'queen', album: null })).toBe(true);
    const contents = await other.readAll();
    expect(contents.events).toEqual([play(1)]);
    expect(contents.feedback).toHaveLength(2);
    expect(contents.corrupt).toEqual([]);
  });

  it('sees feedback another process appended since the last look', async () => {
    expect((await log.feedback()).empty).toBe(true);
    const other = new EventLog({ dataDir });
    await other.setFeedback({ target: track(2), value: 'ban' });
    await other.append(play(3));
    expect((await log.feedback()).banned(trackId(2))).toBe(true);
    await other.setFeedback({ target: track(2), value: 'none' });
    expect((await log.feedback()).banned(trackId(2))).toBe(false);
    await other.close();
  });

  it('writes nothing for a change that leaves the target as it stands', async () => {
    expect(await log.setFeedback({ target: track(4), value: 'none' })).toBeNull();
    expect(await log.setFeedback({ target: track(4), value: 'ban' })).not.toBeNull();
    expect(await log.setFeedback({ target: track(4), value: 'ban' })).toBeNull();
    expect((await log.readAll()).feedback).toHaveLength(1);
  });

  it('refuses a bad change before writing anything', async () => {
    await expect(
      log.setFeedback({ target: { kind: 'album', name: 'X' }, value: 'love' }),
    ).rejects.toThrow(EventError);
    await expect(
      log.setFeedback({ target: { kind: 'track', id: 'nope' }, value: 'ban' }),
    ).rejects.toThrow(/bad feedback: target.id/);
    expect((await log.readAll()).feedback).toEqual([]);
  });

  it('reads a log written before feedback existed exactly as before', async () => {
    // Lines as the previous version wrote them, a damaged one and a torn tail included.
    const lines = [play(1), play(2)].map((e) => JSON.stringify(e)).join('\n');
    await mkdir(dirname(log.path), { recursive: true });
    await writeFile(log.path, `${lines}\n{"track":\n${JSON.stringify(play(3)).slice(0, 20)}`);
    const contents = await log.readAll();
    expect(contents.events).toEqual([play(1), play(2)]);
    expect(contents.feedback).toEqual([]);
    expect(contents.corrupt.map((c) => c.line)).toEqual([3]);
    expect(contents.torn).toMatchObject({ line: 4 });
    expect((await log.feedback()).empty).toBe(true);
    // The next append ends the torn line first; the ban stands.
    await log.setFeedback({ target: track(1), value: 'ban' });
    expect((await log.feedback()).banned(trackId(1))).toBe(true);
  });

  it('never counts a feedback line cut short by a crash', async () => {
    await log.setFeedback({ target: track(5), value: 'ban' });
    const torn = JSON.stringify({
      kind: 'feedback',
      target: track(6),
      value: 'ban',
      at: minutesAfterT0(0),
    });
    await appendFile(log.path, torn.slice(0, -3));
    const fresh = new EventLog({ dataDir });
    const state = await fresh.feedback();
    expect(state.banned(trackId(5))).toBe(true);
    expect(state.banned(trackId(6))).toBe(false);
  });

  it('keeps loves and bans when the listening history is forgotten', async () => {
    for (let n = 1; n <= 5; n++) await log.append(play(n));
    await log.setFeedback({ target: track(1), value: 'love' });
    await log.setFeedback({ target: track(2), value: 'ban' });
    await log.setFeedback({ target: track(3), value: 'ban' });
    await log.setFeedback({ target: track(3), value: 'none' });
    const reset = await resetLearning({ dataDir, profile: 'default', log, keepEvents: false });
    expect(reset.eventsRemoved).toBe(5);
    const contents = await new EventLog({ dataDir }).readAll();
    expect(contents.events).toEqual([]);
    expect(contents.feedback.map((r) => [r.target, r.value])).toEqual([
      [track(1), 'love'],
      [track(2), 'ban'],
    ]);
    // This log object reads the replaced file from its start, and appends to it.
    await log.append(play(9));
    const state = await log.feedback();
    expect(state.loved(trackId(1)) && state.banned(trackId(2))).toBe(true);
    expect((await readFile(log.path, 'utf8')).trim().split('\n')).toHaveLength(3);
  });
});
