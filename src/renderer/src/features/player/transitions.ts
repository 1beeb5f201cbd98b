/**
 * How one track hands over to the next. The voice after the current one is made while the
 * current plays, listened to from the start, and when the pair is two consecutive tracks of an
 * album both are decoded buffers: the next is scheduled to start on the Web Audio clock at the
 * exact sample the current one ends (gapless). Other pairs crossfade when a crossfade is set,
 * and never a pair from one album. Voices that fade out play on here until they are silent.
 */
import type { TrackRow } from '../../../../shared/api-types';
import type { AudioOutput } from './audio-output';
import { BufferVoice } from './buffer-voice';
import { ElementVoice } from './element-voice';
import type { MediaProblem } from './media-problem';
import type { PlaybackSettings, PlayerState } from './player';
import { followingIndex, isAlbumSuccessor, type QueueEntry } from './queue-model';
import type { Voice, VoiceEvent, VoiceListener } from './voice';

/**
 * Tracks longer than this stream instead of being decoded whole (about 200 MB of samples at
 * 44.1 kHz stereo): their album neighbours join them with the small gap of a media element.
 */
const MAX_DECODED_SECONDS = 20 * 60;
/** A scheduled start further ahead than this is not "now": a manual skip restarts it. */
const SCHEDULE_SLACK_SECONDS = 0.01;

export type TransitionDeps = Readonly<{
  output: AudioOutput;
  url: (trackId: string) => string;
  createAudio: () => HTMLAudioElement;
  probe: (url: string) => Promise<MediaProblem>;
  fetcher?: typeof fetch;
  /** The levelling gain of a track under the current settings. */
  gainOf: (track: TrackRow) => number;
  listener: VoiceListener;
}>;

export class Transitions {
  private current: Voice | null = null;
  private next: Voice | null = null;
  /** Why the prepared next voice failed before it was reached. */
  private nextProblem: MediaProblem | null = null;
  /** Context time the next voice is scheduled to start at (gapless), or null. */
  private scheduledAt: number | null = null;
  /** Seconds the next voice fades in over, when it takes over in a crossfade. */
  private fadeIn = 0;
  private readonly fading = new Set<Voice>();

  constructor(private readonly deps: TransitionDeps) {}

  /** The voice for the entry at `index`: the prepared one when it is that entry, else a new one. */
  take(state: PlayerState, index: number, playing: boolean): Voice {
    const entry = state.queue[index] as QueueEntry;
    let voice: Voice;
    if (this.next !== null && this.next.entry.key === entry.key) {
      voice = this.next;
      const problem = this.nextProblem;
      const context = this.deps.output.context;
      // Scheduled to start later (at the end of a track the person skipped): start it now.
      if (
        this.scheduledAt !== null &&
        context !== null &&
        this.scheduledAt > context.currentTime + SCHEDULE_SLACK_SECONDS
      ) {
        voice.pause();
      }
      this.next = null;
      this.nextProblem = null;
      this.scheduledAt = null;
      if (problem !== null) {
        queueMicrotask(() => this.deps.listener(voice, { kind: 'failed', problem }));
      }
    } else {
      this.dropNext();
      voice = this.create(entry, this.wantsBuffer(state.queue, index));
    }
    if (this.current !== null && this.current !== voice) this.current.dispose();
    this.current = voice;
    if (this.fadeIn > 0 && playing) voice.level.fade(0, 1, this.fadeIn);
    this.fadeIn = 0;
    return voice;
  }

  /** Prepares the voice after the current one and schedules a gapless start when it applies. */
  prepare(state: PlayerState): void {
    const { queue, index, repeat, stopAfterCurrent } = state;
    if (index < 0 || this.current === null) return;
    const following = followingIndex(queue.length, index, repeat);
    const entry = queue[following];
    if (entry === undefined || stopAfterCurrent) return this.dropNext();
    if (this.next?.entry.key !== entry.key) {
      this.dropNext();
      this.next = this.create(entry, this.wantsBuffer(queue, following));
    }
    this.schedule(state);
  }

  /** Cancels a scheduled gapless start (the current voice paused or jumped). */
  holdNext(): void {
    if (this.scheduledAt === null) return;
    this.scheduledAt = null;
    this.next?.pause();
  }

