/**
 * The player: the queue, the voice playing it, the next one prepared while it plays, and one
 * listening event per playback. Every way a playback ends (it finished, next, previous, stop,
 * the page closing, an error) goes through {@link Player.finish}, which sends `events:record`
 * exactly once.
 *
 * Transitions: consecutive tracks of an album play gapless (both decoded ahead and joined on the
 * Web Audio clock, see transitions.ts); other tracks crossfade when a crossfade is set, else
 * the next one, loaded already, starts as the last ends. A track that cannot play is reported
 * in words and the player moves on.
 */
import { ApiCallError, type Api } from '../../../../shared/api-client';
import type { EventEnd, EventSource } from '../../../../shared/events';
import type { TrackRow } from '../../../../shared/api-types';
import { ElementOutput, type AudioOutput } from './audio-output';
import { levellingGain, type LoudnessValues, type Normalisation } from './loudness-gain';
import { probeMedia, problemWords, type MediaProblem } from './media-problem';
import { bindMediaKeys, showNowPlaying, showPosition } from './media-session';
import { PlaybackClock } from './playback-clock';
import { readPrefs, writePrefs, type PrefsStorage } from './player-prefs';
import {
  entriesOf,
  followingIndex,
  insertAfter,
  shuffledUpcoming,
  unshuffledUpcoming,
  type QueueEntry,
  type RepeatMode,
} from './queue-model';
import { Transitions } from './transitions';
import type { Voice, VoiceEvent } from './voice';
import { WebAudioOutput } from './web-audio-output';

/** What the player bar and Up next show. */
export type PlayerState = Readonly<{
  queue: readonly QueueEntry[];
  /** Index of the current entry in the queue, -1 for none. */
  index: number;
  playing: boolean;
  /** The current track's audio is still being fetched and decoded. */
  loading: boolean;
  position: number;
  duration: number;
  /** The last playback problem, in words, until the person moves on. */
  error: string | null;
  volume: number;
  muted: boolean;
  repeat: RepeatMode;
  /** The upcoming entries are shuffled; toggling shuffle off puts them back in order. */
  shuffled: boolean;
  /** Playback stops when the current track ends (the next one waits, paused). */
  stopAfterCurrent: boolean;
}>;

/** How tracks join and sound; the Settings screen's Playback section. */
export type PlaybackSettings = Readonly<{ crossfadeSec: number; normalisation: Normalisation }>;

/** What the player is built with; every part has a browser default. */
export type PlayerOptions = Readonly<{
  output?: AudioOutput;
  probe?: (url: string) => Promise<MediaProblem>;
  fetcher?: typeof fetch;
  prefs?: PrefsStorage | null;
  random?: () => number;
  /** The loudness values the player levels a track with (the row's own by default). */
  loudnessOf?: (track: TrackRow) => LoudnessValues | null;
}>;

/** Back from this far into a track restarts it instead of going to the previous one. */
const RESTART_AFTER_SECONDS = 3;
/** Tracks in a row that may fail before the player stops trying. */
const MAX_FAILURES_IN_A_ROW = 5;

type Playback = { entry: QueueEntry; voice: Voice; clock: PlaybackClock };

function defaultOutput(): AudioOutput {
  return typeof AudioContext === 'function' ? new WebAudioOutput() : new ElementOutput();
}

/** Plays the queue and reports each playback to the engine. */
export class Player {
  private state: PlayerState;
  private readonly listeners = new Set<() => void>();
  private readonly output: AudioOutput;
  private readonly transitions: Transitions;
  private readonly prefs: PrefsStorage | null | undefined;
  private readonly random: () => number;
  private playback: Playback | null = null;
  /** The order of the upcoming entries before the shuffle, to undo it. */
  private unshuffled: readonly QueueEntry[] | null = null;
  private excluded: (track: TrackRow) => boolean = () => false;
  private failures = 0;
  private settings: PlaybackSettings = { crossfadeSec: 0, normalisation: 'off' };
  private deviceId: string;
  /** Where the OS's now-playing panel fetches artwork. */
  private readonly artworkUrl = (id: string, size: 256 | 512): string =>
    this.api.artworkUrl(id, size);

