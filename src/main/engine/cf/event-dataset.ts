/**
 * NeuMF's training set from a profile's listening events. One person uses the app, so the
 * user axis is the listening session (what belongs together in one sitting), plus one
 * long-term user for the profile that holds all its events, the prior a new session starts
 * from (see event-taste.ts). Items are track ids. Per user, each track's events are summed
 * by signals.ts: a positive weight (plays, partials) makes a positive with that weight in the
 * log loss, a negative one (skips outweighing plays) an explicit negative with the opposite
 * weight; neutral events count for nothing.
 *
 * Explicit feedback is the strongest evidence there is, and it is the profile's, not a
 * session's: a loved track is a positive of the profile user at least as heavy as its most
 * played track (and {@link LOVE_WEIGHT}), a banned one (the track, or its artist or album) an
 * explicit negative at least as heavy as its heaviest skip (and {@link BAN_WEIGHT}), whatever
 * the plays and skips say. Sessions keep what happened in them: a banned track played beside
 * others still says those others belong together.
 */
import { createHash } from 'node:crypto';
import type { ListeningEvent } from '../../../shared/events';
import { sessionize } from '../events/sessions';
import { classify, trackSignals } from '../events/signals';
import type { IdIndex, Interactions } from './interactions';
import { idIndex } from './interactions';
import type { WeightedPairs } from './negatives';

/** The least weight of a loved track in the profile user's row: fifteen plays' worth. */
export const LOVE_WEIGHT = 4;
/** The least weight of a banned track as the profile user's negative: four skips made now. */
export const BAN_WEIGHT = 4;

/** Tracks (ids) the person loves, and tracks played that they banned (or whose artist or album). */
export type DatasetFeedback = Readonly<{
  loved: ReadonlySet<string>;
  banned: ReadonlySet<string>;
}>;

const NO_FEEDBACK: DatasetFeedback = { loved: new Set(), banned: new Set() };

/** The user id of a profile's long-term user. */
export function profileUserId(profile: string): string {
  return `profile:${profile}`;
}

/** The user id of a listening session. */
export function sessionUserId(session: string): string {
  return `session:${session}`;
}

/** A training set built by {@link eventDataset}. */
export type EventDataset = Readonly<{
  /** The profile's user first, then the sessions in start order. */
  users: IdIndex;
  /** Track ids, ascending. */
  items: IdIndex;
  /** Positives (each user's tracks with a positive weight). */
  train: Interactions;
  /** The weight of each positive, aligned with `train.items`. */
  positiveWeights: Float32Array;
  /** Explicit negatives: each user's tracks whose skips outweigh their plays. */
  skips: WeightedPairs;
  /** Per track: its plays, partials and skips in the log, and a love or ban (the evidence). */
  evidence: ReadonlyMap<string, number>;
  /** Sessions that contributed (have a play, partial or skip). */
  sessions: number;
  /** Events that carry a signal (neutral ones are left out), and loves and bans. */
  events: number;
  /** A hash of those events: equal fingerprints, nothing new to learn. */
  fingerprint: string;
}>;

type UserRows = { id: string; rows: Map<string, number> };

/**
 * Builds the training set. `now` dates the skips (recent ones weigh more, signals.ts).
 * Returns null when no event carries a signal and there is no feedback.
 */
export function eventDataset(
  events: readonly ListeningEvent[],
  options: Readonly<{ profile: string; now: Date; feedback?: DatasetFeedback }>,
): EventDataset | null {
  const feedback = options.feedback ?? NO_FEEDBACK;
  const useful = events.filter((e) => classify(e) !== 'neutral');
  if (useful.length === 0 && feedback.loved.size === 0 && feedback.banned.size === 0) return null;
  const weightsOf = (group: readonly ListeningEvent[]): Map<string, number> => {
    const rows = new Map<string, number>();
    for (const [track, s] of trackSignals(group, options.now)) {
      if (s.weight !== 0) rows.set(track, s.weight);
    }
    return rows;
  };
  const users: UserRows[] = [
    { id: profileUserId(options.profile), rows: withFeedback(weightsOf(useful), feedback) },
  ];
  for (const session of sessionize(useful)) {
    const rows = weightsOf(session.events);
    if (rows.size > 0) users.push({ id: sessionUserId(session.id), rows });
  }
  const trackIds = new Set<string>();
  for (const user of users) for (const track of user.rows.keys()) trackIds.add(track);
  const items = idIndex([...trackIds].sort());
  const evidence = new Map<string, number>();
  for (const e of useful) evidence.set(e.track, (evidence.get(e.track) ?? 0) + 1);
  for (const track of [...feedback.loved, ...feedback.banned]) {
    evidence.set(track, (evidence.get(track) ?? 0) + 1);
  }
  return {
    users: idIndex(users.map((u) => u.id)),
    items,
    ...matrices(users, items),
    evidence,
    sessions: users.length - 1,
    events: useful.length + feedback.loved.size + feedback.banned.size,
    fingerprint: fingerprint(useful, feedback),
  };
}

/** The profile user's row with loves lifted to the strongest positive and bans the strongest negative. */
function withFeedback(rows: Map<string, number>, feedback: DatasetFeedback): Map<string, number> {
  let heaviestPlay = LOVE_WEIGHT;
  let heaviestSkip = BAN_WEIGHT;
  for (const weight of rows.values()) {
    heaviestPlay = Math.max(heaviestPlay, weight);
    heaviestSkip = Math.max(heaviestSkip, -weight);
  }
  for (const track of feedback.loved) rows.set(track, heaviestPlay);
  // A ban wins over a love of the same track: it is what keeps a track out of every playlist.
  for (const track of feedback.banned) rows.set(track, -heaviestSkip);
  return rows;
}

/** Positives in compressed rows with their weights, and the weighted explicit negatives. */
function matrices(
  users: readonly UserRows[],
  items: IdIndex,
): Pick<EventDataset, 'train' | 'positiveWeights' | 'skips'> {
  const offsets = new Int32Array(users.length + 1);
  const positives: number[] = [];
  const weights: number[] = [];
  const skipUsers: number[] = [];
  const skipItems: number[] = [];
  const skipWeights: number[] = [];
  users.forEach((user, u) => {
    const row: [number, number][] = [];
    for (const [track, weight] of user.rows) {
      const i = items.index.get(track) ?? -1;
      if (weight > 0) row.push([i, weight]);
      else {
        skipUsers.push(u);
        skipItems.push(i);
        skipWeights.push(-weight);
      }
    }
    row.sort((a, b) => a[0] - b[0]);
    for (const [i, w] of row) {
      positives.push(i);
      weights.push(w);
    }
    offsets[u + 1] = positives.length;
  });
  return {
    train: {
      nUsers: users.length,
      nItems: items.ids.length,
      offsets,
      items: Int32Array.from(positives),
    },
    positiveWeights: Float32Array.from(weights),
    skips: {
      users: Int32Array.from(skipUsers),
      items: Int32Array.from(skipItems),
      weights: Float32Array.from(skipWeights),
    },
  };
}

/** sha256 over the events' content and the feedback, independent of their order in the log. */
function fingerprint(events: readonly ListeningEvent[], feedback: DatasetFeedback): string {
  const lines = events
    .map((e) => JSON.stringify([e.track, e.session, e.startedAt, e.msPlayed, e.durationMs, e.end]))
    .concat([...feedback.loved].map((track) => `love ${track}`))
    .concat([...feedback.banned].map((track) => `ban ${track}`))
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}
