/**
 * The feedback a training run learns from, as track ids: every loved track, every banned track,
 * and the tracks of the events whose artist or album is banned (the tracks a model has a row
 * for; a ban of an artist never heard needs no row, the recommender leaves its tracks out).
 */
import type { FeedbackState, TrackTags } from '../events/feedback-state';
import type { DatasetFeedback } from './event-dataset';

/** The {@link DatasetFeedback} of `state` over the tracks `played`; `tagsOf` is asked only when an artist or album is banned. */
export async function datasetFeedback(
  state: FeedbackState,
  played: ReadonlySet<string>,
  tagsOf: (ids: ReadonlySet<string>) => Promise<readonly TrackTags[]>,
): Promise<DatasetFeedback> {
  const { loved, banned } = state.trackIds();
  if (!state.bansTags) return { loved, banned };
  const all = new Set(banned);
  for (const track of await tagsOf(played)) if (state.excluded(track)) all.add(track.id);
  return { loved, banned: all };
}