  /** Whether it is time to crossfade into the prepared voice. */
  crossfadeDue(state: PlayerState, settings: PlaybackSettings): boolean {
    const current = this.current;
    const next = this.next;
    if (settings.crossfadeSec <= 0 || current === null || next === null) return false;
    if (state.stopAfterCurrent || state.repeat === 'one' || this.nextProblem !== null) return false;
    if (!current.playing() || isAlbumSuccessor(current.entry.track, next.entry.track)) return false;
    const duration = current.duration();
    if (!Number.isFinite(duration)) return false;
    return duration - current.position() <= Math.min(settings.crossfadeSec, duration / 2);
  }

  /** The current voice fades out over what is left of it, at most `seconds`; the next fades in. */
  fadeOutCurrent(seconds: number): void {
    const voice = this.current;
    if (voice === null) return;
    this.current = null;
    const length = Math.max(0.05, Math.min(seconds, voice.duration() - voice.position()));
    voice.level.fade(1, 0, length);
    this.fading.add(voice);
    this.fadeIn = length;
    setTimeout(() => this.retire(voice), length * 1000 + 250);
  }

  /** Applies the levelling gains again (the setting changed). */
  relevel(): void {
    for (const voice of [this.current, this.next]) {
      voice?.level.setLoudness(this.deps.gainOf(voice.entry.track));
    }
  }

  /** What a voice other than the current one reported. */
  onOtherVoice(voice: Voice, event: VoiceEvent, state: PlayerState): void {
    if (voice === this.next) {
      if (event.kind === 'failed') this.nextProblem = event.problem;
      // Decoded: a gapless start can be scheduled now.
      if (event.kind === 'duration') this.schedule(state);
      return;
    }
    if (this.fading.has(voice) && (event.kind === 'ended' || event.kind === 'failed')) {
      this.retire(voice);
    }
  }

  /** Stops every voice (a new queue, or playback stopped). */
  reset(): void {
    this.dropNext();
    this.current?.dispose();
    this.current = null;
    for (const voice of this.fading) voice.dispose();
    this.fading.clear();
    this.fadeIn = 0;
  }

  private schedule(state: PlayerState): void {
    const current = this.current;
    const next = this.next;
    if (current === null || next === null || this.scheduledAt !== null) return;
    if (state.repeat === 'one' || state.stopAfterCurrent) return;
    if (current.kind !== 'buffer' || !(next instanceof BufferVoice) || !next.ready) return;
    if (!isAlbumSuccessor(current.entry.track, next.entry.track)) return;
    const end = current.endTime();
    if (end === null || !current.playing()) return;
    this.scheduledAt = end;
    void next.play(end);
  }

  /**
   * Whether the entry at `index` plays from a decoded buffer: it is part of an album pair with
   * the entry before or after it, Web Audio is there, and it is short enough to decode whole.
   */
  private wantsBuffer(queue: readonly QueueEntry[], index: number): boolean {
    const track = queue[index]?.track;
    if (track === undefined || this.deps.output.context === null) return false;
    if (track.durationSec === null || track.durationSec > MAX_DECODED_SECONDS) return false;
    const before = queue[index - 1]?.track;
    const after = queue[index + 1]?.track;
    return (
      (before !== undefined && isAlbumSuccessor(before, track)) ||
      (after !== undefined && isAlbumSuccessor(track, after))
    );
  }

  private create(entry: QueueEntry, buffer: boolean): Voice {
    const { output, listener } = this.deps;
    const url = this.deps.url(entry.track.id);
    const input = buffer ? output.bufferInput() : null;
    const voice: Voice =
      input !== null && output.context !== null
        ? new BufferVoice(entry, {
            url,
            context: output.context,
            input,
            listener,
            fetcher: this.deps.fetcher,
          })
        : new ElementVoice(entry, {
            url,
            output,
            listener,
            createAudio: this.deps.createAudio,
            probe: this.deps.probe,
          });
    voice.level.setLoudness(this.deps.gainOf(entry.track));
    return voice;
  }

  private dropNext(): void {
    this.next?.dispose();
    this.next = null;
    this.nextProblem = null;
    this.scheduledAt = null;
  }

  private retire(voice: Voice): void {
    if (!this.fading.delete(voice)) return;
    voice.dispose();
  }
}
