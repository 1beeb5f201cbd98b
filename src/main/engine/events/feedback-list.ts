/**
 * The standing feedback as the Settings list shows it: each banned or loved track with its tags
 * as the library has them now (or null once it has left the library), artists and albums as
 * they were named.
 */
import type { FeedbackEntry, FeedbackList, FeedbackRecord } from '../../../shared/feedback';
import type { FeedbackState } from './feedback-state';

/** A track's tags by id, or null when the library no longer has it. */
export type TrackLookup = (
  id: string,
) => Promise<Readonly<{ title: string; artist: string | null; album: string | null }> | null>;

/** The Settings list of a state, newest first. */
export async function feedbackList(
  state: FeedbackState,
  lookup: TrackLookup,
): Promise<FeedbackList> {
  const entryOf = async (record: FeedbackRecord): Promise<FeedbackEntry> => {
    const { target, at } = record;
    const value = record.value === 'love' ? 'love' : 'ban';
    if (target.kind !== 'track') return { target, value, at };
    const track = await lookup(target.id);
    return {
      target,
      value,
      at,
      track: track && { title: track.title, artist: track.artist, album: track.album },
    };
  };
  const { loved, banned } = state.records();
  return {
    loved: await Promise.all(loved.map(entryOf)),
    banned: await Promise.all(banned.map(entryOf)),
  };
}