  constructor(
    private readonly api: Api,
    createAudio: () => HTMLAudioElement = () => new Audio(),
    options: PlayerOptions = {},
  ) {
    this.output = options.output ?? defaultOutput();
    this.prefs = options.prefs;
    this.random = options.random ?? Math.random;
    const saved = readPrefs(this.prefs);
    this.deviceId = saved.deviceId;
    this.state = {
      queue: [],
      index: -1,
      playing: false,
      loading: false,
      position: 0,
      duration: 0,
      error: null,
      volume: saved.volume,
      muted: saved.muted,
      repeat: 'off',
      shuffled: false,
      stopAfterCurrent: false,
    };
    this.output.setVolume(saved.volume, saved.muted);
    const loudnessOf = options.loudnessOf ?? (() => null);
    this.transitions = new Transitions({
      output: this.output,
      url: (id) => api.mediaUrl(id),
      createAudio,
      probe: options.probe ?? ((url) => probeMedia(url)),
      fetcher: options.fetcher,
      gainOf: (track) => levellingGain(loudnessOf(track), this.settings.normalisation),
      listener: (voice, event) => this.onVoice(voice, event),
    });
    if (this.deviceId !== '' && this.output.canChooseDevice) {
      this.output.setDevice(this.deviceId).catch(() => undefined);
    }
  }

