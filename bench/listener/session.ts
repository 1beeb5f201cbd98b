/**
 * One simulated listener living with the engine: a prior history (if its type has one), then
 * sessions a day apart. A session plays the seed, starts its radio, and hears tracks in order:
 * a track played through is logged as finished, a skip after 3 – 10 s is logged and the rest of
 * the queue re-ranked (as the player does). An endless session asks for the radio's continuation
 * whenever fewer than 5 tracks are queued, until 20 are heard; round 1's listener hears the 20 of
 * its radio and stops. NeuMF is trained again after every session (the real model).
 */
import type { Engine } from '../../src/main/engine/engine';
import type { BlendMode } from '../../src/main/engine/recommend/blend';
import type { PlaylistEntry } from '../../src/main/engine/recommend/types';
import { mulberry32 } from '../../src/main/engine/embed/init';
import type { Corpus, ListenerType, Taste } from './listeners';

/** A 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Tracks a session hears (and a radio starts with). */
export const SESSION_TRACKS = 20;
/** The queue is extended when fewer than this many tracks are left in it. */
export const EXTEND_BELOW = 5;
const DAY_MS = 86_400_000;

/** What one session heard. */
export type SessionResult = Readonly<{
  seed: string;
  intent: string;
  /** The radio as first made, before any skip. */
  radio: readonly string[];
  heard: readonly Readonly<{ id: string; played: boolean; fresh: boolean }>[];
}>;

export type ListenerRun = Readonly<{
  engine: Engine;
  corpus: Corpus;
  type: ListenerType;
  mode: BlendMode;
  sessions: number;
  seed: number;
  adventurous?: number;
  durationOf: (id: string) => number;
  /** Draws the listener's taste and each session's intent. */
  random: () => number;
  /** Called after each session's training, with its seconds. */
  onTrained?: (seconds: number) => void;
}>;

/** Runs every session of one listener in a profile of its own; returns them in order. */
export async function runListener(run: ListenerRun): Promise<SessionResult[]> {
  const { engine, corpus, type, mode, random } = run;
  // Whether a track is played through is one draw per listener, session and track: every mode
  // (and every variant of the engine) meets the same coin for the same track on the same day,
  // so their differences are the recommender's, not the dice's.
  const coin = (session: number, track: string) =>
    mulberry32(fnv1a(`${run.seed}:${session}:${track}`))();
  const profile = `sim-${type.name}-${mode}-${run.seed}`;
  const taste = type.taste(random, corpus);
  const first = new Date(Date.now() - (run.sessions + 1) * DAY_MS);
  first.setHours(20, 0, 0, 0);
  const heardBefore = new Set<string>();
  const playedIn: Set<string>[] = [];
  let clock = first.getTime() - 30 * DAY_MS;
  const record = async (
    track: string,
    played: boolean,
    session: string,
    source: 'radio' | 'library',
  ) => {
    const msPlayed = played ? run.durationOf(track) : 3_000 + Math.floor(coin(-1, track) * 7_000);
    await engine.recordEvent({
      track,
      msPlayed,
      end: played ? 'finished' : 'next',
      startedAt: new Date(clock).toISOString(),
      session,
      source: source === 'radio' ? { kind: 'radio' } : { kind: 'library' },
      profile,
    });
    clock += msPlayed;
  };
  await priorHistory(run, taste, profile, heardBefore, (t, p, s) => record(t, p, s, 'library'));
  const results: SessionResult[] = [];
  for (let s = 0; s < run.sessions; s++) {
    clock = first.getTime() + s * DAY_MS;
    const session = `day-${s}`;
    const intent = type.intent(random, corpus, taste);
    const lately = new Set([...(playedIn.at(-1) ?? []), ...(playedIn.at(-2) ?? [])]);
    const playedNow = new Set<string>();
    await record(intent.seed, true, session, 'library');
    const seeds = [{ kind: 'track' as const, ref: intent.seed }];
    const options = { profile, mode, adventurous: run.adventurous };
    let queue: PlaylistEntry[] = await engine.radio({
      ...options,
      seeds,
      count: SESSION_TRACKS,
      now: new Date(clock),
    });
    const radio = queue.map((e) => e.id);
    const heard: { id: string; played: boolean; fresh: boolean }[] = [];
    while (heard.length < SESSION_TRACKS) {
      if (type.endless && queue.length < EXTEND_BELOW) {
        const more = await engine.continueQueue({
          ...options,
          origin: { kind: 'radio', seeds },
          queued: [...heard.map((h) => h.id), ...queue.map((e) => e.id)],
          count: 10,
          now: new Date(clock),
        });
        queue = [...queue, ...more];
      }
      const [next, ...rest] = queue;
      if (!next) break;
      const label = corpus.labelOf.get(next.id) ?? '';
      const p = type.playThrough({
        label,
        intent: intent.soundtrack,
        taste,
        heardBefore: heardBefore.has(next.id),
        playedLately: lately.has(next.id),
      });
      const played = coin(s, next.id) < p;
      heard.push({ id: next.id, played, fresh: !heardBefore.has(next.id) });
      await record(next.id, played, session, 'radio');
      if (played) {
        playedNow.add(next.id);
        queue = rest;
      } else {
        const reranked = await engine.rerankAfterSkip({
          ...options,
          queue: rest.map((e) => e.id),
          skipped: next.id,
          seeds,
          now: new Date(clock),
        });
        queue = reranked.entries;
      }
    }
    for (const h of heard) heardBefore.add(h.id);
    heardBefore.add(intent.seed);
    playedIn.push(playedNow);
    results.push({ seed: intent.seed, intent: intent.soundtrack, radio, heard });
    if (mode !== 'audio') {
      const t = performance.now();
      await engine.trainCf({ profile });
      run.onTrained?.((performance.now() - t) / 1000);
    }
  }
  return results;
}

/**
 * The history before the first session, a month earlier: per session, ten plays of tracks from
 * the loved soundtracks and four skips of disliked ones (the kind of history issue 13 was found
 * with: 42 events of plays of two soundtracks and skips of a third).
 */
async function priorHistory(
  run: ListenerRun,
  taste: Taste,
  profile: string,
  heardBefore: Set<string>,
  record: (track: string, played: boolean, session: string) => Promise<void>,
): Promise<void> {
  const { corpus, type, random } = run;
  const loved = taste.loved.flatMap((s) => corpus.tracksOf.get(s) ?? []);
  const disliked = taste.disliked.flatMap((s) => corpus.tracksOf.get(s) ?? []);
  for (let s = 0; s < type.priorSessions; s++) {
    for (let i = 0; i < 14; i++) {
      const fromLoved = i % 7 < 5 || disliked.length === 0;
      const list = fromLoved ? loved : disliked;
      const track = list[Math.floor(random() * list.length)];
      if (!track) continue;
      heardBefore.add(track);
      await record(track, fromLoved, `prior-${s}`);
    }
  }
  if (type.priorSessions > 0 && run.mode !== 'audio') await run.engine.trainCf({ profile });
}
