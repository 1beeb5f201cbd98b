/**
 * A voice: one track sounding (or ready to), from a streaming media element or from a buffer
 * decoded ahead. The player holds the current voice, the next one prepared, and voices fading
 * out; each reports what happens to it through one listener, tagged with itself, so that an
 * event from a voice that is no longer current is recognised and ignored.
 */
import type { Level } from './audio-output';
import type { MediaProblem } from './media-problem';
import type { QueueEntry } from './queue-model';

/** What a voice reports. */
export type VoiceEvent =
  | Readonly<{ kind: 'duration' | 'time' | 'play' | 'pause' | 'seeked' | 'ended' }>
  | Readonly<{ kind: 'failed'; problem: MediaProblem }>;

export type VoiceListener = (voice: Voice, event: VoiceEvent) => void;

/** One track's playback. */
export interface Voice {
  readonly entry: QueueEntry;
  /** `buffer` voices play decoded audio on the Web Audio clock, sample-exact. */
  readonly kind: 'element' | 'buffer';
  readonly level: Level;
  /** Seconds; NaN until the file says. */
  duration(): number;
  /** Seconds into the track. */
  position(): number;
  playing(): boolean;
  /** Starts or resumes; a buffer voice may be told the context time to start at. */
  play(at?: number): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
  /** The context time the voice's sound ends at, when it is scheduled sample-exact; else null. */
  endTime(): number | null;
  /** Stops it and lets go of the element or buffer. */
  dispose(): void;
}
