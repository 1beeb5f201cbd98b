/**
 * The learning channels of the contract on a real engine host, and the host's record of runs
 * (learning-runs.ts): state, events, and a run superseded by the next of its job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LearningRuns } from '../../src/main/engine-host/learning-runs';
import { openHost, type HostFixture, type Pushed } from './api-fixtures';

let fx: HostFixture;

beforeAll(async () => {
  fx = await openHost('learning');
});
afterAll(() => fx.close());

describe('the learning channels', () => {
  it('report that nothing learns on a new library, and a cancel that stops nothing', async () => {
    expect(await fx.host.dispatch('learning:get-state', {})).toEqual({
      ok: true,
      value: { running: [] },
    });
    for (const arg of [{}, { job: 'cf' }, { job: 'audio' }]) {
      expect(await fx.host.dispatch('learning:cancel', arg)).toEqual({
        ok: true,
        value: { cancelled: false },
      });
    }
    expect(fx.pushed.filter((p) => p.event.startsWith('learning:'))).toEqual([]);
  });

  it('refuses an unknown job or key', async () => {
    for (const arg of [{ job: 'everything' }, { job: 'cf', now: true }, null]) {
      const reply = await fx.host.dispatch('learning:cancel', arg);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(await fx.host.dispatch('learning:get-state', { job: 'cf' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });
});

describe('the record of learning runs', () => {
  function record(): { runs: LearningRuns; pushed: Pushed[] } {
    const pushed: Pushed[] = [];
    const runs = new LearningRuns((event, payload) => pushed.push({ event, payload } as Pushed));
    return { runs, pushed };
  }

  it('shows a run with its latest progress until it ends, then reports the end once', () => {
    const { runs, pushed } = record();
    const run = runs.begin('cf');
    expect(runs.state()).toEqual({ running: [{ job: 'cf', progress: null }] });
    run.progress({ step: 'train', done: 0, total: 6, etaSeconds: null });
    // Throttled: the second report within the interval waits, the end flushes it.
    run.progress({ step: 'train', done: 3, total: 6, etaSeconds: 2 });
    expect(runs.state().running[0]?.progress).toMatchObject({ done: 0 });
    run.finish({ status: 'trained', modelVersion: 'ncf1-0123456789ab' });
    run.finish({ status: 'failed', message: 'twice' });
    run.progress({ step: 'train', done: 6, total: 6, etaSeconds: 0 });
    expect(runs.state()).toEqual({ running: [] });
    expect(pushed).toEqual([
      {
        event: 'learning:progress',
        payload: { job: 'cf', step: 'train', done: 0, total: 6, etaSeconds: null },
      },
      {
        event: 'learning:progress',
        payload: { job: 'cf', step: 'train', done: 3, total: 6, etaSeconds: 2 },
      },
      {
        event: 'learning:finished',
        payload: { job: 'cf', outcome: { status: 'trained', modelVersion: 'ncf1-0123456789ab' } },
      },
    ]);
  });

  it('keeps each job apart, and a superseded run never clears its successor', () => {
    const { runs, pushed } = record();
    const first = runs.begin('audio');
    const taste = runs.begin('cf');
    const second = runs.begin('audio');
    second.progress({ step: 'mels', done: 1, total: 4, etaSeconds: null });
    first.finish({ status: 'cancelled' });
    expect(runs.state().running).toEqual([
      {
        job: 'audio',
        progress: { job: 'audio', step: 'mels', done: 1, total: 4, etaSeconds: null },
      },
      { job: 'cf', progress: null },
    ]);
    taste.finish({ status: 'unchanged' });
    second.finish({ status: 'cancelled' });
    expect(runs.state()).toEqual({ running: [] });
    expect(pushed.filter((p) => p.event === 'learning:finished')).toHaveLength(3);
  });
});
