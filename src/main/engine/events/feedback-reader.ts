/**
 * A profile's feedback kept current by reading only what the event log gained since the last
 * look: the recommender asks before every radio, path and mix, and a years-long log of plays
 * must not be parsed again each time. Only lines that can be feedback are parsed at all.
 */
import { stat } from 'node:fs/promises';
import type { FeedbackRecord } from '../../../shared/feedback';
import { FeedbackState } from './feedback-state';
import { parseLogLine, readRawLines } from './log-lines';

// Every feedback line holds `"kind":"feedback"`; a play's line holds the word only in the rare
// label that contains it, and is then parsed and found to be a play.
const MAYBE_FEEDBACK = '"feedback"';

export class FeedbackReader {
  private offset = 0;
  private inode = -1;
  private standing = new Map<string, FeedbackRecord>();
  private state = FeedbackState.of(this.standing);

  constructor(private readonly path: string) {}

  /** The feedback as the log holds it now. */
  async current(): Promise<FeedbackState> {
    const { size, ino } = await stat(this.path).catch(() => ({ size: 0, ino: -1 }));
    if (size < this.offset || ino !== this.inode) {
      // The log only grows in place; a shorter or another file was replaced (a reset).
      this.inode = ino;
      this.offset = 0;
      this.standing = new Map();
      this.state = FeedbackState.of(this.standing);
    }
    if (size === this.offset) return this.state;
    let changed = false;
    for await (const raw of readRawLines(this.path, this.offset)) {
      // A line without its newline is still being written, or torn and never acknowledged.
      if (!raw.terminated) break;
      this.offset = raw.end;
      if (!raw.text.includes(MAYBE_FEEDBACK)) continue;
      const parsed = parseLogLine(raw.text);
      if (parsed.kind !== 'feedback') continue;
      FeedbackState.fold(this.standing, parsed.record);
      changed = true;
    }
    if (changed) this.state = FeedbackState.of(this.standing);
    return this.state;
  }
}
