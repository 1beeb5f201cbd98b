/**
 * The player's Web Audio graph: each voice (a media element or a decoded buffer) through its own
 * gain (loudness × fade) into a master gain (volume, mute), then a peak limiter, then the output
 * device. The limiter only acts on peaks above −1 dBFS: levelling that raises a quiet track, or
 * two tracks overlapping in a crossfade, never clips.
 */
import { equalPower, volumeGain, type AudioOutput, type Level } from './audio-output';

/** Points of the equal-power curves handed to Web Audio. */
const CURVE_POINTS = 64;
/** Volume changes glide over this time constant, so a slider drag never clicks. */
const VOLUME_GLIDE_SECONDS = 0.015;

/** Output through Web Audio; create it only where `AudioContext` exists. */
export class WebAudioOutput implements AudioOutput {
  readonly context: AudioContext;
  private readonly master: GainNode;

  constructor() {
    this.context = new AudioContext({ latencyHint: 'playback' });
    this.master = this.context.createGain();
    const limiter = this.context.createDynamicsCompressor();
    limiter.threshold.value = -1;
    limiter.knee.value = 0;
    limiter.ratio.value = 20;
    limiter.attack.value = 0.001;
    limiter.release.value = 0.1;
    this.master.connect(limiter).connect(this.context.destination);
  }

  get canChooseDevice(): boolean {
    return 'setSinkId' in this.context;
  }

  attachElement(audio: HTMLAudioElement): Level {
    const source = this.context.createMediaElementSource(audio);
    const gain = this.context.createGain();
    source.connect(gain).connect(this.master);
    return this.levelOf(gain, () => source.disconnect());
  }

  bufferInput(): Readonly<{ node: AudioNode; level: Level }> {
    const gain = this.context.createGain();
    gain.connect(this.master);
    return { node: gain, level: this.levelOf(gain, () => undefined) };
  }

  setVolume(volume: number, muted: boolean): void {
    const { gain } = this.master;
    gain.cancelScheduledValues(this.context.currentTime);
    gain.setTargetAtTime(volumeGain(volume, muted), this.context.currentTime, VOLUME_GLIDE_SECONDS);
  }

  async resume(): Promise<void> {
    if (this.context.state !== 'running') await this.context.resume();
  }

  async setDevice(deviceId: string): Promise<void> {
    const context = this.context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    if (context.setSinkId === undefined) {
      throw new Error('this browser cannot choose the output device');
    }
    await context.setSinkId(deviceId);
  }

  private levelOf(gain: GainNode, disconnect: () => void): Level {
    let loudness = 1;
    let envelope = 1;
    const now = (): number => this.context.currentTime;
    return {
      setLoudness: (value) => {
        loudness = value;
        gain.gain.cancelScheduledValues(now());
        gain.gain.setValueAtTime(loudness * envelope, now());
      },
      fade: (from, to, seconds) => {
        envelope = to;
        gain.gain.cancelScheduledValues(now());
        if (seconds <= 0) {
          gain.gain.setValueAtTime(loudness * to, now());
          return;
        }
        const curve = new Float32Array(CURVE_POINTS);
        for (let i = 0; i < CURVE_POINTS; i++) {
          curve[i] = loudness * equalPower(from, to, i / (CURVE_POINTS - 1));
        }
        gain.gain.setValueCurveAtTime(curve, now(), seconds);
      },
      release: () => {
        disconnect();
        gain.disconnect();
      },
    };
  }
}
