// @vitest-environment jsdom
/**
 * The player bar's controls over the typed fake API and the real player: shuffle, repeat,
 * stop after this track, volume and mute (buttons and keys), Love and "Don't play this".
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { PlayerBar } from '../../src/renderer/src/features/player/PlayerBar';
import { Player } from '../../src/renderer/src/features/player/player';
import { useShortcuts } from '../../src/renderer/src/features/screens/hooks/use-shortcuts';
import { useQueueFeedback } from '../../src/renderer/src/features/feedback/use-feedback-actions';
import { useFeedback } from '../../src/renderer/src/features/feedback/feedback-store';
import type { FeedbackTarget, FeedbackValue } from '../../src/shared/feedback';
import { fakeApi, renderScreen, row, silentAudio } from './renderer-harness';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const library = { kind: 'library' } as const;

function BarWithKeys(props: Readonly<{ player: Player }>) {
  useShortcuts(() => undefined, props.player);
  const [store] = useFeedback();
  useQueueFeedback(props.player, store);
  return <PlayerBar />;
}

/** A fake engine that keeps feedback as the engine does (by track id only, here). */
function feedbackEngine() {
  const standing = new Map<string, FeedbackValue>();
  const artistBans = new Set<string>();
  const tracks = [1, 2, 3, 4, 5].map((n) => row(n));
  return fakeApi({
    'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
    'feedback:set': ({ target, value }: { target: FeedbackTarget; value: FeedbackValue }) => {
      if (target.kind === 'track') standing.set(target.id, value);
      if (target.kind === 'artist') artistBans.add(target.name);
      return { target, value, changed: true };
    },
    'feedback:check-tracks': ({ ids }) => ({
      loved: ids.filter((id) => standing.get(id) === 'love'),
      excluded: ids.filter(
        (id) =>
          standing.get(id) === 'ban' ||
          artistBans.has(tracks.find((t) => t.id === id)?.artist ?? ''),
      ),
    }),
  });
}

describe('the player bar', () => {
  it('shuffles and unshuffles, cycles repeat, and stops after this track', async () => {
    const user = userEvent.setup();
    const fake = feedbackEngine();
    const player = new Player(fake.api, silentAudio);
    player.playQueue(
      [1, 2, 3, 4, 5].map((n) => row(n)),
      0,
      library,
    );
    renderScreen(<BarWithKeys player={player} />, fake.api, { player });

    const shuffle = screen.getByRole('button', { name: 'Shuffle' });
    await user.click(shuffle);
    expect(shuffle.getAttribute('aria-pressed')).toBe('true');
    await user.click(shuffle);
    expect(player.getState().queue.map((e) => e.track.title)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `Track ${n}`),
    );

    await user.click(screen.getByRole('button', { name: 'Repeat: off' }));
    await user.click(screen.getByRole('button', { name: 'Repeat: all' }));
    expect(player.getState().repeat).toBe('one');
    expect(screen.getByRole('button', { name: 'Repeat: this track' })).toBeTruthy();

    const stopAfter = screen.getByRole('button', { name: 'Stop after this track' });
    await user.click(stopAfter);
    expect(player.getState().stopAfterCurrent).toBe(true);
    expect(stopAfter.getAttribute('aria-pressed')).toBe('true');
  });

  it('sets the volume by slider and keys, mutes with the button and M, and remembers', async () => {
    const user = userEvent.setup();
    const fake = feedbackEngine();
    const player = new Player(fake.api, silentAudio);
    player.playQueue([row(1)], 0, library);
    renderScreen(<BarWithKeys player={player} />, fake.api, { player });

    const volume = screen.getByRole('slider', { name: 'Volume' });
    expect(volume.getAttribute('aria-valuetext')).toBe('80 %');
    await user.keyboard('-');
    await waitFor(() => expect(player.getState().volume).toBeCloseTo(0.75));
    await user.keyboard('+');
    expect(player.getState().volume).toBeCloseTo(0.8);
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(player.getState().muted).toBe(true);
    expect(volume.getAttribute('aria-valuetext')).toBe('muted (80 %)');
    // M works anywhere but on a control that takes keys itself (the focused button).
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('m');
    expect(player.getState().muted).toBe(false);
    act(() => player.setVolume(0.4));
    expect(new Player(fake.api, silentAudio).getState().volume).toBeCloseTo(0.4);
  });

  it('loves the track playing, and "Don’t play this" skips it and keeps it out of the queue', async () => {
    const user = userEvent.setup();
    const fake = feedbackEngine();
    const player = new Player(fake.api, silentAudio);
    player.playQueue(
      [1, 2, 3].map((n) => row(n)),
      0,
      library,
    );
    const harness = renderScreen(<BarWithKeys player={player} />, fake.api, { player });

    const love = screen.getByRole('button', { name: 'Love “Track 1”' });
    await user.click(love);
    await waitFor(() => expect(love.getAttribute('aria-pressed')).toBe('true'));
    expect(fake.callsTo('feedback:set')[0]).toEqual({
      target: { kind: 'track', id: row(1).id },
      value: 'love',
    });

    await user.click(screen.getByRole('button', { name: 'Don’t play “Track 1” again' }));
    await waitFor(() => expect(player.current()?.track.title).toBe('Track 2'));
    expect(player.getState().queue.map((e) => e.track.title)).toContain('Track 1');
    expect(harness.notices.at(-1)).toBe(
      'You won’t hear “Track 1” again (1 left the queue); undo it in Settings.',
    );
    // A shuffle of the rest never brings a banned track back.
    act(() => player.addToQueue([row(1), row(4)], library));
    await waitFor(() => expect(fake.callsTo('feedback:check-tracks').length).toBeGreaterThan(1));
    act(() => player.toggleShuffle());
    expect(
      player
        .getState()
        .queue.slice(2)
        .map((e) => e.track.title),
    ).not.toContain('Track 1');
  });
});
