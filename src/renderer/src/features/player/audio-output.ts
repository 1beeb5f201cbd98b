/**
 * Where the player's voices sound: a gain stage per voice (loudness levelling times a fade) into
 * one master volume. In a browser this is a Web Audio graph (web-audio-output.ts), which also
 * plays decoded buffers for gapless album transitions and can pick the output device; where
 * there is no Web Audio (jsdom in tests, a locked-down browser) the element's own volume does
 * the same arithmetic, and gapless and device choice are not offered.
 */

/** The gain of one voice: its loudness gain times an envelope (1 unless it fades). */
export interface Level {
  /** The loudness gain (linear), applied at once. */
  setLoudness(gain: number): void;
  /** Moves the envelope from `from` to `to` over `seconds`, equal-power, starting now. */
  fade(from: number, to: number, seconds: number): void;
  /** Disconnects the stage; the voice is gone. */
  release(): void;
}

/** The sound output of the player. */
export interface AudioOutput {
  /** The gain stage of a media element that plays through this output. */
  attachElement(audio: HTMLAudioElement): Level;
  /** The Web Audio context, for voices that play decoded buffers; null without Web Audio. */
  readonly context: AudioContext | null;
  /** A gain stage for a buffer voice's source nodes (only with a context). */
  bufferInput(): Readonly<{ node: AudioNode; level: Level }> | null;
  /** The master volume, 0 … 1 on a perceptual scale, and mute. */
  setVolume(volume: number, muted: boolean): void;
  /** Lets sound start (a browser keeps audio suspended until the page is used). */
  resume(): Promise<void>;
  /** Whether the output device can be chosen here. */
  readonly canChooseDevice: boolean;
  /** Sends the sound to the device with `deviceId` ('' for the system default). */
  setDevice(deviceId: string): Promise<void>;
}

/** Slider position to amplitude: the ear hears level in proportion to the log, not the linear gain. */
export function volumeGain(volume: number, muted: boolean): number {
  if (muted) return 0;
  const v = Math.min(1, Math.max(0, volume));
  return v * v;
}

/** Equal-power envelope value at `t` (0 … 1) of a fade from `from` to `to`. */
export function equalPower(from: number, to: number, t: number): number {
  const x = Math.min(1, Math.max(0, t));
  return from + (to - from) * Math.sin((x * Math.PI) / 2);
}

/** Element-volume output for hosts without Web Audio. */
export class ElementOutput implements AudioOutput {
  readonly context = null;
  readonly canChooseDevice = false;
  private master = 1;
  private readonly levels = new Set<() => void>();

  attachElement(audio: HTMLAudioElement): Level {
    let loudness = 1;
    let envelope = 1;
    let timer: ReturnType<typeof setInterval> | undefined;
    const apply = (): void => {
      audio.volume = Math.min(1, Math.max(0, this.master * loudness * envelope));
    };
    this.levels.add(apply);
    apply();
    return {
      setLoudness: (gain) => {
        loudness = gain;
        apply();
      },
      fade: (from, to, seconds) => {
        clearInterval(timer);
        const started = Date.now();
        envelope = from;
        apply();
        timer = setInterval(() => {
          const t = seconds > 0 ? (Date.now() - started) / (seconds * 1000) : 1;
          envelope = equalPower(from, to, t);
          apply();
          if (t >= 1) clearInterval(timer);
        }, 50);
      },
      release: () => {
        clearInterval(timer);
        this.levels.delete(apply);
      },
    };
  }

  bufferInput(): null {
    return null;
  }

  setVolume(volume: number, muted: boolean): void {
    this.master = volumeGain(volume, muted);
    for (const apply of this.levels) apply();
  }

  resume(): Promise<void> {
    return Promise.resolve();
  }

  setDevice(): Promise<void> {
    return Promise.reject(new Error('this browser cannot choose the output device'));
  }
}
