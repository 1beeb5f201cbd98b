/**
 * How much of a track was actually heard: the sum of the spans the position advanced while
 * playing. A seek is a jump, not listening, so it adds nothing; neither does a pause.
 */

// The media element reports its position about four times a second; a larger step is a seek or
// a stall the clock did not see begin, and is not counted.
const MAX_STEP_SECONDS = 2;

/** Listening time of one playback of one track. */
export class PlaybackClock {
  private heardSeconds = 0;
  private last: number | null = null;

  constructor(
    /** When playback started, ISO 8601 with a time zone. */
    readonly startedAt: string,
  ) {}

  /** The position (seconds) while playing; the advance since the last one is heard time. */
  tick(position: number): void {
    if (this.last !== null) {
      const step = position - this.last;
      if (step > 0 && step <= MAX_STEP_SECONDS) this.heardSeconds += step;
    }
    this.last = position;
  }

  /** Playing stopped or the position jumped: the next tick starts a new span from `position`. */
  jump(position: number | null = null): void {
    this.last = position;
  }

  /** Whole milliseconds heard so far. */
  get msPlayed(): number {
    return Math.round(this.heardSeconds * 1000);
  }
}
