/**
 * A profile's listening history kept current by reading only what the event log gained since
 * the last look: while a queue plays, every skip appends one line and the re-ranking that follows
 * must not parse a years-long log again, nor derive its whole history again, to see it.
 */
import { stat } from 'node:fs/promises';
import type { ListeningEvent } from '../../../shared/events';
import type { EventLog } from '../events/event-log';
import { parseEventLine, readRawLines } from '../events/log-lines';
import type { ListeningHistory } from './history';
import { IncrementalHistory } from './incremental-history';

// With no new event, an answer this recent is reused: only skip weights depend on the clock, and
// they halve every 14 days, so 10 s changes them by less than one part in 100,000 while tracks
// with skips are rebuilt on every look.
const REUSE_MS = 10_000;

export class HistoryReader {
  private offset = 0;
  private history = new IncrementalHistory();
  private last: ListeningHistory | null = null;

  constructor(private readonly log: EventLog) {}

  /** The history as of `now`. */
  async at(now: Date): Promise<ListeningHistory> {
    const { size } = await stat(this.log.path).catch(() => ({ size: 0 }));
    if (size < this.offset) {
      // The log only grows; a shorter file was replaced, so start over.
      this.offset = 0;
      this.history = new IncrementalHistory();
      this.last = null;
    }
    if (size > this.offset) {
      const added: ListeningEvent[] = [];
      for await (const raw of readRawLines(this.log.path, this.offset)) {
        // A line without its newline is still being written (or was torn by a crash and will be
        // ended by the next append): it is read, or skipped as damaged, once it is complete.
        if (!raw.terminated) break;
        const parsed = parseEventLine(raw.text);
        if (parsed.ok) added.push(parsed.event);
        this.offset = raw.end;
      }
      if (added.length > 0) {
        this.history.add(added);
        this.last = null;
      }
    }
    const last = this.last;
    if (last && Math.abs(last.now.getTime() - now.getTime()) < REUSE_MS) return { ...last, now };
    this.last = this.history.at(now);
    return this.last;
  }
}
