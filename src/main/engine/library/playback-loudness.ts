/**
 * The levelling a player applies, from what the store keeps per track: the file's ReplayGain
 * tags when it has them (the person's own tagger decided), else the loudness measured at scan
 * time. An album's gain is its tags' album gain, else the loudness of its tracks together.
 */
import type { TrackLoudness } from '../../../shared/api-contract-media';
import type { MeasuredLoudness, ReplayGainTags } from '../store/types';

/** ReplayGain 2's reference loudness: a gain of 0 dB plays a track at −18 LUFS. */
export const REFERENCE_LUFS = -18;

/** What levelling is made from, per track. */
export type LoudnessFacts = Readonly<{
  loudness: MeasuredLoudness | null;
  replayGain: ReplayGainTags | null;
  durationSec: number | null;
}>;

/** An album's gain and peak. */
export type AlbumLevel = Readonly<{ gainDb: number; peak: number | null }>;

// A track of unknown length counts as a typical one when tracks' loudness is averaged.
const TYPICAL_SEC = 240;

/** The album a track counts in for album gain, or null outside any: album and album artist. */
export function albumKeyOf(album: string | null, albumArtist: string | null): string | null {
  return album === null ? null : `${album.toLowerCase()}\u0000${albumArtist?.toLowerCase() ?? ''}`;
}

/** A track's loudness in LUFS: measured, or what its ReplayGain track gain implies. */
function lufsOf(facts: LoudnessFacts): number | null {
  if (facts.loudness !== null) return facts.loudness.integratedLufs;
  const gain = facts.replayGain?.trackGainDb ?? null;
  return gain === null ? null : REFERENCE_LUFS - gain;
}

/**
 * The level of every album: the album gain its tags state (the first met; taggers write the
 * same on every track), else the energy mean of its tracks' loudness weighted by their length
 * (what gating the whole album would give when the tracks' own gates agree), peak the largest.
 */
export function albumLevels(
  tracks: Iterable<Readonly<{ key: string | null; facts: LoudnessFacts }>>,
): Map<string, AlbumLevel> {
  const tagged = new Map<string, AlbumLevel>();
  const sums = new Map<string, { energy: number; weight: number; peak: number | null }>();
  for (const { key, facts } of tracks) {
    if (key === null) continue;
    const rg = facts.replayGain;
    if (rg?.albumGainDb != null && !tagged.has(key)) {
      tagged.set(key, { gainDb: rg.albumGainDb, peak: rg.albumPeak });
    }
    const lufs = lufsOf(facts);
    if (lufs === null) continue;
    const weight = facts.durationSec ?? TYPICAL_SEC;
    const sum = sums.get(key) ?? { energy: 0, weight: 0, peak: null };
    sum.energy += weight * 10 ** (lufs / 10);
    sum.weight += weight;
    const peak = facts.loudness?.peak ?? rg?.trackPeak ?? null;
    if (peak !== null) sum.peak = Math.max(sum.peak ?? 0, peak);
    sums.set(key, sum);
  }
  const levels = new Map<string, AlbumLevel>();
  for (const [key, sum] of sums) {
    const lufs = 10 * Math.log10(sum.energy / sum.weight);
    levels.set(key, { gainDb: REFERENCE_LUFS - lufs, peak: sum.peak });
  }
  for (const [key, level] of tagged) levels.set(key, level);
  return levels;
}

/** A track's levelling with its album's, or null when nothing is known of its loudness. */
export function trackLoudness(
  facts: LoudnessFacts,
  album: AlbumLevel | null,
): TrackLoudness | null {
  const rg = facts.replayGain;
  const albumGainDb = album?.gainDb ?? null;
  const albumPeak = album?.peak ?? null;
  if (rg?.trackGainDb != null) {
    const trackPeak = rg.trackPeak ?? facts.loudness?.peak ?? 1;
    return { trackGainDb: rg.trackGainDb, trackPeak, albumGainDb, albumPeak, source: 'tags' };
  }
  if (facts.loudness === null) return null;
  return {
    trackGainDb: REFERENCE_LUFS - facts.loudness.integratedLufs,
    trackPeak: facts.loudness.peak,
    albumGainDb,
    albumPeak,
    source: 'measured',
  };
}
