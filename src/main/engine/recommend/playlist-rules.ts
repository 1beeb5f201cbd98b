/**
 * The rules every playlist follows, whatever ranked it:
 * - no track twice;
 * - no two versions of one song: the same artist and normalised title ("Numb", "Numb (Live)"),
 *   or near-identical audio (the same recording in two files);
 * - no artist twice within {@link ARTIST_GAP} tracks, and at most {@link ARTIST_MAX_PER_WINDOW}
 *   of one artist in any {@link ARTIST_WINDOW} tracks, unless the seed is that artist;
 * - the seeds are not echoed back (neither the seed tracks nor versions of them);
 * - a length by count of tracks or by duration.
 *
 * The builder places tracks one at a time, each the best-ranked one the rules admit, so a rule
 * costs a track only its place, never the playlist its order. A playlist that continues another
 * (an endless radio's next tracks) starts after that one's tracks: none of them comes again, and
 * the artist limits count from its end.
 */
import type { StoredTrack } from '../store/types';
import { identityOf, normaliseArtist } from './song-identity';
import { dot } from './vector-math';

/** Two tracks closer than this cosine are taken for the same recording. */
export const NEAR_IDENTICAL_COSINE = 0.995;
/** An artist may not come back within this many tracks (the next two places are closed). */
export const ARTIST_GAP = 3;
/** The window over which an artist's tracks are counted. */
export const ARTIST_WINDOW = 30;
/** At most this many tracks of one artist in any window of {@link ARTIST_WINDOW}. */
export const ARTIST_MAX_PER_WINDOW = 3;
/** Length assumed for a track whose duration is unknown, in seconds. */
export const UNKNOWN_DURATION_SEC = 240;

/** What the rules look at in a track. */
export type RuleTrack = Readonly<{ track: StoredTrack; vector: Float32Array }>;

/** Options of one playlist. */
export type PlaylistRules = Readonly<{
  /** At most this many tracks. */
  count?: number;
  /** Aim for this many seconds of music; the playlist ends at or just past it. */
  durationSec?: number;
  /** Seed tracks: never in the playlist, nor versions of them. */
  seeds?: readonly RuleTrack[];
  /** Artists the playlist was seeded with (as given): free of the artist limits. */
  seedArtists?: readonly string[];
  /**
   * Tracks already heard or queued before this playlist, in order: never placed again (nor
   * versions of them), and the artist limits count them as the places before the first.
   */
  before?: readonly RuleTrack[];
}>;

/** Places tracks under the rules; see the module comment. */
export class PlaylistBuilder<T extends RuleTrack> {
  readonly entries: T[] = [];
  /** Artists of the places so far, `before` included, for the artist limits. */
  private readonly artists: (string | null)[] = [];
  private readonly ids = new Set<string>();
  private readonly songs = new Set<string>();
  private readonly recordings: Float32Array[] = [];
  private readonly seedIds: ReadonlySet<string>;
  private readonly exempt: ReadonlySet<string>;
  private seconds = 0;

  constructor(private readonly rules: PlaylistRules) {
    const seeds = rules.seeds ?? [];
    this.seedIds = new Set(seeds.map((s) => s.track.id));
    for (const seed of seeds) this.remember(seed);
    for (const earlier of rules.before ?? []) {
      this.ids.add(earlier.track.id);
      this.remember(earlier);
      this.artists.push(identityOf(earlier.track).artist);
    }
    this.exempt = new Set(
      (rules.seedArtists ?? []).map(normaliseArtist).filter((a): a is string => a !== null),
    );
  }

  /** Whether the playlist has reached its length. */
  get full(): boolean {
    const { count, durationSec } = this.rules;
    if (count !== undefined && this.entries.length >= count) return true;
    return durationSec !== undefined && this.seconds >= durationSec;
  }

  /** Why `candidate` cannot come next, or null when it can. */
  refusal(candidate: RuleTrack): string | null {
    return this.lasting(candidate) ?? this.forNow(candidate);
  }

  /** A refusal that no later place lifts: a seed, a duplicate, another version. */
  lasting(candidate: RuleTrack): string | null {
    if (this.seedIds.has(candidate.track.id)) return 'is a seed';
    if (this.ids.has(candidate.track.id)) return 'is already in the playlist';
    const key = identityOf(candidate.track).song;
    if (key !== null && this.songs.has(key)) return 'is another version of a song already in';
    if (this.recordings.some((v) => dot(v, candidate.vector) >= NEAR_IDENTICAL_COSINE)) {
      return 'sounds identical to a track already in';
    }
    return null;
  }

