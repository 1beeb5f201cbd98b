/**
 * A voice that plays its track from a buffer decoded ahead, on the Web Audio clock: it can be
 * told to start at an exact context time, which is how one album track follows the previous
 * with no gap. The whole track is decoded (about 10 MB a stereo minute at 44.1 kHz), so the
 * player keeps at most the current and the next ones, and streams long tracks instead.
 */
import type { Level } from './audio-output';
import { problemOfRefusal, type MediaProblem } from './media-problem';
import type { QueueEntry } from './queue-model';
import type { Voice, VoiceListener } from './voice';

/** How often a playing buffer voice reports its position, as a media element does. */
const TICK_MS = 250;

export type BufferVoiceOptions = Readonly<{
  url: string;
  context: AudioContext;
  input: Readonly<{ node: AudioNode; level: Level }>;
  listener: VoiceListener;
  fetcher?: typeof fetch;
}>;

export class BufferVoice implements Voice {
  readonly kind = 'buffer';
  readonly level: Level;
  private readonly context: AudioContext;
  private readonly output: AudioNode;
  private readonly listener: VoiceListener;
  private readonly abort = new AbortController();
  private buffer: AudioBuffer | null = null;
  private source: AudioBufferSourceNode | null = null;
  /** Seconds into the track at `startedAt` (context time) while a source plays. */
  private offset = 0;
  private startedAt = 0;
  /** A start asked for before the decoding finished. */
  private pending: Readonly<{ at: number | undefined }> | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  constructor(
    readonly entry: QueueEntry,
    options: BufferVoiceOptions,
  ) {
    this.context = options.context;
    this.output = options.input.node;
    this.level = options.input.level;
    this.listener = options.listener;
    void this.decode(options.url, options.fetcher ?? fetch);
  }

  /** Whether the audio is decoded (a start then happens at the time asked). */
  get ready(): boolean {
    return this.buffer !== null;
  }

  duration(): number {
    return this.buffer?.duration ?? NaN;
  }

  position(): number {
    if (this.source === null) return this.offset;
    const elapsed = Math.max(0, this.context.currentTime - this.startedAt);
    return Math.min(this.duration(), this.offset + elapsed);
  }

  playing(): boolean {
    return this.source !== null || this.pending !== null;
  }

  play(at?: number): Promise<void> {
    if (this.buffer === null) this.pending = { at };
    else if (this.source === null) this.startSource(at);
    return Promise.resolve();
  }

  pause(): void {
    if (this.pending !== null) {
      this.pending = null;
      return;
    }
    if (this.source === null) return;
    this.offset = this.position();
    this.stopSource();
    this.emit('pause');
  }

  seek(seconds: number): void {
    const limit = Number.isFinite(this.duration()) ? this.duration() : seconds;
    this.offset = Math.max(0, Math.min(seconds, limit));
    if (this.source !== null) {
      this.stopSource();
      this.startSource(undefined);
    }
    this.emit('seeked');
  }

  endTime(): number | null {
    if (this.source === null || this.buffer === null) return null;
    return this.startedAt + (this.buffer.duration - this.offset);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    this.pending = null;
    this.stopSource();
    this.level.release();
    this.buffer = null;
  }

  private async decode(url: string, fetcher: typeof fetch): Promise<void> {
    const problem = await this.fetchAndDecode(url, fetcher);
    if (this.disposed) return;
    if (problem !== null) {
      this.listener(this, { kind: 'failed', problem });
      return;
    }
    this.emit('duration');
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.startSource(pending.at);
  }

  /** Fills the buffer; the problem when it cannot. */
  private async fetchAndDecode(url: string, fetcher: typeof fetch): Promise<MediaProblem | null> {
    let bytes: ArrayBuffer;
    try {
      const response = await fetcher(url, { signal: this.abort.signal });
      if (!response.ok) return problemOfRefusal(response.status, await response.text());
      bytes = await response.arrayBuffer();
    } catch {
      return 'unreachable';
    }
    try {
      this.buffer = await this.context.decodeAudioData(bytes);
      return null;
    } catch {
      return 'cannot-decode';
    }
  }

  private startSource(at: number | undefined): void {
    const buffer = this.buffer;
    if (buffer === null) return;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.output);
    source.onended = () => {
      if (this.source !== source) return;
      this.source = null;
      this.offset = buffer.duration;
      clearInterval(this.ticker);
      this.emit('ended');
    };
    const when = Math.max(at ?? 0, this.context.currentTime);
    source.start(when, this.offset);
    this.source = source;
    this.startedAt = when;
    this.emit('play');
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.emit('time'), TICK_MS);
  }

  private stopSource(): void {
    const source = this.source;
    this.source = null;
    clearInterval(this.ticker);
    if (source === null) return;
    source.onended = null;
    source.stop();
    source.disconnect();
  }

  private emit(kind: 'duration' | 'time' | 'play' | 'pause' | 'seeked' | 'ended'): void {
    if (!this.disposed) this.listener(this, { kind });
  }
}
