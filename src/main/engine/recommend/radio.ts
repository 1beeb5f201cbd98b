/**
 * Radio: seed first, taste second. The candidates are the seeds' neighbours in sound (LanceDB)
 * and nothing else: the core of the neighbourhood, plus the known favourites of its fringe (a
 * track the person loves or finishes, twice as far out at most). The blend (scoring.ts) orders
 * them, and the playlist is assembled under the rules (playlist-rules.ts) and two more of the
 * radio's own (radio-policy.ts): the seed adherence floor and the share of new tracks. Once a
 * session has played tracks through, a continuation also follows them (the session's pull).
 */
import type { ReasonPart } from '../../../shared/reasons';
import { outcome } from './calibration';
import type { SnapshotTrack } from './library-snapshot';
import { nearestOf, searchAround, type Neighbourhood, type Reference } from './neighbourhood';
import { assemble } from './playlist-rules';
import { radioTiers } from './radio-policy';
import { scoreCandidates, type Closeness, type Scored, type ScoringContext } from './scoring';
import type { Sources } from './sources';
import type { PlaylistLength } from './types';

/** What a radio is built around. */
export type RadioPlan = Readonly<{
  /** Tracks whose sound the radio follows (the seed tracks, an album's, an artist's). */
  references: readonly SnapshotTrack[];
  /** Tracks not to echo back. */
  seeds: readonly SnapshotTrack[];
  /** Artists the radio was seeded with: free of the artist limits. */
  seedArtists: readonly string[];
}>;

/** Candidates per track asked for, before the adventurous setting widens them. */
export const POOL_PER_TRACK = 2.5;
/** The fewest candidates a radio chooses from (the rules and penalties need the room). */
export const MIN_POOL = 40;
export const MAX_POOL = 1000;
/** How much farther than the pool a known favourite may come from. */
export const FAVOURITE_REACH = 2;
/**
 * A session track's pull against the seeds': a track's similarity to one counts at this share.
 * Below 1, so that the seed stays what the radio is about.
 */
export const SESSION_PULL = 0.9;
/** Played-through tracks of the session that pull a continuation: the latest ones. */
export const MAX_SESSION_REFERENCES = 4;

/** How a radio starts: fresh from its seeds, or continuing a queue of this session. */
export type RadioStart = Readonly<{
  /** Tracks heard or queued before, in order: not repeated; the artist limits count them. */
  before?: readonly SnapshotTrack[];
  /** Whether the session's played-through tracks pull the radio (a continuation). */
  followSession?: boolean;
  /** Tracks that are candidates wherever they lie (a queue being re-ranked). */
  keep?: readonly SnapshotTrack[];
}>;

/** Candidates wanted for a playlist of `length` at the context's setting. */
export function poolSize(length: PlaylistLength, adventurous: number): number {
  const wanted = length.count ?? Math.ceil((length.durationSec ?? 0) / 180) + 1;
  const size = Math.ceil(POOL_PER_TRACK * wanted * (1 + adventurous));
  return Math.min(MAX_POOL, Math.max(MIN_POOL, size));
}

/** The radio's tracks under the rules, best first. */
export async function radio(
  sources: Sources,
  plan: RadioPlan,
  length: PlaylistLength,
  start: RadioStart = {},
): Promise<Scored[]> {
  const { snapshot, nearest, scoring } = sources;
  const pool = poolSize(length, scoring.adventurous);
  const avoid = new Set([...plan.seeds, ...(start.before ?? [])].map((t) => t.track.id));
  const pulling = start.followSession ? sessionReferences(scoring, plan) : [];
  const [seeds, session] = await Promise.all([
    searchAround(snapshot, nearest, plan.references, FAVOURITE_REACH * pool, avoid),
    pulling.length > 0 ? searchAround(snapshot, nearest, pulling, pool / 2, avoid) : null,
  ]);
  const candidates = gather(scoring, seeds, session, avoid, start.keep ?? []);
  if (scoring.taste && scoring.mode === 'cf') {
    // NeuMF alone, for comparison in the benches: its best tracks, wherever they are.
    for (const hit of scoring.taste.top(2 * pool, avoid)) {
      const track = snapshot.get(hit.id);
      if (track && !candidates.has(hit.id)) candidates.set(hit.id, track);
    }
  }
  const list = [...candidates.values()];
  const ranked = scoreCandidates(scoring, list, (c) =>
    radioCloseness(c, seeds.references, session?.references ?? []),
  );
  const seedSimilarity = new Map(
    list.map((c) => [c.track.id, nearestOf(c, seeds.references).similarity]),
  );
  // The radio's tracks so far in this session (not its seeds) count towards its adherence.
  const seedIds = new Set(plan.seeds.map((t) => t.track.id));
  const before = (start.before ?? [])
    .filter((t) => !seedIds.has(t.track.id))
    .map((t) => nearestOf(t, seeds.references).similarity);
  return assemble(
    ranked,
    { ...length, seeds: plan.seeds, seedArtists: plan.seedArtists, before: start.before },
    radioTiers(scoring, seedSimilarity, before),
  );
}

