/**
 * The player: HTML5 audio over the media URLs of the API, a queue, and one listening event per
 * playback. Every way a playback ends (it finished, next, previous, stop, the page closing, an
 * error) goes through {@link Player.finish}, which sends `events:record` exactly once. The next
 * track's audio is loaded while the current one plays, so it starts without a gap where the
 * browser allows.
 */
import type { Api } from '../../../../shared/api-client';
import type { EventEnd, EventSource } from '../../../../shared/events';
import type { TrackRow } from '../../../../shared/api-types';
import { bindMediaKeys, showNowPlaying, showPosition } from './media-session';
import { PlaybackClock } from './playback-clock';

/** What the player bar shows. */
export type PlayerState = Readonly<{
  queue: readonly TrackRow[];
  /** Index of the current track in the queue, -1 for none. */
  index: number;
  playing: boolean;
  position: number;
  duration: number;
  /** The last playback or recording problem, shown until the next track starts. */
  error: string | null;
}>;

const IDLE: PlayerState = {
  queue: [],
  index: -1,
  playing: false,
  position: 0,
  duration: 0,
  error: null,
};

/** Back from this far into a track restarts it instead of going to the previous one. */
const RESTART_AFTER_SECONDS = 3;

type Playback = { track: TrackRow; clock: PlaybackClock; source: EventSource };

/** Plays tracks and reports each playback to the engine. */
export class Player {
  private state: PlayerState = IDLE;
  private readonly listeners = new Set<() => void>();
  private audio: HTMLAudioElement;
  /** The next track's audio, loading while this one plays. */
  private standby: Readonly<{ id: string; audio: HTMLAudioElement }> | null = null;
  private playback: Playback | null = null;
  private source: EventSource = { kind: 'library' };

  constructor(
    private readonly api: Api,
    private readonly createAudio: () => HTMLAudioElement = () => new Audio(),
  ) {
    this.audio = this.attach(createAudio());
  }

  /** Routes the OS media keys to this player. */
  bindMediaKeys(): void {
    bindMediaKeys({
      play: () => void this.resume(),
      pause: () => this.audio.pause(),
      stop: () => this.stop(),
      next: () => this.next(),
      previous: () => this.previous(),
      seekTo: (seconds) => this.seek(seconds),
    });
  }

  /** For React's useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getState = (): PlayerState => this.state;

  /** Plays `queue` from `index`; the tracks came from `source`. */
  playQueue(
    queue: readonly TrackRow[],
    index: number,
    source: EventSource = { kind: 'library' },
  ): void {
    this.finish('next');
    this.source = source;
    this.set({ queue, index: -1 });
    this.start(index);
  }

  /** Play or pause. */
  toggle(): void {
    if (this.state.playing) this.audio.pause();
    else void this.resume();
  }

  next(): void {
    const { index, queue } = this.state;
    this.finish('next');
    if (index + 1 < queue.length) this.start(index + 1);
    else this.halt();
  }

  previous(): void {
    const { index } = this.state;
    this.finish('previous');
    this.start(this.audio.currentTime > RESTART_AFTER_SECONDS || index <= 0 ? index : index - 1);
  }

  stop(): void {
    this.finish('stopped');
    this.halt();
  }

  seek(seconds: number): void {
    this.playback?.clock.jump(null);
    this.audio.currentTime = seconds;
  }

  /**
   * Replaces the tracks after the current one (Up next reorders, removes and re-ranks them)
   * without interrupting the current track; the new next track is loaded ahead.
   */
  setUpcoming(tracks: readonly TrackRow[]): void {
    const { queue, index } = this.state;
    this.set({ queue: [...queue.slice(0, index + 1), ...tracks] });
    if (index >= 0 && this.standby?.id !== tracks[0]?.id) {
      this.dropStandby();
      this.prepareNext(index + 1);
    }
  }

  /** The page is going away: the playback ends as a quit. */
  quit(): void {
    this.finish('quit');
    this.audio.pause();
  }

