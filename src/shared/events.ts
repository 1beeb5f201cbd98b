/**
 * Listening events: what the player reports after each track, shared by the engine, the CLI and
 * the renderer. Pure TypeScript and zod, no Node or DOM.
 */
import { z } from 'zod';

/** Why playback of a track ended, as the player saw it. */
export const EVENT_ENDS = ['finished', 'next', 'previous', 'stopped', 'quit', 'error'] as const;

/** Why playback of a track ended: it ran out, the person moved on, stopped, quit, or it failed. */
export type EventEnd = (typeof EVENT_ENDS)[number];

/** Where a played track came from. */
export const SOURCE_KINDS = ['library', 'playlist', 'radio', 'seed', 'path', 'mix'] as const;

/** Where a played track came from: the library itself or something Deepcut generated. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The profile every install starts with. */
export const DEFAULT_PROFILE = 'default';

// Labels chosen by people or other apps (imports): bounded, and free of control characters so
// that a log line stays one line and a terminal listing cannot be tampered with.
const label = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.trim() === s, 'must not start or end with whitespace');

const milliseconds = z.number().int();

/** A local profile's name: it names a folder, so it is kept to [a-z0-9-], 1 to 32 characters. */
export const profileNameSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, 'a profile name is 1 to 32 of a-z, 0-9 and -');

/** Schema of one listening event; unknown keys are refused so typos never pass silently. */
export const listeningEventSchema = z.strictObject({
  /** The track's id (16 hex characters, see the store's track ids). */
  track: z.string().regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters'),
  /** The listening session, assigned by the engine unless the caller (an import) brings one. */
  session: label,
  /** When playback started: ISO 8601 with a time zone (Z or ±hh:mm). */
  startedAt: z.iso.datetime({ offset: true }),
  /** How long the track was actually heard, in whole milliseconds. */
  msPlayed: milliseconds.nonnegative(),
  /** The track's full length in whole milliseconds. */
  durationMs: milliseconds.positive(),
  end: z.enum(EVENT_ENDS),
  source: z.strictObject({
    kind: z.enum(SOURCE_KINDS),
    /** The playlist, radio seed, path or mix it came from, when there is one. */
    id: label.optional(),
  }),
});

/** One track heard (or started) by the person, as stored in the profile's event log. */
export type ListeningEvent = Readonly<z.infer<typeof listeningEventSchema>>;

/** Schema of an event whose session the engine is to assign. */
export const eventDraftSchema = listeningEventSchema.partial({ session: true });

/** An event before the engine has assigned its session: `session` may be left out. */
export type EventDraft = Readonly<z.infer<typeof eventDraftSchema>>;

/** Where a played track came from. */
export type EventSource = ListeningEvent['source'];

/** One line per problem, `field.path: message`, for error messages and log reports. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
}