/** The session's latest played-through tracks that are not the radio's own seeds. */
function sessionReferences(scoring: ScoringContext, plan: RadioPlan): SnapshotTrack[] {
  const seeds = new Set(plan.references.map((r) => r.track.id));
  const latest: SnapshotTrack[] = [];
  for (const track of [...scoring.played].reverse()) {
    if (latest.length >= MAX_SESSION_REFERENCES) break;
    if (!seeds.has(track.track.id) && !latest.some((t) => t.track.id === track.track.id)) {
      latest.push(track);
    }
  }
  return latest;
}

/**
 * The candidates: the tracks to keep (a queue being re-ranked), the core of the seeds'
 * neighbourhood (and of the session's, when it pulls), and the known favourites of the fringe;
 * never a seed, a track heard or queued before, or a track the person said not to play.
 */
function gather(
  scoring: ScoringContext,
  seeds: Neighbourhood,
  session: Neighbourhood | null,
  avoid: ReadonlySet<string>,
  keep: readonly SnapshotTrack[],
): Map<string, SnapshotTrack> {
  const { feedback, history } = scoring;
  const favourite = (id: string): boolean => {
    if (feedback.loved(id)) return true;
    const past = history.tracks.get(id);
    const y = past ? outcome(past) : null;
    return y !== null && y >= 0.5 && (past?.plays ?? 0) > 0;
  };
  const candidates = new Map<string, SnapshotTrack>();
  const consider = (track: SnapshotTrack, core: boolean) => {
    const id = track.track.id;
    if (avoid.has(id) || candidates.has(id) || feedback.excluded(track.track)) return;
    if (core || favourite(id)) candidates.set(id, track);
  };
  for (const track of keep) consider(track, true);
  for (const track of seeds.found)
    consider(track, seeds.within(track.track.id, 1 / FAVOURITE_REACH));
  for (const track of session?.found ?? []) consider(track, true);
  return candidates;
}

/**
 * How close a radio's candidate is: its similarity to the nearest seed, or to the nearest
 * session track times {@link SESSION_PULL} when that is more. The reason names the seed
 * ("close to" only among its closer neighbours) and, when the session decided, the session track.
 */
export function radioCloseness(
  candidate: SnapshotTrack,
  seeds: readonly Reference[],
  session: readonly Reference[],
): Closeness {
  const id = candidate.track.id;
  const seed = nearestOf(candidate, seeds);
  const sound: ReasonPart[] = [];
  if (seed.reference) sound.push(seedPart(id, seed.reference, seed.similarity));
  const pulled = nearestOf(candidate, session);
  const pull = SESSION_PULL * pulled.similarity;
  if (pulled.reference && pull > seed.similarity) {
    const rank = pulled.reference.ranks.get(id);
    if (rank !== undefined) {
      sound.push({
        kind: 'session',
        to: pulled.reference.track.track.id,
        value: round(pulled.similarity),
        rank,
      });
    }
    return { similarity: pull, sound };
  }
  return { similarity: seed.similarity, sound };
}

/** "close to <seed>" for one of its closer neighbours, "further out from <seed>" otherwise. */
export function seedPart(id: string, reference: Reference, similarity: number): ReasonPart {
  const to = reference.track.track.id;
  const rank = reference.ranks.get(id);
  const value = round(similarity);
  return rank === undefined ? { kind: 'further', to, value } : { kind: 'similar', to, value, rank };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
