// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { Player } from '../../src/renderer/src/features/player/player';
import { Screens } from '../../src/renderer/src/features/screens/components/Screens';
import { appSettings, fakeApi, renderInApp, row, silentAudio } from './renderer-harness';

afterEach(cleanup);

const entry = (n: number) => ({
  ...row(n),
  score: 0.8,
  audio: 0.8,
  cf: null,
  why: 'sounds like Track 1',
  reasons: [],
});

/** Serious and critical axe violations on the page (contrast needs layout: the e2e pass checks it). */
async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false } },
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility of every screen (axe-core)', () => {
  it('has no serious or critical violations, and every screen is reachable by keyboard', async () => {
    const user = userEvent.setup();
    const rows = Array.from({ length: 30 }, (_, i) => row(i));
    const fake = fakeApi({
      'library:list-tracks': () => ({ total: rows.length, offset: 0, rows }),
      'library:get-track-details': ({ id }) => ({
        track: {
          ...rows[1]!,
          id,
          path: '/music/a.flac',
          sizeBytes: 1000,
          hasArtwork: false,
          artworkError: null,
          error: null,
          modelVersion: 'cnn1-x',
        },
        thumbnail: { bands: 64, frames: 2, base64: btoa('\u0080'.repeat(128)) },
        neighbours: [{ id: row(2).id, title: 'Track 2', artist: null, album: null, score: 0.9 }],
        history: [],
      }),
      'recommend:list-mixes': () => [{ name: 'Jazz', size: 10, entries: [entry(3)] }],
      'playlists:list-all': () => ({ playlists: [], damaged: [] }),
      'discover:get-map': () => ({
        modelVersion: 'cnn1-x',
        algorithm: 'umap',
        cached: true,
        points: rows.map((r, i) => ({ ...r, x: i / 30, y: (i % 5) / 5 })),
      }),
      'engine:get-status': () => ({
        dataDir: '/data',
        folders: ['/music'],
        total: 30,
        analysed: 30,
        failed: 0,
        backend: 'cpu',
        nativeAcceleration: false,
        modelVersion: 'cnn1-x',
      }),
      'settings:get-settings': () => appSettings(),
    });
    const player = new Player(fake.api, silentAudio);
    player.playQueue(rows.slice(0, 5), 0);
    renderInApp(<Screens revision={0} mode="web" />, fake.api, player);
    await screen.findAllByTestId('track-row');
    expect(await violations()).toEqual([]);

    for (const [i, name, ready] of [
      [2, 'Up next', 'Now playing'],
      [3, 'Playlists', 'Choose a playlist or a mix.'],
      [
        4,
        'Discover',
        'Point at a dot to see the track; click to play it; drag around dots to select them.',
      ],
      [5, 'Settings', '/data'],
    ] as const) {
      await user.keyboard(`{Alt>}${i}{/Alt}`);
      expect(screen.getByRole('button', { name }).getAttribute('aria-current')).toBe('page');
      await screen.findByText(ready);
      expect(await violations()).toEqual([]);
    }

    await user.keyboard('{Alt>}1{/Alt}');
    const [first] = await screen.findAllByTestId('track-row');
    first?.focus();
    await user.keyboard('i');
    await screen.findByRole('heading', { name: 'Track 1' });
    expect(await violations()).toEqual([]);
  });
});
