/**
 * The two rules that make a radio follow its seed whatever the taste says, held by construction
 * when the playlist is assembled rather than left to the weights of the blend:
 *
 * - **Seed adherence**: after every place j, the mean similarity to the seeds of the tracks
 *   placed so far is at least {@link adherenceFloor} of the mean of the j closest candidates'.
 *   A place whose best-ranked track would break it takes the best-ranked one that keeps it, or
 *   else the closest one the rules admit. So the taste reorders the seed's neighbourhood and may
 *   bring a favourite that sounds a little less alike, but it cannot turn the radio into the
 *   history: at the default setting the first 20 tracks stay at 80 % of the seed's own top 20
 *   or closer.
 * - **New tracks**: at least {@link newShare} of the places so far go to tracks the person has
 *   never heard (when the neighbourhood has one that keeps the adherence). The rest go to
 *   whatever ranks best, known favourites or new.
 *
 * Neither applies in `cf` mode, which ranks by NeuMF alone for comparison in the benches.
 */
import type { PlacementTier } from './playlist-rules';
import type { Scored, ScoringContext } from './scoring';

/**
 * The adherence floor at familiar (0); it falls by {@link ADHERENCE_SLOPE} to adventurous (1):
 * 0.8 at the default setting, so the blend keeps at least 0.8 of any ranking's adherence (audio
 * alone's included) by construction, the bound issue 13 sets; it was 0.84 (docs/recommend.md).
 */
export const ADHERENCE_AT_FAMILIAR = 0.86;
export const ADHERENCE_SLOPE = 0.2;

/** Mean similarity to the seeds the radio keeps, as a share of its closest candidates'. */
export function adherenceFloor(adventurous: number): number {
  return ADHERENCE_AT_FAMILIAR - ADHERENCE_SLOPE * adventurous;
}

/**
 * The least share of tracks new to the person: the setting itself. None at familiar (known
 * tracks that fit come first whenever they rank first), 30 % at the default, all at adventurous.
 */
export function newShare(adventurous: number): number {
  return Math.min(1, Math.max(0, adventurous));
}

/**
 * The placement tiers of a radio (playlist-rules.ts assemble), from each candidate's similarity
 * to the seeds: a new track that keeps the adherence when one is due, else the best-ranked track
 * that keeps it, else the closest one. `before` holds the similarities to the seeds of the
 * radio's tracks already heard or queued in this session (a continuation, a re-ranking): the
 * floor holds for the radio from its start, not afresh after every skip. Restarting it made the
 * first place of every re-ranking one of the closest tracks left, so a listener who skipped ten
 * of the seed's nearest in a row was served the eleventh.
 */
export function radioTiers(
  scoring: ScoringContext,
  seedSimilarity: ReadonlyMap<string, number>,
  before: readonly number[] = [],
): ((placed: readonly Scored[]) => PlacementTier<Scored>[]) | undefined {
  if (scoring.mode === 'cf') return undefined;
  const floor = adherenceFloor(scoring.adventurous);
  const share = newShare(scoring.adventurous);
  const similarity = (c: Scored) => seedSimilarity.get(c.id) ?? 0;
  // top[j]: the sum of the j + 1 highest similarities among the candidates and the tracks before.
  const sorted = [...seedSimilarity.values(), ...before].sort((a, b) => b - a);
  const top: number[] = [];
  sorted.reduce((sum, s) => (top.push(sum + s), sum + s), 0);
  const sumBefore = before.reduce((s, x) => s + x, 0);
  return (placed) => {
    const j = placed.length;
    const sum = placed.reduce((s, c) => s + similarity(c), sumBefore);
    const target = top[Math.min(before.length + j, top.length - 1)] ?? 0;
    const keeps = (c: Scored) => target <= 0 || sum + similarity(c) >= floor * target;
    const fresh = placed.reduce((n, c) => n + (c.known ? 0 : 1), 0);
    const tiers: PlacementTier<Scored>[] = [];
    if (fresh < Math.floor(share * (j + 1))) tiers.push({ accept: (c) => !c.known && keeps(c) });
    tiers.push({ accept: keeps }, { key: similarity });
    return tiers;
  };
}

/**
 * A playlist's seed adherence: the mean similarity to the seeds of its first `places` tracks over
 * the mean of the `places` closest tracks' (1 when it is made of the closest; the measure the
 * floor holds, and what bench/listener reports).
 */
export function seedAdherence(
  similarities: readonly number[],
  closest: readonly number[],
  places = 20,
): number {
  const take = similarities.slice(0, places);
  const best = [...closest].sort((a, b) => b - a).slice(0, take.length);
  const reference = best.reduce((s, x) => s + x, 0);
  if (take.length === 0 || reference <= 0) return 1;
  return take.reduce((s, x) => s + x, 0) / reference;
}
