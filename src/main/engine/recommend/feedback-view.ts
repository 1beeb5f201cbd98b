/**
 * What the recommender needs of the person's explicit feedback (src/shared/feedback.ts, kept by
 * the event log: events/feedback-state.ts): whether a track is loved, and whether "Don't play
 * this" covers it (the track, its artist or its album). Excluded tracks are never candidates of
 * a radio, path or mix.
 */
import type { TrackTags } from '../events/feedback-state';

/** The tags an exclusion is matched on. */
export type FeedbackTrack = TrackTags;

export type TrackFeedback = Readonly<{
  loved: (trackId: string) => boolean;
  excluded: (track: FeedbackTrack) => boolean;
}>;

/** No feedback given: nothing loved, nothing excluded. */
export const NO_FEEDBACK: TrackFeedback = { loved: () => false, excluded: () => false };
