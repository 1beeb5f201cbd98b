/**
 * The explicit-feedback channels: love and "don't play this" (shared/feedback.ts), and the list
 * Settings shows to undo them. Composed into {@link ApiChannels} in api-contract.ts; same rules:
 * `area:verb`, one argument object, plain data back. Pure TypeScript.
 */
import type { FeedbackList, FeedbackTarget, FeedbackValue } from './feedback';

/** The feedback channels (see {@link ApiChannels} for the rules). */
export type FeedbackChannels = {
  /**
   * Loves or bans a track, bans an artist or an album, or undoes one (`value: 'none'`). Only a
   * track can be loved (`bad-request` otherwise); an unknown track fails with `not-found`.
   * Resolves once the change is durable in the profile's event log; `changed` is false when
   * the target already stood so. A banned track, or one of a banned artist or album, never
   * appears in a radio, path or mix; love and ban teach the taste model at its next run.
   */
  'feedback:set': (
    arg: Readonly<{ target: FeedbackTarget; value: FeedbackValue; profile?: string }>,
  ) => Promise<Readonly<{ target: FeedbackTarget; value: FeedbackValue; changed: boolean }>>;
  /** The standing loves and bans, newest first, with each track's tags (null once it is gone). */
  'feedback:list': (arg: Readonly<{ profile?: string }>) => Promise<FeedbackList>;
};

/** The feedback channels, in the order of {@link FeedbackChannels}. */
export const FEEDBACK_CHANNELS = [
  'feedback:set',
  'feedback:list',
] as const satisfies readonly (keyof FeedbackChannels)[];

type MissingFeedbackChannels = Exclude<keyof FeedbackChannels, (typeof FEEDBACK_CHANNELS)[number]>;
const everyFeedbackChannelListed: [MissingFeedbackChannels] extends [never]
  ? true
  : MissingFeedbackChannels = true;
void everyFeedbackChannelListed;
