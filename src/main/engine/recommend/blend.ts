/**
 * The score of a candidate: the chance of a play-through as two experts see it, minus penalties
 * for what was skipped or played lately. `audio` estimates it from the sound alone: closeness to
 * what the playlist follows, within the candidate pool, times the profile's acceptance of new
 * suggestions ({@link audioEstimate}). NeuMF's probability, calibrated to a play-through rate on
 * the heard candidates (calibration.ts), then moves that estimate in logit space by how far it
 * stands from the heard tracks' base rate, weighted by `w` ({@link combine}): a product of
 * experts, so a track both sides like beats one only NeuMF likes, and the sound always counts.
 *
 * `w`, the weight of the collaborative (NeuMF) evidence, is the product of how much the model
 * knows about this listener (the session's folded-in events, and the profile's history that its
 * prior was trained on) and about this track (its training events): zero for a track the model
 * never saw, so a cold track is ranked by its sound alone, and at most {@link W_MAX}.
 */
import { logit, sigmoid } from './calibration';
import type { TrackHistory } from './history';

/** Which components rank: both (the blend), or one alone (for comparison in the benches). */
export type BlendMode = 'blend' | 'audio' | 'cf';

/** The largest weight NeuMF's evidence gets. */
export const W_MAX = 0.95;
/** Session events at which the listener factor of `w` reaches 1 − 1/e. */
export const SESSION_EVENTS_SCALE = 3;
/**
 * Events of the profile's history worth one event of this session: the session's vector is
 * folded in from the profile's long-term one, so a long history already says much.
 */
export const PROFILE_EVENTS_PER_SESSION_EVENT = 10;
/**
 * Training events of a track at which its factor of `w` reaches one half: a single play of a
 * track already pins its item vector within the person's other sessions, so one event gives 0.8.
 */
export const TRACK_EVIDENCE_HALF = 0.25;
/** Penalty for a skip made just now; it fades with the skip weight (half-life 14 days). */
export const SKIP_PENALTY = 0.35;
/** Penalty for a track played just now; halves every {@link RECENT_HALF_LIFE_HOURS}. */
export const RECENT_PENALTY = 0.3;
export const RECENT_HALF_LIFE_HOURS = 2;
/** Penalty for sounding exactly like a track skipped in this session. */
export const NEIGHBOUR_PENALTY = 1;
/**
 * Cosine to a skipped track below which there is no neighbour penalty. On the dev corpus a
 * track's nearest neighbour lies at 0.52 – 0.93 (median 0.75) and two random tracks at about 0.
 * Where the candidates are all alike (a tight corner of the library), the floor rises to their
 * median similarity to the skipped track, so only its closer half goes down.
 */
export const NEIGHBOUR_FLOOR = 0.3;

const HOUR_MS = 3_600_000;

/** How much NeuMF's evidence counts for one track, 0 … {@link W_MAX} (1 in cf mode). */
export function collaborativeWeight(
  input: Readonly<{
    mode: BlendMode;
    sessionEvents: number;
    /** Plays, partials and skips in the profile's history. */
    profileEvents: number;
    trackEvidence: number;
    adventurous: number;
  }>,
): number {
  const { mode, sessionEvents, profileEvents, trackEvidence, adventurous } = input;
  if (mode === 'audio' || trackEvidence <= 0) return 0;
  if (mode === 'cf') return 1;
  const known = sessionEvents + 1 + profileEvents / PROFILE_EVENTS_PER_SESSION_EVENT;
  const session = 1 - Math.exp(-known / SESSION_EVENTS_SCALE);
  const track = trackEvidence / (trackEvidence + TRACK_EVIDENCE_HALF);
  // An adventurous listener leans less on what the history says.
  return W_MAX * session * track * (1 - 0.5 * adventurous);
}

/** The range of similarities in a candidate pool, for {@link audioTerm}. */
export type SimilarityRange = Readonly<{ low: number; high: number }>;

/** The range of `similarities`: from the 10th percentile (outliers aside) to the highest. */
export function similarityRange(similarities: readonly number[]): SimilarityRange {
  if (similarities.length === 0) return { low: 0, high: 1 };
  const sorted = [...similarities].sort((a, b) => a - b);
  const low = sorted[Math.floor(0.1 * (sorted.length - 1))] ?? 0;
  return { low, high: sorted[sorted.length - 1] ?? 1 };
}

/**
 * The audio side, 0 … 1. The similarity is placed within the pool's range (1 = the closest);
 * familiar (0) prefers the closest, adventurous (1) a point 60 % of the way out.
 */
export function audioTerm(similarity: number, range: SimilarityRange, adventurous: number): number {
  const span = range.high - range.low;
  const x = span > 1e-9 ? Math.min(1, Math.max(0, (similarity - range.low) / span)) : 1;
  const target = 1 - 0.6 * adventurous;
  return 1 - Math.abs(x - target) / Math.max(target, 1 - target);
}

/** What the history takes off a track's score. */
export type HistoryPenalties = Readonly<{ skip: number; recent: number }>;

/** The skip and recently-played penalties of a track as of `now`. */
export function historyPenalties(history: TrackHistory | undefined, now: Date): HistoryPenalties {
  if (!history) return { skip: 0, recent: 0 };
  const skip = SKIP_PENALTY * Math.min(1, history.skipWeight);
  let recent = 0;
  if (history.lastPlayedAt !== null) {
    const hours = Math.max(0, now.getTime() - Date.parse(history.lastPlayedAt)) / HOUR_MS;
    recent = RECENT_PENALTY * 0.5 ** (hours / RECENT_HALF_LIFE_HOURS);
  }
  return { skip, recent };
}

/**
 * The penalty for sounding like a track skipped in this session (cosine `similarity`, counted
 * from `floor`): squared, so the skipped track's closest neighbours take most of it.
 */
export function neighbourPenalty(similarity: number, floor = NEIGHBOUR_FLOOR): number {
  const x = Math.max(0, (similarity - floor) / (1 - floor));
  return NEIGHBOUR_PENALTY * x * x;
}

/** The floor for one skipped track: {@link NEIGHBOUR_FLOOR}, or the candidates' median. */
export function neighbourFloor(similarities: readonly number[]): number {
  const sorted = [...similarities].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? NEIGHBOUR_FLOOR;
  return Math.min(0.95, Math.max(NEIGHBOUR_FLOOR, median));
}

/**
 * The audio side as an estimate of a play-through: the chance this profile finishes a suggested
 * track that sounds like this one (`acceptance`: local-acceptance.ts, an even chance with no
 * history), lifted by closeness
 * from 0.6 times that chance (the far end of the pool) to 1.4 times it (the closest). The
 * more familiar the setting, the more the history's chance counts; at adventurous 1 it is an
 * even chance whatever the history. So someone who skips most new music gets the tracks NeuMF
 * knows they love before unknown tracks that merely sound close, and someone who finishes most
 * new music gets more unknowns.
 */
export function audioEstimate(closeness: number, acceptance: number, adventurous: number): number {
  const odds = Math.min(1.5, Math.max(0.2, acceptance / 0.5));
  return 0.5 * odds ** (1 - adventurous) * (0.6 + 0.8 * closeness);
}

/**
 * The blended chance of a play-through: the audio estimate moved in logit space by NeuMF's
 * evidence, its calibrated rate `cf` against the `base` rate of heard tracks, times `w`. A cold
 * track (`cf` null) keeps its audio estimate.
 */
export function combine(audio: number, cf: number | null, w: number, base: number): number {
  if (cf === null || w <= 0) return audio;
  return sigmoid(logit(audio) + w * (logit(cf) - logit(base)));
}
