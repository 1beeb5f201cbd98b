// @vitest-environment jsdom
/**
 * Endless play over the typed fake API and the real player: a radio that runs low asks the
 * engine for more from its seeds and everything queued so far, adds them with their reasons,
 * stops asking once nothing new comes, and never extends a queue without an origin or after
 * "stop after this track".
 */
import { cleanup, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecommendedRow } from '../../src/shared/api-contract-ui';
import { useEndlessQueue } from '../../src/renderer/src/features/queue/hooks/use-endless-queue';
import { playPlan } from '../../src/renderer/src/features/queue/queue-actions';
import { useApi } from '../../src/renderer/src/lib/api';
import { usePlayer } from '../../src/renderer/src/features/player/use-player';
import { useQueueNotes } from '../../src/renderer/src/features/queue/queue-notes';
import { fakeApi, renderScreen, row } from './renderer-harness';

afterEach(cleanup);

const recommended = (n: number): RecommendedRow => ({
  ...row(n),
  score: 0.5,
  audio: 0.5,
  cf: null,
  why: `close to Track ${n - 1}`,
  reasons: [],
});

function Endless() {
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  useEndlessQueue(useApi(), player, notes);
  return null;
}

describe('endless play', () => {
  it('extends a radio running low from its seeds and what was queued, then stops asking', async () => {
    let next = 10;
    const fake = fakeApi({
      'recommend:continue-queue': ({ queued }) => {
        // Two rounds of new tracks, then nothing new (a small library).
        if (next >= 30) return queued.slice(0, 2).map((id) => recommended(parseInt(id, 16)));
        const rows = Array.from({ length: 10 }, (_, i) => recommended(next + i));
        next += 10;
        return rows;
      },
      'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
    });
    const harness = renderScreen(<Endless />, fake.api);
    const seeds = [{ kind: 'track', id: row(1).id } as const];
    playPlan(harness.player, harness.notes, {
      tracks: [2, 3, 4].map(recommended),
      source: { kind: 'radio', id: row(1).id },
      seeds,
    });
    await waitFor(() => expect(harness.player.getState().queue).toHaveLength(13));
    const [first] = fake.callsTo('recommend:continue-queue');
    expect(first?.origin).toEqual({ kind: 'radio', seeds });
    expect(first?.queued).toEqual([2, 3, 4].map((n) => row(n).id));
    expect(harness.notes.getState().notes.get(row(10).id)?.why).toBe('close to Track 9');
    expect(harness.player.getState().queue.at(-1)?.source).toEqual({
      kind: 'radio',
      id: row(1).id,
    });

    harness.player.jumpTo(10);
    await waitFor(() => expect(harness.player.getState().queue).toHaveLength(23));
    harness.player.jumpTo(20);
    await waitFor(() => expect(fake.callsTo('recommend:continue-queue')).toHaveLength(3));
    harness.player.jumpTo(21);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing new came back: the radio is not asked again, and nothing came twice.
    expect(fake.callsTo('recommend:continue-queue')).toHaveLength(3);
    expect(harness.player.getState().queue).toHaveLength(23);
  });

  it('leaves a queue without an origin, and one that stops after this track, as it is', async () => {
    const fake = fakeApi({
      'recommend:continue-queue': () => [recommended(9)],
      'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
    });
    const harness = renderScreen(<Endless />, fake.api);
    harness.player.playQueue([row(1), row(2)], 0, { kind: 'library' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.callsTo('recommend:continue-queue')).toHaveLength(0);

    harness.player.setStopAfterCurrent(true);
    playPlan(harness.player, harness.notes, {
      tracks: [recommended(3)],
      source: { kind: 'mix', id: 'Tones' },
      seeds: null,
      origin: { kind: 'mix', name: 'Tones' },
    });
    harness.player.setStopAfterCurrent(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.player.getState().queue).toHaveLength(1);
  });
});
