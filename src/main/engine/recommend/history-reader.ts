/**
 * A profile's listening history kept current by reading only what the event log gained since
 * the last look: while a queue plays, every skip appends one line and the re-ranking that follows
 * must not parse a years-long log again to see it.
 */
import { stat } from 'node:fs/promises';
import type { ListeningEvent } from '../../../shared/events';
import type { EventLog } from '../events/event-log';
import { parseEventLine, readRawLines } from '../events/log-lines';
import { listeningHistory, type ListeningHistory } from './history';

// The history is derived again once the log grows, or when the clock has moved this far.
const HISTORY_TTL_MS = 10_000;

export class HistoryReader {
  private offset = 0;
  private events: ListeningEvent[] = [];
  private derived: ListeningHistory | null = null;

  constructor(private readonly log: EventLog) {}

  /** The history as of `now`. */
  async at(now: Date): Promise<ListeningHistory> {
    const { size } = await stat(this.log.path).catch(() => ({ size: 0 }));
    if (size < this.offset) {
      // The log only grows; a shorter file was replaced, so start over.
      this.offset = 0;
      this.events = [];
    }
    if (size > this.offset) {
      for await (const raw of readRawLines(this.log.path, this.offset)) {
        // A line without its newline is still being written (or was torn by a crash and will be
        // ended by the next append): it is read, or skipped as damaged, once it is complete.
        if (!raw.terminated) break;
        const parsed = parseEventLine(raw.text);
        if (parsed.ok) this.events.push(parsed.event);
        this.offset = raw.end;
      }
      this.derived = null;
    }
    const last = this.derived;
    if (last && Math.abs(last.now.getTime() - now.getTime()) < HISTORY_TTL_MS) {
      return { ...last, now };
    }
    this.derived = listeningHistory(this.events, now);
    return this.derived;
  }
}
