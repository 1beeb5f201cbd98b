// @vitest-environment jsdom
/**
 * The player over fake media elements that the test moves in time: duration and seeking for
 * every track however it started, the queue, repeat, shuffle, volume.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Player, type PlayerOptions } from '../../src/renderer/src/features/player/player';
import type { TrackRow } from '../../src/shared/api-types';
import { fakeApi, row, silentAudio, type FakeApi } from './renderer-harness';

afterEach(() => localStorage.clear());

/** A media element whose duration, position and events the test controls. */
type FakeAudio = HTMLAudioElement & {
  setDuration: (seconds: number) => void;
  setTime: (seconds: number) => void;
  plays: number;
};

function fakeAudio(): FakeAudio {
  const audio = silentAudio() as FakeAudio;
  let duration = NaN;
  let time = 0;
  let paused = true;
  audio.plays = 0;
  Object.defineProperty(audio, 'paused', { get: () => paused, configurable: true });
  audio.play = () => {
    audio.plays++;
    paused = false;
    audio.dispatchEvent(new Event('play'));
    return Promise.resolve();
  };
  audio.pause = () => {
    if (paused) return;
    paused = true;
    audio.dispatchEvent(new Event('pause'));
  };
  Object.defineProperty(audio, 'duration', { get: () => duration, configurable: true });
  Object.defineProperty(audio, 'currentTime', {
    get: () => time,
    set: (value: number) => {
      time = value;
      audio.dispatchEvent(new Event('seeked'));
    },
    configurable: true,
  });
  audio.setDuration = (seconds) => {
    duration = seconds;
    audio.dispatchEvent(new Event('loadedmetadata'));
    audio.dispatchEvent(new Event('durationchange'));
  };
  audio.setTime = (seconds) => {
    time = seconds;
    audio.dispatchEvent(new Event('timeupdate'));
  };
  return audio;
}

