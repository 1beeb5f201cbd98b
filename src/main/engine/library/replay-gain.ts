/**
 * ReplayGain as a file's tags state it. music-metadata maps the REPLAYGAIN_* tags of every format
 * (ID3 TXXX, Vorbis comments, APE, MP4 freeform) to `common`; Opus files carry R128_TRACK_GAIN /
 * R128_ALBUM_GAIN instead (RFC 7845 §5.2.1: Q7.8 dB to −23 LUFS), read from the native tags.
 */
import type { IAudioMetadata } from 'music-metadata';
import type { ReplayGainTags } from '../store/types';

// ReplayGain 2 aims at −18 LUFS, R128 gains at −23: an R128 gain plus 5 dB is a ReplayGain one.
const R128_TO_REPLAY_GAIN_DB = 5;
// Gains beyond this are damaged tags, not levelling anyone would apply.
const MAX_GAIN_DB = 60;

const gain = (dB: number | undefined): number | null =>
  dB !== undefined && Number.isFinite(dB) && Math.abs(dB) <= MAX_GAIN_DB ? dB : null;
// A peak is linear: 1 is full scale; lossy files overshoot a little, never by a factor of 100.
const peak = (ratio: number | undefined): number | null =>
  ratio !== undefined && Number.isFinite(ratio) && ratio > 0 && ratio < 100 ? ratio : null;

function r128Gain(metadata: IAudioMetadata, id: string): number | null {
  for (const tags of Object.values(metadata.native)) {
    const tag = tags.find((t) => t.id.toUpperCase() === id);
    if (typeof tag?.value !== 'string' || !/^[-+]?\d{1,6}$/.test(tag.value.trim())) continue;
    return gain(Number(tag.value) / 256 + R128_TO_REPLAY_GAIN_DB);
  }
  return null;
}

/** The file's ReplayGain tags, or null when it has none that are usable. */
export function replayGainOf(metadata: IAudioMetadata): ReplayGainTags | null {
  const { common } = metadata;
  const tags: ReplayGainTags = {
    trackGainDb: gain(common.replaygain_track_gain?.dB) ?? r128Gain(metadata, 'R128_TRACK_GAIN'),
    trackPeak: peak(common.replaygain_track_peak?.ratio),
    albumGainDb: gain(common.replaygain_album_gain?.dB) ?? r128Gain(metadata, 'R128_ALBUM_GAIN'),
    albumPeak: peak(common.replaygain_album_peak?.ratio),
  };
  return Object.values(tags).every((v) => v === null) ? null : tags;
}