  /** A refusal for this place only: the artist limits and the length left. */
  forNow(candidate: RuleTrack): string | null {
    const artist = identityOf(candidate.track).artist;
    if (artist !== null && !this.exempt.has(artist)) {
      const placed = this.artists;
      const n = placed.length;
      for (let i = Math.max(0, n - (ARTIST_GAP - 1)); i < n; i++) {
        if (placed[i] === artist) return `has an artist heard within ${ARTIST_GAP} tracks`;
      }
      let inWindow = 0;
      for (let i = Math.max(0, n - (ARTIST_WINDOW - 1)); i < n; i++) {
        if (placed[i] === artist) inWindow++;
      }
      if (inWindow >= ARTIST_MAX_PER_WINDOW) {
        return `has an artist heard ${ARTIST_MAX_PER_WINDOW} times in ${ARTIST_WINDOW} tracks`;
      }
    }
    const { durationSec } = this.rules;
    if (durationSec !== undefined && this.entries.length > 0) {
      // Past the target by more than half the track: a shorter one would end closer to it.
      const length = durationOf(candidate.track);
      if (this.seconds + length - durationSec > length / 2) return 'is too long for what is left';
    }
    return null;
  }

  /** Appends `candidate`; `force` skips the rules (the fixed ends of a path). */
  add(candidate: T, force = false): void {
    if (!force) {
      const why = this.refusal(candidate);
      if (why !== null) throw new Error(`track ${candidate.track.id} ${why}`);
    }
    this.entries.push(candidate);
    this.artists.push(identityOf(candidate.track).artist);
    this.ids.add(candidate.track.id);
    this.remember(candidate);
    this.seconds += durationOf(candidate.track);
  }

  private remember(track: RuleTrack): void {
    const key = identityOf(track.track).song;
    if (key !== null) this.songs.add(key);
    this.recordings.push(track.vector);
  }
}

/** A track's length for the duration rule. */
export function durationOf(track: StoredTrack): number {
  return track.durationSec ?? UNKNOWN_DURATION_SEC;
}

/**
 * How a place is filled beyond the rules, tried in order until one finds a track: take the
 * best-ranked admissible track that `accept`s, or the admissible track with the highest `key`.
 * Asked anew for every place (a tier may depend on what was placed so far).
 */
export type PlacementTier<T> =
  Readonly<{ accept: (candidate: T) => boolean }> | Readonly<{ key: (candidate: T) => number }>;

/**
 * The playlist from `ranked` (best first): each place takes the best remaining track the rules
 * admit there, until the length is reached or nothing fits. With `tiers`, a place takes the
 * first tier's choice that exists, and the best-ranked admissible track when none does.
 */
export function assemble<T extends RuleTrack>(
  ranked: readonly T[],
  rules: PlaylistRules,
  tiers?: (placed: readonly T[]) => readonly PlacementTier<T>[],
): T[] {
  const builder = new PlaylistBuilder<T>(rules);
  const placed = builder.entries;
  // Tracks refused for good (seeds and their versions) leave the list once. After that a track
  // is compared with the tracks placed since it was last looked at, and only when the search for
  // a place reaches it: most of a long candidate list is never reached, and comparing every
  // candidate with every placed track was a third of a radio's time at 100,000 tracks.
  const left = ranked.filter((c) => builder.lasting(c) === null);
  const gone = new Uint8Array(left.length);
  const comparedWith = new Uint32Array(left.length);
  let first = 0;
  const admissible = (i: number): boolean => {
    const candidate = left[i] as T;
    for (let k = comparedWith[i] as number; k < placed.length && !gone[i]; k++) {
      if (sameSong(candidate, placed[k] as T)) gone[i] = 1;
    }
    comparedWith[i] = placed.length;
    return !gone[i] && builder.forNow(candidate) === null;
  };
  const choose = (tier: PlacementTier<T> | null): number => {
    if (tier !== null && 'key' in tier) {
      let [pick, best] = [-1, -Infinity];
      for (let i = first; i < left.length; i++) {
        const value = gone[i] ? -Infinity : tier.key(left[i] as T);
        if (value > best && admissible(i)) [pick, best] = [i, value];
      }
      return pick;
    }
    for (let i = first; i < left.length; i++) {
      if ((tier === null || tier.accept(left[i] as T)) && admissible(i)) return i;
    }
    return -1;
  };
  while (!builder.full) {
    let pick = -1;
    for (const tier of tiers?.(placed) ?? []) {
      pick = choose(tier);
      if (pick >= 0) break;
    }
    if (pick < 0) pick = choose(null);
    if (pick < 0) break;
    builder.add(left[pick] as T, true);
    gone[pick] = 1;
    while (first < left.length && gone[first]) first++;
  }
  return placed;
}

/** Whether two tracks may not share a playlist: the same track, song or recording. */
export function sameSong(a: RuleTrack, b: RuleTrack): boolean {
  if (a.track.id === b.track.id) return true;
  const key = identityOf(a.track).song;
  if (key !== null && key === identityOf(b.track).song) return true;
  return dot(a.vector, b.vector) >= NEAR_IDENTICAL_COSINE;
}
