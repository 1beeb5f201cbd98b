// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LearningState } from '../../src/shared/api-types';
import { LearningStatus } from '../../src/renderer/src/features/settings/components/LearningStatus';
import { fakeApi, renderScreen } from './renderer-harness';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function backend(state: LearningState = { running: [] }) {
  return fakeApi({
    'learning:get-state': () => state,
    'learning:cancel': () => ({ cancelled: true }),
  });
}

const region = () => screen.queryByRole('region', { name: 'Background learning' });

describe('the background learning status', () => {
  it('shows nothing while nothing learns', async () => {
    const fake = backend();
    renderScreen(<LearningStatus />, fake.api);
    await waitFor(() => expect(fake.callsTo('learning:get-state')).toHaveLength(1));
    expect(region()).toBeNull();
  });

  it('picks up a run already going on when the page opens', async () => {
    const fake = backend({
      running: [
        {
          job: 'audio',
          progress: { job: 'audio', step: 'train', done: 3, total: 30, etaSeconds: 12 },
        },
      ],
    });
    renderScreen(<LearningStatus />, fake.api);
    expect(await screen.findByText('Fine-tuning the audio model…')).toBeTruthy();
    expect(screen.getByText('3/30')).toBeTruthy();
    const bar = screen.getByRole('progressbar', {
      name: 'Progress of fine-tuning the audio model',
    });
    expect(bar.getAttribute('value')).toBe('3');
    expect(bar.getAttribute('max')).toBe('30');
    expect(screen.getByRole('button', { name: 'Cancel fine-tuning the audio model' })).toBeTruthy();
  });

  it('follows progress, cancels on request and says what was kept, moving focus to it', async () => {
    const user = userEvent.setup();
    const fake = backend();
    renderScreen(<LearningStatus />, fake.api);
    await waitFor(() => expect(fake.callsTo('learning:get-state')).toHaveLength(1));
    act(() =>
      fake.emit('learning:progress', {
        job: 'cf',
        step: 'train',
        done: 0,
        total: 6,
        etaSeconds: null,
      }),
    );
    expect(screen.getByText('Learning from your listening…')).toBeTruthy();
    act(() =>
      fake.emit('learning:progress', {
        job: 'cf',
        step: 'train',
        done: 2,
        total: 6,
        etaSeconds: 4,
      }),
    );
    expect(screen.getByText('2/6')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Cancel learning from your listening' }));
    expect(fake.callsTo('learning:cancel')).toEqual([{ job: 'cf' }]);
    act(() => fake.emit('learning:finished', { job: 'cf', outcome: { status: 'cancelled' } }));
    const said = screen.getByText(/^Stopped learning from your listening/);
    expect(screen.queryByRole('button', { name: /^Cancel/ })).toBeNull();
    expect(said.getAttribute('role')).toBe('status');
    expect(document.activeElement).toBe(said);
  });

  it('names each step of the audio model’s run, beside a taste run, and reports the end', async () => {
    const fake = backend();
    renderScreen(<LearningStatus />, fake.api);
    await waitFor(() => expect(fake.callsTo('learning:get-state')).toHaveLength(1));
    act(() => {
      fake.emit('learning:progress', {
        job: 'audio',
        step: 'mels',
        done: 1,
        total: 4,
        etaSeconds: null,
      });
      fake.emit('learning:progress', {
        job: 'cf',
        step: 'train',
        done: 1,
        total: 6,
        etaSeconds: 1,
      });
    });
    expect(screen.getByText('Preparing tracks for the audio model…')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Cancel/ })).toHaveLength(2);
    act(() =>
      fake.emit('learning:progress', {
        job: 'audio',
        step: 're-embed',
        done: 2,
        total: 10,
        etaSeconds: 1,
      }),
    );
    expect(screen.getByText('Updating the library with the fine-tuned audio model…')).toBeTruthy();
    const result = await axe.run(region() as HTMLElement, {
      // Contrast needs layout, which jsdom has not (the e2e pass checks it).
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(
      result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    ).toEqual([]);

    act(() =>
      fake.emit('learning:finished', {
        job: 'audio',
        outcome: { status: 'trained', modelVersion: 'cnn1-0123456789ab' },
      }),
    );
    expect(screen.getByText('The audio model is now fine-tuned to your library.')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Cancel/ })).toHaveLength(1);
    // Nothing was cancelled from here, so focus stays where the person left it.
    expect(document.activeElement).toBe(document.body);
  });

  it('keeps quiet about a run with nothing new, and lets the news of an end fade', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fake = backend();
    renderScreen(<LearningStatus />, fake.api);
    await waitFor(() => expect(fake.callsTo('learning:get-state')).toHaveLength(1));
    act(() =>
      fake.emit('learning:progress', {
        job: 'cf',
        step: 'train',
        done: 0,
        total: 6,
        etaSeconds: null,
      }),
    );
    act(() => fake.emit('learning:finished', { job: 'cf', outcome: { status: 'unchanged' } }));
    expect(region()).toBeNull();

    act(() =>
      fake.emit('learning:finished', {
        job: 'cf',
        outcome: { status: 'failed', message: 'the data folder is busy' },
      }),
    );
    expect(
      screen.getByText('Learning from your listening failed: the data folder is busy'),
    ).toBeTruthy();
    act(() => vi.advanceTimersByTime(8_000));
    expect(region()).toBeNull();
  });
});
