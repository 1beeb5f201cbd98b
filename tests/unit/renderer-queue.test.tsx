// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, type JSX } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecommendedRow } from '../../src/shared/api-contract-ui';
import { Player, type PlayerState } from '../../src/renderer/src/features/player/player';
import { entriesOf } from '../../src/renderer/src/features/player/queue-model';
import { UpNextScreen } from '../../src/renderer/src/features/queue/components/UpNextScreen';
import {
  useSkipRerank,
  skippedEntry,
} from '../../src/renderer/src/features/queue/hooks/use-skip-rerank';
import { isSkip, playPlan } from '../../src/renderer/src/features/queue/queue-actions';
import { QueueNotes } from '../../src/renderer/src/features/queue/queue-notes';
import type { Api } from '../../src/shared/api-client';
import { fakeApi, renderScreen, row, silentAudio } from './renderer-harness';

afterEach(cleanup);

const recommended = (n: number): RecommendedRow => ({
  ...row(n),
  score: 1 - n / 100,
  audio: 0.8,
  cf: null,
  why: `sounds like Track 1 (${n})`,
  reasons: [],
});

/** A player whose audio elements the test can move in time. */
function playerWithClock(api: Api): {
  player: Player;
  at: (seconds: number, duration: number) => void;
} {
  const audios: HTMLAudioElement[] = [];
  const player = new Player(api, () => {
    const audio = silentAudio();
    audios.push(audio);
    return audio;
  });
  const at = (seconds: number, duration: number): void => {
    for (const audio of audios) {
      Object.defineProperty(audio, 'currentTime', {
        value: seconds,
        configurable: true,
        writable: true,
      });
      Object.defineProperty(audio, 'duration', { value: duration, configurable: true });
      audio.dispatchEvent(new Event('timeupdate'));
    }
  };
  return { player, at };
}

function WithRerank(props: Readonly<{ api: Api; player: Player; notes: QueueNotes }>): JSX.Element {
  useSkipRerank(props.api, props.player, props.notes);
  useEffect(() => undefined, []);
  return <UpNextScreen />;
}

describe('up next', () => {
  it('tells what to do when nothing plays', () => {
    renderScreen(<UpNextScreen />, fakeApi({}).api);
    expect(screen.getByText('Nothing is playing.')).toBeTruthy();
    expect(screen.getByText(/choose Start radio/)).toBeTruthy();
  });

  it('shows each track’s reason; reorders by button, by keyboard and removes', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({
      'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
    });
    const notes = new QueueNotes();
    const player = new Player(fake.api, silentAudio);
    playPlan(player, notes, {
      lead: [row(1)],
      leadWhy: 'the seed of this radio',
      tracks: [2, 3, 4, 5].map(recommended),
      source: { kind: 'radio', id: row(1).id },
      seeds: [{ kind: 'track', id: row(1).id }],
    });
    renderScreen(<UpNextScreen />, fake.api, { player, notes });

    expect(screen.getByText('the seed of this radio')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Up next' });
    expect(within(list).getByText('sounds like Track 1 (3)')).toBeTruthy();
    const titles = (): string[] =>
      player
        .getState()
        .queue.slice(1)
        .map((e) => e.track.title);

    await user.click(screen.getByRole('button', { name: 'Move Track 2 down' }));
    expect(titles()).toEqual(['Track 3', 'Track 2', 'Track 4', 'Track 5']);

    screen.getByRole('button', { name: /Reorder Track 5/ }).focus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(titles()).toEqual(['Track 3', 'Track 5', 'Track 2', 'Track 4']);
    expect(screen.getByText('Moved “Track 5” to position 2.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove Track 2' }));
    expect(titles()).toEqual(['Track 3', 'Track 5', 'Track 4']);
  });

  it('re-ranks the rest after a skip and marks the tracks that moved far', async () => {
    const fake = fakeApi({
      'events:record': (arg) => ({ ...arg, session: 's', durationMs: 200_000 }),
      // The engine's answer: 11 jumps from last to first, the rest go one place down, 12 is
      // left out.
      'recommend:rerank-queue': ({ queue }) => ({
        entries: [11, 4, 5, 6, 7, 8, 9, 10].map((n) => ({
          ...recommended(n),
          why: `re-ranked (${n})`,
        })),
        dropped: queue.filter((id) => id === row(12).id),
      }),
    });
    const notes = new QueueNotes();
    const { player, at } = playerWithClock(fake.api);
    playPlan(player, notes, {
      tracks: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(recommended),
      source: { kind: 'radio', id: row(1).id },
      seeds: [{ kind: 'track', id: row(1).id }],
    });
    renderScreen(<WithRerank api={fake.api} player={player} notes={notes} />, fake.api, {
      player,
      notes,
    });

    act(() => at(4, 200));
    act(() => player.next());
    await waitFor(() =>
      expect(
        player
          .getState()
          .queue.slice(2)
          .map((e) => e.track.title),
      ).toEqual([
        'Track 11',
        'Track 4',
        'Track 5',
        'Track 6',
        'Track 7',
        'Track 8',
        'Track 9',
        'Track 10',
      ]),
    );
    expect(fake.callsTo('recommend:rerank-queue')[0]).toEqual({
      queue: [4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => row(n).id),
      skipped: row(2).id,
      seeds: [{ kind: 'track', id: row(1).id }],
    });
    expect(
      await screen.findByText('Re-ranked after you skipped “Track 2”: 1 moved up, 1 removed.'),
    ).toBeTruthy();
    // Only the far move is marked; a place or two is no news.
    expect(screen.getByText('moved up 7')).toBeTruthy();
    expect(screen.queryByText(/moved down/)).toBeNull();
    expect(screen.getByText('re-ranked (11)')).toBeTruthy();
    expect(screen.getByText(/Left out after the skip: Track 12/)).toBeTruthy();

    // Played through (past 30 s and 20 %): moving on is no skip, nothing is re-ranked.
    act(() => at(120, 200));
    act(() => player.next());
    expect(fake.callsTo('recommend:rerank-queue')).toHaveLength(1);
  });

  it('applies the engine’s skip rule', () => {
    expect(isSkip(29, 100)).toBe(true);
    expect(isSkip(31, 100)).toBe(false);
    expect(isSkip(50, 600)).toBe(true);
    expect(isSkip(130, 600)).toBe(false);
    const source = { kind: 'library' } as const;
    const state: PlayerState = {
      ...new Player(fakeApi({}).api, silentAudio).getState(),
      queue: entriesOf([row(1), row(2)], source),
      index: 0,
      playing: true,
      position: 3,
      duration: 100,
    };
    expect(skippedEntry(state, { ...state, index: 1, position: 0 })?.track.id).toBe(row(1).id);
    expect(skippedEntry({ ...state, position: 90 }, { ...state, index: 1 })).toBeNull();
    expect(
      skippedEntry(state, { ...state, queue: entriesOf([row(9)], source), index: 0 }),
    ).toBeNull();
  });
});
