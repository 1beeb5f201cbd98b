/**
 * The durable listening-event log: one append-only JSON Lines file per local profile,
 * `<data>/profiles/<profile>/events.jsonl`.
 *
 * Why JSON Lines with an fsync per append and not a LanceDB table: every LanceDB commit keeps
 * 0.1 – 0.2 MB that it never gives back (see the README's memory notes), and an event log commits
 * once per track heard, for as long as the app runs. An append to a file costs nothing that stays,
 * survives a crash as soon as the fsync returns, and reads back with no database at all.
 *
 * Several processes may append at once (the app and `deepcut events add`): every write() carries
 * whole lines to a file opened O_APPEND, which the OS places whole at the end of the file, so
 * lines from two processes never interleave and no lock is needed. Within a process appends are
 * queued, so each batch's lines also stay together.
 *
 * Explicit feedback (love, "don't play this" and their undo, shared/feedback.ts) shares the log:
 * a feedback line carries `"kind": "feedback"`, a listening event has no `kind`, so a log written
 * before feedback existed reads as it always did. A version of Deepcut from before feedback reads
 * a newer log's feedback lines as damaged lines and skips them (`events list` reports them); its
 * plays, skips and sessions read in full, and nothing is rewritten, so the feedback is there
 * again for this version.
 */
import { readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { assertNever } from '../../../shared/assert-never';
import {
  DEFAULT_PROFILE,
  describeIssues,
  eventDraftSchema,
  listeningEventSchema,
  profileNameSchema,
  type EventDraft,
  type ListeningEvent,
} from '../../../shared/events';
import {
  feedbackChangeSchema,
  type FeedbackChange,
  type FeedbackRecord,
} from '../../../shared/feedback';
import { openForAppend, replaceWhole, writeWhole } from './append-file';
import { EventError } from './event-error';
import { FeedbackReader } from './feedback-reader';
import type { FeedbackState } from './feedback-state';
import {
  NEWLINE,
  parseEventLine,
  parseImportText,
  parseLogLine,
  readRawLines,
  type TrackResolver,
} from './log-lines';
import { assignSessions, SessionTracker } from './sessions';

/** One line of the log as read back. */
export type LogEntry =
  | Readonly<{ kind: 'event'; line: number; event: ListeningEvent }>
  | Readonly<{ kind: 'feedback'; line: number; record: FeedbackRecord }>
  /** A complete line that is not a valid event: skipped. */
  | Readonly<{ kind: 'corrupt'; line: number; reason: string }>
  /** A last line without its newline: a write cut short by a crash, never acknowledged. */
  | Readonly<{ kind: 'torn'; line: number; bytes: number }>;

/** The whole log, with what had to be skipped. */
export type LogContents = Readonly<{
  events: ListeningEvent[];
  /** Feedback changes in file order (fold them with FeedbackState.from). */
  feedback: FeedbackRecord[];
  corrupt: Readonly<{ line: number; reason: string }>[];
  torn: Readonly<{ line: number; bytes: number }> | null;
}>;

/** What an import added, and how many of its events the log already had. */
export type ImportResult = Readonly<{ added: readonly ListeningEvent[]; duplicates: number }>;

export type EventLogOptions = Readonly<{
  dataDir: string;
  /** A local profile, [a-z0-9-]{1,32}; default "default". */
  profile?: string;
}>;

const MAX_WRITE_CHARS = 256 * 1024;

/** The file an event log lives in. */
export function eventLogPath(dataDir: string, profile: string = DEFAULT_PROFILE): string {
  const name = profileNameSchema.safeParse(profile);
  if (!name.success) {
    throw new EventError(`bad profile "${profile}": ${describeIssues(name.error)}`);
  }
  return join(dataDir, 'profiles', name.data, 'events.jsonl');
}

/** A profile's event log. Open handles stay open until {@link EventLog.close}. */
export class EventLog {
  /** The JSON Lines file. */
  readonly path: string;
  private handle: FileHandle | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  // Where {@link record} has read the log up to, so that it reads only what was added since.
  private cursor = { offset: 0, tracker: new SessionTracker() };
  private readonly feedbackReader: FeedbackReader;

  constructor(options: EventLogOptions) {
    this.path = eventLogPath(options.dataDir, options.profile);
    this.feedbackReader = new FeedbackReader(this.path);
  }

  /** The profile's standing feedback, reading only what the log gained since the last call. */
  feedback(): Promise<FeedbackState> {
    return this.feedbackReader.current();
  }

  /**
   * Durably record a feedback change (acknowledged like {@link append}). A change that leaves
   * the target as it stands writes nothing. Resolves to the record as stored, or null for such a
   * change.
   * @throws EventError for an invalid change, before anything is written.
   */
  async setFeedback(change: FeedbackChange, at: Date = new Date()): Promise<FeedbackRecord | null> {
    const valid = validateOne(change, feedbackChangeSchema, 'bad feedback');
    return this.serialised(async () => {
      if ((await this.feedback()).valueOf(valid.target) === valid.value) return null;
      const record: FeedbackRecord = { kind: 'feedback', ...valid, at: at.toISOString() };
      await this.write([record]);
      return record;
    });
  }

  /**
   * Validate and durably append one event. Resolves once the line is on disk (fsync'd): that
   * resolution is the acknowledgement.
   * @throws EventError for an invalid event, before anything is written.
   */
  async append(event: ListeningEvent): Promise<ListeningEvent> {
    const valid = validateOne(event, listeningEventSchema);
    return this.serialised(async () => {
      await this.write([valid]);
      return valid;
    });
  }

  /**
   * Append one event, assigning its session by the 30-minute rule when it has none.
   * Acknowledged like {@link append}; resolves to the event as stored.
   */
  async record(draft: EventDraft): Promise<ListeningEvent> {
    const valid = validateOne(draft, eventDraftSchema);
    return this.serialised(async () => {
      const session = valid.session ?? (await this.sessionFor(valid.startedAt));
      const event = { ...valid, session };
      await this.write([event]);
      return event;
    });
  }

  /**
   * Append a batch with a single fsync. Every event is validated before anything is written;
   * events without a session get one. Returns the events as stored. A crash during the write
   * can keep a prefix of the batch (whole lines only).
   * @throws EventError naming the first invalid event (`events[i]`); nothing is written then.
   */
  async appendMany(events: readonly unknown[]): Promise<ListeningEvent[]> {
    const drafts = validateAll(events, eventDraftSchema);
    return this.serialised(async () => {
      const needsHistory = drafts.some((draft) => draft.session === undefined);
      const complete = assignSessions(needsHistory ? (await this.readAll()).events : [], drafts);
      await this.write(complete);
      return complete;
    });
  }

  /**
   * Import a JSON Lines file of events (blank lines allowed, `session` optional) as one batch of
   * {@link appendMany}. Events the log already holds (same track, same start) are left out, so
   * an import cut short by a crash, or run twice, can simply be run again.
   * @throws EventError with the line number and why for the first bad line; nothing is written.
   */
  async importFile(file: string, resolveTrack?: TrackResolver): Promise<ImportResult> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new EventError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const drafts = await parseImportText(text, resolveTrack);
    return this.importDrafts(() => drafts);
  }

  /**
   * Append, as one batch, the drafts `derive` makes from the log's events (a history import
   * counts what an earlier import of its source added), leaving out those the log already
   * holds (same track, same start) and those repeated within the batch. Drafts without a
   * session get one by the 30-minute rule among the log's events.
   * @throws EventError naming the first invalid draft; nothing is written then.
   */
  async importDrafts(
    derive: (history: readonly ListeningEvent[]) => readonly unknown[],
  ): Promise<ImportResult> {
    return this.serialised(async () => {
      const history = (await this.readAll()).events;
      const drafts = validateAll(derive(history), eventDraftSchema);
      const seen = new Set(history.map(identity));
      const fresh = drafts.filter((draft) => {
        const key = identity(draft);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const added = assignSessions(history, fresh);
      await this.write(added);
      return { added, duplicates: drafts.length - fresh.length };
    });
  }

  /** Stream the log's lines back; corrupt lines and a torn tail come as such, never as errors. */
  async *read(): AsyncGenerator<LogEntry> {
    for await (const { text, line, terminated } of readRawLines(this.path)) {
      if (!terminated) {
        if (text.trim() !== '') yield { kind: 'torn', line, bytes: Buffer.byteLength(text) };
        continue;
      }
      if (text.trim() === '') continue;
      const parsed = parseLogLine(text);
      switch (parsed.kind) {
        case 'event':
          yield { kind: 'event', line, event: parsed.event };
          break;
        case 'feedback':
          yield { kind: 'feedback', line, record: parsed.record };
          break;
        case 'corrupt':
          yield { kind: 'corrupt', line, reason: parsed.reason };
          break;
        default:
          assertNever(parsed);
      }
    }
  }

  /** The whole log in file order, with the lines that were skipped. */
  async readAll(): Promise<LogContents> {
    const events: ListeningEvent[] = [];
    const feedback: FeedbackRecord[] = [];
    const corrupt: { line: number; reason: string }[] = [];
    let torn: LogContents['torn'] = null;
    for await (const entry of this.read()) {
      if (entry.kind === 'event') events.push(entry.event);
      else if (entry.kind === 'feedback') feedback.push(entry.record);
      else if (entry.kind === 'corrupt') corrupt.push({ line: entry.line, reason: entry.reason });
      else torn = { line: entry.line, bytes: entry.bytes };
    }
    return { events, feedback, corrupt, torn };
  }

  /**
   * Forget every listening event, keeping the standing feedback: a ban or a love is something
   * the person said, not something listening taught, and stays until they undo it. The log is
   * replaced as one step (its feedback lines, or nothing). Resolves to the events removed.
   */
  async forgetListening(): Promise<number> {
    return this.serialised(async () => {
      const { events } = await this.readAll();
      const { loved, banned } = (await this.feedback()).records();
      const kept = [...loved, ...banned].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      // Closed first, so the next append opens the new file rather than the replaced one.
      await this.handle?.close();
      this.handle = null;
      if (kept.length === 0) await rm(this.path, { force: true });
      else await replaceWhole(this.path, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
      return events.length;
    });
  }

  /** Wait for queued appends, then close the file. The log reopens on the next append. */
  async close(): Promise<void> {
    await this.serialised(async () => {
      await this.handle?.close();
      this.handle = null;
    });
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The session for a new event by the 30-minute rule. The usual case, an event after everything
   * logged, reads only the lines added since the last call; an event in the past reads the log.
   */
  private async sessionFor(startedAt: string): Promise<string> {
    const { size } = await stat(this.path).catch(() => ({ size: 0 }));
    // The log only grows; a shorter file was replaced, so start over.
    if (size < this.cursor.offset) this.cursor = { offset: 0, tracker: new SessionTracker() };
    for await (const raw of readRawLines(this.path, this.cursor.offset)) {
      if (!raw.terminated) break;
      const parsed = parseEventLine(raw.text);
      if (parsed.ok) this.cursor.tracker.observe(parsed.event);
      this.cursor.offset = raw.end;
    }
    if (this.cursor.tracker.follows(startedAt)) return this.cursor.tracker.sessionFor(startedAt);
    const before = new SessionTracker();
    const startMs = Date.parse(startedAt);
    for await (const entry of this.read()) {
      if (entry.kind === 'event' && Date.parse(entry.event.startedAt) <= startMs) {
        before.observe(entry.event);
      }
    }
    return before.sessionFor(startedAt);
  }

  private async write(lines: readonly (ListeningEvent | FeedbackRecord)[]): Promise<void> {
    if (lines.length === 0) return;
    let file = await this.file();
    let stats = await file.stat();
    if (stats.nlink === 0) {
      // The file was deleted under us (history cleared by hand): writing to the old inode would
      // acknowledge events that no one can ever read.
      await file.close();
      this.handle = null;
      file = await this.file();
      stats = await file.stat();
    }
    const size = stats.size;
    let pending = '';
    if (size > 0) {
      // A crash can leave a last line without its newline; ending it first keeps this batch
      // from being glued onto it (that line then reads back as corrupt, and is skipped).
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      if (last[0] !== NEWLINE) pending = '\n';
    }
    // Each write() ends on a line boundary, so another process's append can land between two
    // writes of a large batch but never inside a line.
    for (const line of lines) {
      pending += JSON.stringify(line) + '\n';
      if (pending.length >= MAX_WRITE_CHARS) {
        await writeWhole(file, pending);
        pending = '';
      }
    }
    if (pending !== '') await writeWhole(file, pending);
    await file.datasync();
  }

  private async file(): Promise<FileHandle> {
    this.handle ??= await openForAppend(this.path);
    return this.handle;
  }
}

/** Two events are the same listen if they are the same track started at the same instant. */
function identity(event: EventDraft): string {
  return `${event.track}@${Date.parse(event.startedAt)}`;
}

function validateOne<T>(value: unknown, schema: z.ZodType<T>, what = 'bad event'): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new EventError(`${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function validateAll<T>(values: readonly unknown[], schema: z.ZodType<T>): T[] {
  return values.map((value, index) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new EventError(`events[${index}]: ${describeIssues(parsed.error)}`);
    return parsed.data;
  });
}
