/**
 * A voice that streams its track through a media element: it starts at once and seeks by byte
 * ranges, so any track can begin this way. Its events are listened to from the moment it is
 * made, so a duration learned while it waited as the next track is never missed.
 */
import type { AudioOutput, Level } from './audio-output';
import type { MediaProblem } from './media-problem';
import type { QueueEntry } from './queue-model';
import type { Voice, VoiceEvent, VoiceListener } from './voice';

const FORWARDED: ReadonlyArray<readonly [keyof HTMLMediaElementEventMap, VoiceEvent['kind']]> = [
  ['loadedmetadata', 'duration'],
  ['durationchange', 'duration'],
  ['timeupdate', 'time'],
  ['play', 'play'],
  ['pause', 'pause'],
  ['seeked', 'seeked'],
  ['ended', 'ended'],
];

/** What an element voice is made with. */
export type ElementVoiceOptions = Readonly<{
  url: string;
  output: AudioOutput;
  listener: VoiceListener;
  createAudio: () => HTMLAudioElement;
  /** Finds out why the URL did not play. */
  probe: (url: string) => Promise<MediaProblem>;
}>;

export class ElementVoice implements Voice {
  readonly kind = 'element';
  readonly level: Level;
  private readonly audio: HTMLAudioElement;
  private disposed = false;

  constructor(
    readonly entry: QueueEntry,
    options: ElementVoiceOptions,
  ) {
    const audio = options.createAudio();
    // Web Audio hears a media element only when its origin allows it (Electron's media scheme
    // is another origin than the page's).
    audio.crossOrigin = 'anonymous';
    audio.preload = 'auto';
    this.audio = audio;
    this.level = options.output.attachElement(audio);
    for (const [name, kind] of FORWARDED) {
      audio.addEventListener(name, () => {
        if (!this.disposed) options.listener(this, { kind } as VoiceEvent);
      });
    }
    audio.addEventListener('error', () => {
      if (this.disposed) return;
      void options.probe(options.url).then((problem) => {
        if (!this.disposed) options.listener(this, { kind: 'failed', problem });
      });
    });
    audio.src = options.url;
  }

  duration(): number {
    const { duration } = this.audio;
    return Number.isFinite(duration) && duration > 0 ? duration : NaN;
  }

  position(): number {
    return this.audio.currentTime;
  }

  playing(): boolean {
    return !this.audio.paused;
  }

  play(): Promise<void> {
    return this.audio.play();
  }

  pause(): void {
    this.audio.pause();
  }

  seek(seconds: number): void {
    this.audio.currentTime = seconds;
  }

  endTime(): null {
    return null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.audio.pause();
    this.level.release();
    this.audio.removeAttribute('src');
    this.audio.load();
  }
}
