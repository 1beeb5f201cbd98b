/**
 * Loudness levelling: the gain that brings a track (or its album, keeping the album's own
 * dynamics between its tracks) to the ReplayGain 2 reference of −18 LUFS, from the values the
 * scan stored (ReplayGain tags when the file has them, else measured). Never more than keeps the
 * track's peak under full scale, so levelling cannot clip; a quiet track is raised by 12 dB at
 * most, which keeps a near-silent intro from being pushed up into noise.
 */

/** Off, per track, or per album. */
export type Normalisation = 'off' | 'track' | 'album';

/** What the store keeps of a track's loudness (gains in dB to −18 LUFS, peaks linear). */
export type LoudnessValues = Readonly<{
  trackGainDb: number;
  trackPeak: number;
  albumGainDb: number | null;
  albumPeak: number | null;
}>;

const MAX_BOOST_DB = 12;

/** The linear gain to apply to a track. */
export function levellingGain(loudness: LoudnessValues | null, mode: Normalisation): number {
  if (mode === 'off' || loudness === null) return 1;
  const album = mode === 'album' && loudness.albumGainDb !== null;
  const db = Math.min(MAX_BOOST_DB, album ? (loudness.albumGainDb ?? 0) : loudness.trackGainDb);
  const peak = album ? (loudness.albumPeak ?? loudness.trackPeak) : loudness.trackPeak;
  const gain = 10 ** (db / 20);
  return peak > 0 ? Math.min(gain, 1 / peak) : gain;
}