function setup(options: PlayerOptions = {}): {
  player: Player;
  audios: FakeAudio[];
  fake: FakeApi;
} {
  const audios: FakeAudio[] = [];
  const fake = fakeApi({ 'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1 }) });
  const player = new Player(
    fake.api,
    () => {
      const audio = fakeAudio();
      audios.push(audio);
      return audio;
    },
    options,
  );
  return { player, audios, fake };
}

const titles = (player: Player): string[] => player.getState().queue.map((e) => e.track.title);
const upcoming = (player: Player): string[] => titles(player).slice(player.getState().index + 1);
const library = { kind: 'library' } as const;

/** Recommended entries reach the player without a duration of their own. */
const unknownLength = (n: number): TrackRow => row(n, { durationSec: null });

/** The element playing track `id` now. */
function audioOf(audios: readonly FakeAudio[], id: string): FakeAudio {
  const found = audios.filter((a) => a.src.endsWith(`/media/${id}`)).at(-1);
  if (found === undefined) throw new Error(`no element loads ${id}`);
  return found;
}

describe('the player', () => {
  it('knows the duration of the next track after Next, though it loaded before it played', () => {
    const { player, audios } = setup();
    const queue = [1, 2, 3].map(unknownLength);
    player.playQueue(queue, 0, { kind: 'radio', id: queue[0]?.id ?? '' });
    audioOf(audios, queue[0]?.id ?? '').setDuration(200);
    // The next track's element learns its length while the first still plays.
    audioOf(audios, queue[1]?.id ?? '').setDuration(321);
    player.next();
    expect(player.getState().index).toBe(1);
    expect(player.getState().duration).toBe(321);
  });

  it('seeks the next track after it started by itself at the end of the first', () => {
    const { player, audios } = setup();
    const queue = [1, 2].map(unknownLength);
    player.playQueue(queue, 0, library);
    const second = audioOf(audios, queue[1]?.id ?? '');
    second.setDuration(240);
    audioOf(audios, queue[0]?.id ?? '').dispatchEvent(new Event('ended'));
    expect(player.getState().index).toBe(1);
    expect(player.getState().duration).toBe(240);
    player.seek(100);
    expect(second.currentTime).toBe(100);
    expect(player.getState().position).toBe(100);
  });

  it('queues Play next after the current track and Add to queue at the end; Play now jumps', () => {
    const { player } = setup();
    player.playQueue(
      [1, 2, 3].map((n) => row(n)),
      0,
      library,
    );
    player.playNext([row(8)], library);
    player.addToQueue([row(9)], library);
    expect(titles(player)).toEqual(['Track 1', 'Track 8', 'Track 2', 'Track 3', 'Track 9']);
    player.playNow([row(7)], library);
    expect(player.current()?.track.title).toBe('Track 7');
    expect(upcoming(player)).toEqual(['Track 8', 'Track 2', 'Track 3', 'Track 9']);
    player.clearUpcoming();
    expect(upcoming(player)).toEqual([]);
    expect(player.current()?.track.title).toBe('Track 7');
  });

  it('shuffles what is queued, leaves out excluded tracks, and puts it back in order', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const { player } = setup({ random });
    player.playQueue(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => row(n)),
      0,
      library,
    );
    player.setExcluded((track) => track.title === 'Track 5');
    player.toggleShuffle();
    expect(player.getState().shuffled).toBe(true);
    const shuffled = upcoming(player);
    expect(shuffled).not.toContain('Track 5');
    expect([...shuffled].sort()).toEqual([
      'Track 2',
      'Track 3',
      'Track 4',
      'Track 6',
      'Track 7',
      'Track 8',
    ]);
    expect(shuffled).not.toEqual([
      'Track 2',
      'Track 3',
      'Track 4',
      'Track 6',
      'Track 7',
      'Track 8',
    ]);
    player.addToQueue([row(9)], library);
    player.toggleShuffle();
    expect(player.getState().shuffled).toBe(false);
    // The order before the shuffle comes back (without the excluded track), then what was added.
    expect(upcoming(player)).toEqual([
      'Track 2',
      'Track 3',
      'Track 4',
      'Track 6',
      'Track 7',
      'Track 8',
      'Track 9',
    ]);
  });

  it('repeats one track at its end, the queue at the queue’s end, and stops after this track', () => {
    const { player, audios, fake } = setup();
    const queue = [1, 2].map((n) => row(n));
    player.playQueue(queue, 0, library);
    player.setRepeat('one');
    const first = audioOf(audios, queue[0]?.id ?? '');
    first.setTime(180);
    first.dispatchEvent(new Event('ended'));
    expect(player.getState().index).toBe(0);
    expect(first.currentTime).toBe(0);
    expect(fake.callsTo('events:record').map((e) => e.end)).toEqual(['finished']);
    // Next still moves on; at the end, repeat all goes round.
    player.setRepeat('all');
    player.next();
    expect(player.getState().index).toBe(1);
    audioOf(audios, queue[1]?.id ?? '').dispatchEvent(new Event('ended'));
    expect(player.getState().index).toBe(0);
    // Stop after this track: the next one waits, paused.
    player.setStopAfterCurrent(true);
    audioOf(audios, queue[0]?.id ?? '').dispatchEvent(new Event('ended'));
    expect(player.getState()).toMatchObject({ index: 1, playing: false, stopAfterCurrent: false });
    expect(audioOf(audios, queue[1]?.id ?? '').plays).toBe(0);
  });

  it('keeps volume and mute for the next session', () => {
    const { player, audios } = setup();
    player.playQueue([row(1)], 0, library);
    player.setVolume(0.5);
    expect(audios[0]?.volume).toBeCloseTo(0.25);
    player.toggleMute();
    expect(audios[0]?.volume).toBe(0);
    const { player: later } = setup();
    expect(later.getState()).toMatchObject({ volume: 0.5, muted: true });
    // Moving the slider unmutes.
    later.setVolume(0.6);
    expect(later.getState().muted).toBe(false);
  });

  it('reports a track that cannot play in words and goes on to the next', async () => {
    const { player, audios, fake } = setup({ probe: async () => 'outside-folders' });
    const queue = [1, 2, 3].map((n) => row(n));
    player.playQueue(queue, 0, library);
    audioOf(audios, queue[0]?.id ?? '').dispatchEvent(new Event('error'));
    await vi.waitFor(() => expect(player.getState().index).toBe(1));
    expect(player.getState().error).toBe(
      '“Track 1” was skipped: this file is outside your music folders.',
    );
    expect(fake.callsTo('events:record').map((e) => e.end)).toEqual(['error']);
  });

  it('stops trying after tracks fail in a row, saying why', async () => {
    const { player, audios } = setup({ probe: async () => 'gone' });
    const queue = [1, 2].map((n) => row(n));
    player.playQueue(queue, 0, library);
    audioOf(audios, queue[0]?.id ?? '').dispatchEvent(new Event('error'));
    await vi.waitFor(() => expect(player.getState().index).toBe(1));
    audioOf(audios, queue[1]?.id ?? '').dispatchEvent(new Event('error'));
    await vi.waitFor(() => expect(player.getState().index).toBe(-1));
    expect(player.getState().error).toBe(
      '“Track 2” was skipped: the file is gone. Several tracks in a row could not play.',
    );
  });

  it('crossfades into the next track when one is set, never inside an album in order', async () => {
    vi.useFakeTimers();
    try {
      const { player, audios, fake } = setup();
      player.setPlayback({ crossfadeSec: 6, normalisation: 'off' });
      const album = (n: number) =>
        row(n, { album: 'One', albumArtist: null, trackNo: n, discNo: 1 });
      const queue = [row(10, { album: 'Other' }), album(1), album(2)];
      player.playQueue(queue, 0, library);
      await vi.waitFor(() => expect(player.getState().playing).toBe(true));
      const first = audioOf(audios, queue[0]?.id ?? '');
      first.setDuration(200);
      first.setTime(195);
      // Five seconds left of a six-second crossfade: the next track has taken over.
      expect(player.getState().index).toBe(1);
      expect(fake.callsTo('events:record').map((e) => e.end)).toEqual(['finished']);
      const second = audioOf(audios, queue[1]?.id ?? '');
      await vi.waitFor(() => expect(second.paused).toBe(false));
      second.setDuration(100);
      second.setTime(97);
      // Within the album the next track follows when this one ends, with no overlap.
      expect(player.getState().index).toBe(1);
      vi.advanceTimersByTime(6000);
      // The faded track has let go of its element.
      expect(first.getAttribute('src')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
