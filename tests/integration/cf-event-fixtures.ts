/**
 * A synthetic listening history with an obvious structure, for the collaborative-model tests
 * and bench/cf-events.ts: tracks come in taste groups; each session keeps to one group, playing
 * a random handful of its tracks through and skipping the odd track of another group.
 */
import type { ListeningEvent } from '../../src/shared/events';
import { mulberry32 } from '../../src/main/engine/embed/init';

/** Options for {@link syntheticHistory}. */
export type HistoryOptions = Readonly<{
  groups?: number;
  tracksPerGroup?: number;
  sessions?: number;
  eventsPerSession?: number;
  /** Share of a session's events that skip a track of another group. */
  skipShare?: number;
  seed?: number;
  /** Start of the first session (ISO); sessions follow two hours apart. */
  start?: string;
  /** Session labels are `${sessionPrefix}${n}`. */
  sessionPrefix?: string;
}>;

/** The events, oldest first, and each track's group. */
export type History = Readonly<{
  events: ListeningEvent[];
  groupOf: ReadonlyMap<string, number>;
  /** Track ids of group g. */
  tracksOf: (g: number) => string[];
  /** The group of each session, by label. */
  sessionGroup: ReadonlyMap<string, number>;
}>;

/** A 16-hex track id for track `n` of group `g`. */
export function groupTrack(g: number, n: number): string {
  return (g * 10_000 + n).toString(16).padStart(16, '0');
}

const DURATION_MS = 200_000;

/** Builds the history; the same options give the same events. */
export function syntheticHistory(options: HistoryOptions = {}): History {
  const {
    groups = 4,
    tracksPerGroup = 25,
    sessions = 40,
    eventsPerSession = 15,
    skipShare = 0.2,
    seed = 3,
    start = '2026-11-01T08:00:00.000Z',
    sessionPrefix = 's',
  } = options;
  const rand = mulberry32(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const tracksOf = (g: number) =>
    Array.from({ length: tracksPerGroup }, (_, n) => groupTrack(g, n));
  const groupOf = new Map<string, number>();
  for (let g = 0; g < groups; g++) for (const t of tracksOf(g)) groupOf.set(t, g);
  const events: ListeningEvent[] = [];
  const sessionGroup = new Map<string, number>();
  let clock = Date.parse(start);
  for (let s = 0; s < sessions; s++) {
    const g = s % groups;
    const session = `${sessionPrefix}${s}`;
    sessionGroup.set(session, g);
    let at = clock;
    for (let k = 0; k < eventsPerSession; k++) {
      const skip = rand() < skipShare;
      const group = skip ? (g + 1 + pick(groups - 1)) % groups : g;
      const msPlayed = skip ? 5_000 : DURATION_MS;
      events.push({
        track: groupTrack(group, pick(tracksPerGroup)),
        session,
        startedAt: new Date(at).toISOString(),
        msPlayed,
        durationMs: DURATION_MS,
        end: skip ? 'next' : 'finished',
        source: { kind: 'library' },
      });
      at += msPlayed;
    }
    clock += 2 * 3_600_000;
  }
  return { events, groupOf, tracksOf, sessionGroup };
}