  /** Routes the OS media keys to this player. */
  bindMediaKeys(): void {
    bindMediaKeys({
      play: () => void this.resume(),
      pause: () => this.playback?.voice.pause(),
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

  /** The entry playing, or null. */
  current(): QueueEntry | null {
    return this.state.queue[this.state.index] ?? null;
  }

  /** Replaces the queue with `tracks` and plays from `index`; they came from `source`. */
  playQueue(
    tracks: readonly TrackRow[],
    index: number,
    source: EventSource = { kind: 'library' },
  ): void {
    this.finish('next');
    this.unshuffled = null;
    this.transitions.reset();
    this.set({ queue: entriesOf(tracks, source), index: -1, shuffled: false, error: null });
    this.startAt(index, 'play');
  }

  /** Plays `tracks` now, before the rest of the queue (which stays). */
  playNow(tracks: readonly TrackRow[], source: EventSource): void {
    if (tracks.length === 0) return;
    if (this.current() === null) return this.playQueue(tracks, 0, source);
    const { queue, index } = this.state;
    this.finish('next');
    this.set({ queue: insertAfter(queue, index, entriesOf(tracks, source)), error: null });
    this.startAt(index + 1, 'play');
  }

  /** Plays the queue's entry at `index` now (a row of Up next). */
  jumpTo(index: number): void {
    if (this.state.queue[index] === undefined) return;
    this.finish('next');
    this.set({ error: null });
    this.startAt(index, 'play');
  }

  /** Queues `tracks` right after the current one. */
  playNext(tracks: readonly TrackRow[], source: EventSource): void {
    if (this.current() === null) return this.playQueue(tracks, 0, source);
    const { queue, index } = this.state;
    this.setQueue(insertAfter(queue, index, entriesOf(tracks, source)));
  }

  /** Queues `tracks` at the end. */
  addToQueue(tracks: readonly TrackRow[], source: EventSource): void {
    if (this.current() === null) return this.playQueue(tracks, 0, source);
    this.setQueue([...this.state.queue, ...entriesOf(tracks, source)]);
  }

  /**
   * Replaces the entries after the current one (Up next reorders, removes and re-ranks them)
   * without interrupting the current track; the new next one is prepared ahead.
   */
  setUpcoming(entries: readonly QueueEntry[]): void {
    const { queue, index } = this.state;
    this.setQueue([...queue.slice(0, index + 1), ...entries]);
  }

  /** Empties Up next; the current track plays on. */
  clearUpcoming(): void {
    this.unshuffled = null;
    this.set({ shuffled: false });
    this.setUpcoming([]);
  }

  /** Shuffles what is queued after the current track, or puts it back in order. */
  toggleShuffle(): void {
    const { queue, index, shuffled } = this.state;
    if (shuffled && this.unshuffled !== null) {
      const restored = unshuffledUpcoming(queue, index, this.unshuffled);
      this.unshuffled = null;
      this.set({ shuffled: false });
      return this.setQueue(restored);
    }
    this.unshuffled = queue.slice(index + 1);
    this.set({ shuffled: true });
    this.setQueue(shuffledUpcoming(queue, index, this.random, this.excluded));
  }

  /** Tracks the person said not to play: a shuffle leaves them out. */
  setExcluded(excluded: (track: TrackRow) => boolean): void {
    this.excluded = excluded;
  }

  setRepeat(repeat: RepeatMode): void {
    this.set({ repeat });
    this.transitions.prepare(this.state);
  }

  setStopAfterCurrent(stopAfterCurrent: boolean): void {
    this.set({ stopAfterCurrent });
    this.transitions.prepare(this.state);
  }

  setVolume(volume: number): void {
    this.applyVolume(Math.min(1, Math.max(0, volume)), volume > 0 ? false : this.state.muted);
  }

  toggleMute(): void {
    this.applyVolume(this.state.volume, !this.state.muted);
  }

  /** Crossfade and levelling, from the settings. */
  setPlayback(settings: PlaybackSettings): void {
    this.settings = settings;
    this.transitions.relevel();
    this.transitions.prepare(this.state);
  }

  /** Whether the output device can be chosen here, and the one chosen ('' = default). */
  device(): Readonly<{ choosable: boolean; deviceId: string }> {
    return { choosable: this.output.canChooseDevice, deviceId: this.deviceId };
  }

  /** Sends the sound to another output device; remembered for this browser. */
  async setDevice(deviceId: string): Promise<void> {
    await this.output.setDevice(deviceId);
    this.deviceId = deviceId;
    this.savePrefs();
  }

  /** Play or pause. */
  toggle(): void {
    if (this.state.playing) this.playback?.voice.pause();
    else void this.resume();
  }

  next(): void {
    const { index, queue, repeat } = this.state;
    if (index < 0) return;
    this.finish('next');
    const following = followingIndex(queue.length, index, repeat);
    this.set({ error: null });
    if (following < 0) this.halt();
    else this.startAt(following, 'play');
  }

  previous(): void {
    const { index } = this.state;
    const playback = this.playback;
    if (index < 0 || playback === null) return;
    this.finish('previous');
    this.set({ error: null });
    if (playback.voice.position() > RESTART_AFTER_SECONDS || index === 0) {
      this.restart(playback.voice);
    } else {
      this.startAt(index - 1, 'play');
    }
  }

  stop(): void {
    this.finish('stopped');
    this.halt();
  }

  seek(seconds: number): void {
    const playback = this.playback;
    if (playback === null) return;
    playback.clock.jump(null);
    playback.voice.seek(seconds);
    this.set({ position: seconds });
  }

  /** The page is going away: the playback ends as a quit. */
  quit(): void {
    const voice = this.playback?.voice;
    this.finish('quit');
    voice?.pause();
  }

  private async resume(): Promise<void> {
    const voice = this.playback?.voice;
    if (voice === undefined) return;
    try {
      await this.output.resume();
      await voice.play();
    } catch (error) {
      this.set({ error: `cannot play: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** Makes the entry at `index` current; `cue` leaves it paused (stop after this track). */
  private startAt(index: number, how: 'play' | 'cue'): void {
    const entry = this.state.queue[index];
    if (entry === undefined) return this.halt();
    const voice = this.transitions.take(this.state, index, how === 'play');
    this.playback = { entry, voice, clock: new PlaybackClock(new Date().toISOString()) };
    const duration = voice.duration();
    this.set({
      index,
      position: voice.position(),
      duration: Number.isFinite(duration) ? duration : (entry.track.durationSec ?? 0),
      playing: voice.playing(),
      loading: Number.isNaN(duration),
    });
    showNowPlaying(entry.track, how === 'play', this.artworkUrl);
    if (how === 'play' && !voice.playing()) void this.resume();
    this.transitions.prepare(this.state);
  }

  private restart(voice: Voice): void {
    const entry = this.current();
    if (entry === null) return;
    this.playback = { entry, voice, clock: new PlaybackClock(new Date().toISOString()) };
    voice.seek(0);
    this.set({ position: 0 });
    if (!voice.playing()) void this.resume();
    this.transitions.prepare(this.state);
  }

  private halt(): void {
    this.playback = null;
    this.transitions.reset();
    this.set({ index: -1, playing: false, loading: false, position: 0, duration: 0 });
    showNowPlaying(null, false);
  }

  private onVoice(voice: Voice, event: VoiceEvent): void {
    const playback = this.playback;
    if (playback === null || voice !== playback.voice) {
      this.transitions.onOtherVoice(voice, event, this.state);
      return;
    }
    switch (event.kind) {
      case 'duration': {
        const duration = voice.duration();
        if (Number.isFinite(duration)) this.set({ duration, loading: false });
        return;
      }
      case 'time': {
        const position = voice.position();
        if (voice.playing()) playback.clock.tick(position);
        if (position > 0) this.failures = 0;
        this.set({ position });
        showPosition(position, voice.duration());
        if (this.transitions.crossfadeDue(this.state, this.settings)) this.crossfade();
        return;
      }
      case 'play':
        playback.clock.jump(voice.position());
        this.set({ playing: true, loading: Number.isNaN(voice.duration()) });
        showNowPlaying(playback.entry.track, true, this.artworkUrl);
        this.transitions.prepare(this.state);
        return;
      case 'pause':
        playback.clock.tick(voice.position());
        playback.clock.jump(null);
        this.set({ playing: false });
        showNowPlaying(playback.entry.track, false, this.artworkUrl);
        this.transitions.holdNext();
        return;
      case 'seeked':
        playback.clock.jump(voice.playing() ? voice.position() : null);
        this.transitions.holdNext();
        this.transitions.prepare(this.state);
        return;
      case 'ended':
        return this.ended(voice);
      case 'failed':
        return this.failed(playback.entry, event.problem);
    }
  }

  private ended(voice: Voice): void {
    const { index, queue, repeat, stopAfterCurrent } = this.state;
    this.finish('finished');
    if (repeat === 'one') return this.restart(voice);
    const following = followingIndex(queue.length, index, repeat);
    if (stopAfterCurrent) {
      this.set({ stopAfterCurrent: false });
      if (following < 0) return this.halt();
      return this.startAt(following, 'cue');
    }
    if (following < 0) this.halt();
    else this.startAt(following, 'play');
  }

  /** Moves to the next track while the current one fades out under it. */
  private crossfade(): void {
    const { index, queue, repeat } = this.state;
    const following = followingIndex(queue.length, index, repeat);
    if (following < 0) return;
    this.finish('finished');
    this.transitions.fadeOutCurrent(this.settings.crossfadeSec);
    this.startAt(following, 'play');
  }

  private failed(entry: QueueEntry, problem: MediaProblem): void {
    const { index, queue, repeat } = this.state;
    this.finish('error');
    this.failures++;
    const message = `“${entry.track.title}” was skipped: ${problemWords(problem)}.`;
    const following = followingIndex(queue.length, index, repeat);
    const giveUp = following < 0 || this.failures >= Math.min(MAX_FAILURES_IN_A_ROW, queue.length);
    if (giveUp) {
      this.halt();
      const stopped = this.failures > 1 ? ' Several tracks in a row could not play.' : '';
      this.set({ error: message + stopped });
      return;
    }
    this.startAt(following, 'play');
    this.set({ error: message });
  }

  /** Ends the current playback, if any, and records it; later calls do nothing until a start. */
  private finish(end: EventEnd): void {
    const playback = this.playback;
    if (playback === null) return;
    this.playback = null;
    const { voice, entry, clock } = playback;
    clock.tick(voice.position());
    const duration = voice.duration();
    this.api.events
      .record({
        track: entry.track.id,
        startedAt: clock.startedAt,
        msPlayed: clock.msPlayed,
        ...(Number.isFinite(duration)
          ? { durationMs: Math.max(1, Math.round(duration * 1000)) }
          : {}),
        end,
        source: entry.source,
      })
      .catch((error: unknown) => {
        // A track that left the library (its file deleted, the watch saw it) has nothing to
        // record against; and a problem already said, such as why it could not play, stays.
        if (error instanceof ApiCallError && error.code === 'not-found') return;
        if (this.state.error !== null) return;
        this.set({
          error: `could not record the playback: ${error instanceof Error ? error.message : String(error)}`,
        });
      });
  }

  private setQueue(queue: readonly QueueEntry[]): void {
    this.set({ queue });
    this.transitions.prepare(this.state);
  }

  private applyVolume(volume: number, muted: boolean): void {
    this.output.setVolume(volume, muted);
    this.set({ volume, muted });
    this.savePrefs();
  }

  private savePrefs(): void {
    const { volume, muted } = this.state;
    writePrefs({ volume, muted, deviceId: this.deviceId }, this.prefs);
  }

  private set(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
