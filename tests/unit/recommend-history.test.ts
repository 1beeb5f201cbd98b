import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_ENDS, SOURCE_KINDS, type ListeningEvent } from '../../src/shared/events';
import { EventLog } from '../../src/main/engine/events/event-log';
import { listeningHistory } from '../../src/main/engine/recommend/history';
import { HistoryReader } from '../../src/main/engine/recommend/history-reader';
import { IncrementalHistory } from '../../src/main/engine/recommend/incremental-history';
import { seededRandom } from '../integration/store-fixtures';

const T0 = Date.parse('2026-11-01T08:00:00Z');
const MINUTE = 60_000;
const TRACKS = Array.from({ length: 7 }, (_, i) => `${i}`.repeat(16).slice(0, 16));

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

/** Events of every kind (plays, partials, skips, neutral ones), few tracks so that they repeat. */
function randomEvent(random: Random, startMs: number): ListeningEvent {
  const durationMs = pick(random, [90_000, 200_000, 400_000]);
  return {
    track: pick(random, TRACKS),
    session: pick(random, ['a', 'b', 'c']),
    startedAt: new Date(startMs).toISOString(),
    msPlayed: pick(random, [0, 5_000, 40_000, 100_000, durationMs]),
    durationMs,
    end: pick(random, EVENT_ENDS),
    source: { kind: pick(random, SOURCE_KINDS) },
  };
}

/** The next start: mostly later (minutes to days, or the same instant), sometimes earlier. */
function nextStart(random: Random, latestMs: number, outOfOrder: boolean): number {
  const r = random();
  if (outOfOrder && r < 0.15) return latestMs - Math.floor(random() * 3 * 24 * 60) * MINUTE;
  if (r < 0.25) return latestMs;
  if (r < 0.85) return latestMs + Math.floor(random() * 40) * MINUTE;
  return latestMs + Math.floor(random() * 20 * 24 * 60) * MINUTE;
}

/** The instant asked about: just after the latest start, later, earlier, or the same as before. */
function nextNow(random: Random, latestMs: number, previousMs: number): Date {
  const r = random();
  if (r < 0.1) return new Date(previousMs);
  if (r < 0.2) return new Date(latestMs - Math.floor(random() * 2 * 24 * 60) * MINUTE);
  if (r < 0.7) return new Date(latestMs + Math.floor(random() * 30_000));
  return new Date(latestMs + Math.floor(random() * 3 * 24 * 60) * MINUTE);
}

/** Append events one at a time, asking the history after each, against a full derivation. */
function check(seed: number, count: number, outOfOrder: boolean): void {
  const random = seededRandom(seed);
  const incremental = new IncrementalHistory();
  const events: ListeningEvent[] = [];
  let latestMs = T0;
  let nowMs = T0;
  for (let i = 0; i < count; i++) {
    const startMs = nextStart(random, latestMs, outOfOrder);
    latestMs = Math.max(latestMs, startMs);
    const event = randomEvent(random, startMs);
    events.push(event);
    incremental.add([event]);
    const now = nextNow(random, latestMs, nowMs);
    nowMs = now.getTime();
    expect(incremental.at(now), `seed ${seed}, event ${i}`).toStrictEqual(
      listeningHistory(events, now),
    );
  }
}

describe('IncrementalHistory', () => {
  it('equals a full derivation after each event appended in start order', () => {
    for (let seed = 1; seed <= 40; seed++) check(seed, 80, false);
  });

  it('equals a full derivation when events come out of order and the clock goes back', () => {
    for (let seed = 101; seed <= 140; seed++) check(seed, 80, true);
  });

  it('equals a full derivation when many events come at once', () => {
    const random = seededRandom(7);
    const incremental = new IncrementalHistory();
    const events: ListeningEvent[] = [];
    let latestMs = T0;
    for (let batch = 0; batch < 10; batch++) {
      const added = Array.from({ length: 30 }, () => {
        latestMs = nextStart(random, latestMs, batch % 3 === 2);
        return randomEvent(random, latestMs);
      });
      events.push(...added);
      incremental.add(added);
      const now = new Date(latestMs + 60_000);
      expect(incremental.at(now)).toStrictEqual(listeningHistory(events, now));
    }
  });

  it('leaves a history it handed out unchanged as events are added', () => {
    const random = seededRandom(3);
    const incremental = new IncrementalHistory();
    const events: ListeningEvent[] = [];
    let startMs = T0;
    for (let i = 0; i < 20; i++) {
      startMs += 5 * MINUTE;
      events.push(randomEvent(random, startMs));
    }
    incremental.add(events);
    const now = new Date(startMs + MINUTE);
    const earlier = incremental.at(now);
    const expected = listeningHistory(events, now);
    // In start order, so that they are folded into the tallies rather than start the fold over.
    for (const track of TRACKS) {
      startMs += 2 * MINUTE;
      incremental.add([
        { ...randomEvent(random, startMs), track, msPlayed: 400_000, end: 'finished' },
        { ...randomEvent(random, startMs + MINUTE), track, msPlayed: 1_000, end: 'next' },
      ]);
    }
    incremental.at(new Date(startMs + 10 * MINUTE));
    expect(earlier).toStrictEqual(expected);
  });
});

describe('HistoryReader', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('follows a real log as it grows and when it is replaced by a shorter one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'deepcut-history-'));
    const log = new EventLog({ dataDir: dir });
    const reader = new HistoryReader(log);
    const random = seededRandom(11);
    const events: ListeningEvent[] = [];
    let startMs = T0;
    try {
      for (let i = 0; i < 30; i++) {
        startMs = nextStart(random, startMs, i % 7 === 6);
        events.push(await log.append(randomEvent(random, startMs)));
        const now = new Date(Math.max(...events.map((e) => Date.parse(e.startedAt))) + 1_000);
        expect(await reader.at(now)).toStrictEqual(listeningHistory(events, now));
      }
      const kept = events.slice(0, 5);
      await log.close();
      await writeFile(log.path, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
      const now = new Date(startMs + 1_000);
      expect(await reader.at(now)).toStrictEqual(listeningHistory(kept, now));
    } finally {
      await log.close();
    }
  });
});
