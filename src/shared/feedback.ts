/**
 * Explicit feedback: "Love" and "Don't play this" on a track, "Don't play this artist / album",
 * and the undo of each. Shared by the engine, the CLI and the renderer; pure TypeScript and zod.
 *
 * Feedback lives in the profile's event log beside the plays, one line per change
 * ({@link feedbackLineSchema}); the latest line for a target is its state. Only a track can be
 * loved: the player offers "Love" on tracks and "Don't play this" on tracks, artists and albums.
 */
import { z } from 'zod';

/** What a piece of feedback is about. */
export type FeedbackTarget =
  | Readonly<{ kind: 'track'; id: string }>
  | Readonly<{ kind: 'artist'; name: string }>
  /** `artist` tells apart albums of the same name ("Greatest Hits"); leave it out for a compilation. */
  | Readonly<{ kind: 'album'; name: string; artist?: string }>;

/** The feedback values: love, "don't play this" (ban), or none (the undo of either). */
export const FEEDBACK_VALUES = ['love', 'ban', 'none'] as const;

/** Love, ban ("Don't play this"), or none: the undo of either. */
export type FeedbackValue = (typeof FEEDBACK_VALUES)[number];

// A tag as people and taggers write it: bounded, one line, not blank.
const tagName = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.trim() !== '', 'must not be blank');

/** Schema of a {@link FeedbackTarget}; unknown keys are refused. */
export const feedbackTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('track'),
    id: z.string().regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters'),
  }),
  z.strictObject({ kind: z.literal('artist'), name: tagName }),
  z.strictObject({ kind: z.literal('album'), name: tagName, artist: tagName.optional() }),
]);

/** Whether a change is one the app takes: a love is for tracks only. */
export function isAllowedChange(
  change: Readonly<{ target: FeedbackTarget; value: FeedbackValue }>,
) {
  return change.value !== 'love' || change.target.kind === 'track';
}

/** Why {@link isAllowedChange} refused a change. */
export const LOVE_IS_FOR_TRACKS =
  'only a track can be loved; an artist or an album can only be banned';

/** Schema of a feedback change; a love is for tracks only. */
export const feedbackChangeSchema = z
  .strictObject({ target: feedbackTargetSchema, value: z.enum(FEEDBACK_VALUES) })
  .refine(isAllowedChange, LOVE_IS_FOR_TRACKS);

/** One change of feedback. */
export type FeedbackChange = Readonly<{ target: FeedbackTarget; value: FeedbackValue }>;

/**
 * One line of the event log that records feedback. `kind` sets it apart from a listening event
 * (which has no `kind`: logs written before feedback existed read exactly as they did).
 */
export const feedbackLineSchema = z.strictObject({
  kind: z.literal('feedback'),
  target: feedbackTargetSchema,
  value: z.enum(FEEDBACK_VALUES),
  /** When the person said so: ISO 8601 with a time zone. */
  at: z.iso.datetime({ offset: true }),
});

/** A feedback change as stored in the log. */
export type FeedbackRecord = Readonly<z.infer<typeof feedbackLineSchema>>;

/** A track's tags as the library has them, for lists a person reads. */
export type FeedbackTrackInfo = Readonly<{
  title: string;
  artist: string | null;
  album: string | null;
}>;

/** One standing piece of feedback, for the Settings list. */
export type FeedbackEntry = Readonly<{
  target: FeedbackTarget;
  value: Exclude<FeedbackValue, 'none'>;
  /** When it was given (ISO 8601). */
  at: string;
  /** For a track: its tags now, or null when it has left the library. Absent for the others. */
  track?: FeedbackTrackInfo | null;
}>;

/** The standing feedback of a profile, newest first. */
export type FeedbackList = Readonly<{
  loved: readonly FeedbackEntry[];
  banned: readonly FeedbackEntry[];
}>;