  private async resume(): Promise<void> {
    if (this.state.index < 0) return;
    try {
      await this.audio.play();
    } catch (error) {
      this.set({ error: `cannot play: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private start(index: number): void {
    const track = this.state.queue[index];
    if (track === undefined) return this.halt();
    const url = this.api.mediaUrl(track.id);
    if (this.standby?.id === track.id) {
      // The next track is loaded already: swap it in for a gapless start.
      this.detach(this.audio);
      this.audio = this.attach(this.standby.audio);
    } else {
      this.audio.src = url;
    }
    this.dropStandby();
    this.playback = {
      track,
      clock: new PlaybackClock(new Date().toISOString()),
      source: this.source,
    };
    this.set({ index, position: 0, duration: track.durationSec ?? 0, error: null });
    showNowPlaying(track, true);
    void this.resume();
    this.prepareNext(index + 1);
  }

  private prepareNext(index: number): void {
    const next = this.state.queue[index];
    if (next === undefined) return;
    const audio = this.createAudio();
    audio.preload = 'auto';
    audio.src = this.api.mediaUrl(next.id);
    this.standby = { id: next.id, audio };
  }

  private dropStandby(): void {
    const standby = this.standby;
    this.standby = null;
    if (standby === null || standby.audio === this.audio) return;
    standby.audio.removeAttribute('src');
    standby.audio.load();
  }

  private halt(): void {
    this.audio.pause();
    this.audio.removeAttribute('src');
    this.audio.load();
    this.dropStandby();
    this.set({ index: -1, playing: false, position: 0, duration: 0 });
    showNowPlaying(null, false);
  }

  /** Ends the current playback, if any, and records it; later calls do nothing until a start. */
  private finish(end: EventEnd): void {
    const playback = this.playback;
    if (playback === null) return;
    this.playback = null;
    playback.clock.tick(this.audio.currentTime);
    const duration = this.audio.duration;
    this.api.events
      .record({
        track: playback.track.id,
        startedAt: playback.clock.startedAt,
        msPlayed: playback.clock.msPlayed,
        ...(Number.isFinite(duration) && duration > 0
          ? { durationMs: Math.round(duration * 1000) }
          : {}),
        end,
        source: playback.source,
      })
      .catch((error: unknown) => {
        this.set({
          error: `could not record the playback: ${error instanceof Error ? error.message : String(error)}`,
        });
      });
  }

  private attach(audio: HTMLAudioElement): HTMLAudioElement {
    audio.onplay = () => {
      this.playback?.clock.jump(audio.currentTime);
      this.set({ playing: true });
      showNowPlaying(this.current(), true);
    };
    audio.onpause = () => {
      this.playback?.clock.tick(audio.currentTime);
      this.playback?.clock.jump(null);
      this.set({ playing: false });
      showNowPlaying(this.current(), false);
    };
    audio.onseeked = () => this.playback?.clock.jump(audio.currentTime);
    audio.ontimeupdate = () => {
      if (!audio.paused) this.playback?.clock.tick(audio.currentTime);
      this.set({ position: audio.currentTime });
      showPosition(audio.currentTime, audio.duration);
    };
    audio.ondurationchange = () => {
      if (Number.isFinite(audio.duration)) this.set({ duration: audio.duration });
    };
    audio.onended = () => {
      const { index, queue } = this.state;
      this.finish('finished');
      if (index + 1 < queue.length) this.start(index + 1);
      else this.halt();
    };
    audio.onerror = () => {
      if (this.playback === null) return;
      this.finish('error');
      this.set({ playing: false, error: 'this track could not be played' });
    };
    return audio;
  }

  private detach(audio: HTMLAudioElement): void {
    audio.pause();
    audio.onplay = audio.onpause = audio.onseeked = audio.ontimeupdate = null;
    audio.ondurationchange = audio.onended = audio.onerror = null;
  }

  private current(): TrackRow | null {
    return this.state.queue[this.state.index] ?? null;
  }

  private set(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
