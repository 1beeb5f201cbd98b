import { createReadStream } from 'node:fs';
import {
  describeIssues,
  eventDraftSchema,
  listeningEventSchema,
  type EventDraft,
  type ListeningEvent,
} from '../../../shared/events';
import { assertNever } from '../../../shared/assert-never';
import { feedbackLineSchema, type FeedbackRecord } from '../../../shared/feedback';
import { EventError } from './event-error';

/** One line of a JSON Lines file, without its newline. */
export type RawLine = Readonly<{
  text: string;
  /** 1-based, counted from where reading started. */
  line: number;
  /** Byte offset just past this line (and its newline). */
  end: number;
  /** False for a last line with no newline after it: a write cut short, or still in progress. */
  terminated: boolean;
}>;

/** The byte that ends a line. */
export const NEWLINE = 0x0a;

/**
 * The lines of a file from byte `start` (which must be a line start), streamed. Splitting bytes
 * on 0x0A before decoding is safe: UTF-8 never uses that byte inside a multi-byte character.
 * A missing file has no lines.
 */
export async function* readRawLines(path: string, start = 0): AsyncGenerator<RawLine> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = start;
  let line = 0;
  try {
    for await (const chunk of createReadStream(path, { start })) {
      const buffer: Buffer = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk]);
      let from = 0;
      for (let at = buffer.indexOf(NEWLINE); at !== -1; at = buffer.indexOf(NEWLINE, from)) {
        offset += at + 1 - from;
        yield {
          text: buffer.toString('utf8', from, at),
          line: ++line,
          end: offset,
          terminated: true,
        };
        from = at + 1;
      }
      carry = buffer.subarray(from);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (carry.length > 0) {
    offset += carry.length;
    yield { text: carry.toString('utf8'), line: ++line, end: offset, terminated: false };
  }
}

/** A line parsed as an event, or why it is not one. */
export type ParsedLine =
  Readonly<{ ok: true; event: ListeningEvent }> | Readonly<{ ok: false; reason: string }>;

/** A log line parsed as what it is: a listening event, a feedback change, or damage. */
export type ParsedLogLine =
  | Readonly<{ kind: 'event'; event: ListeningEvent }>
  | Readonly<{ kind: 'feedback'; record: FeedbackRecord }>
  | Readonly<{ kind: 'corrupt'; reason: string }>;

const MAX_REASON = 200;

/**
 * Parse and validate one log line of either kind. A line with no `kind` is a listening event:
 * every line written before feedback existed reads as it always did.
 */
export function parseLogLine(text: string): ParsedLogLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', reason: clip(`not JSON: ${(error as Error).message}`) };
  }
  if (isRecord(value) && 'kind' in value) {
    const parsed = feedbackLineSchema.safeParse(value);
    return parsed.success
      ? { kind: 'feedback', record: parsed.data }
      : { kind: 'corrupt', reason: clip(`not a feedback line: ${describeIssues(parsed.error)}`) };
  }
  const parsed = listeningEventSchema.safeParse(value);
  return parsed.success
    ? { kind: 'event', event: parsed.data }
    : { kind: 'corrupt', reason: clip(`not an event: ${describeIssues(parsed.error)}`) };
}

/** Parse one log line as a listening event; a feedback line is not one. */
export function parseEventLine(text: string): ParsedLine {
  const parsed = parseLogLine(text);
  switch (parsed.kind) {
    case 'event':
      return { ok: true, event: parsed.event };
    case 'feedback':
      return { ok: false, reason: 'a feedback line' };
    case 'corrupt':
      return { ok: false, reason: parsed.reason };
    default:
      return assertNever(parsed);
  }
}

/** Turns a track reference that is not an id (a file path, say) into a track id. */
export type TrackResolver = (ref: string) => Promise<string>;

const TRACK_ID = /^[0-9a-f]{16}$/;

/**
 * Parse an import file's text: one event per line, blank lines allowed, `session` optional.
 * A `track` that is not an id goes through `resolveTrack` first, so a file may name tracks by
 * path, like `deepcut events add --track`.
 * @throws EventError with the 1-based line number and why, for the first bad line.
 */
export async function parseImportText(
  text: string,
  resolveTrack?: TrackResolver,
): Promise<EventDraft[]> {
  const drafts: EventDraft[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new EventError(`line ${line}: not JSON: ${(error as Error).message}`, line);
    }
    if (
      resolveTrack &&
      isRecord(value) &&
      typeof value.track === 'string' &&
      !TRACK_ID.test(value.track)
    ) {
      try {
        value = { ...value, track: await resolveTrack(value.track) };
      } catch (error) {
        throw new EventError(`line ${line}: ${(error as Error).message}`, line);
      }
    }
    const parsed = eventDraftSchema.safeParse(value);
    if (!parsed.success)
      throw new EventError(`line ${line}: ${describeIssues(parsed.error)}`, line);
    drafts.push(parsed.data);
  }
  return drafts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(reason: string): string {
  return reason.length <= MAX_REASON ? reason : `${reason.slice(0, MAX_REASON - 1)}…`;
}
