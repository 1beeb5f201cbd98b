// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { MapPoint } from '../../src/shared/api-contract-ui';
import { DiscoverScreen } from '../../src/renderer/src/features/discover/components/DiscoverScreen';
import {
  colourBy,
  OTHER_COLOUR,
  PALETTE,
} from '../../src/renderer/src/features/discover/map-colours';
import {
  lassoSelect,
  layout,
  PointIndex,
  step,
} from '../../src/renderer/src/features/discover/map-geometry';
import { fakeApi, renderScreen, row } from './renderer-harness';

afterEach(cleanup);

const point = (n: number, x: number, y: number, artist: string): MapPoint => ({
  ...row(n),
  x,
  y,
  artist,
  genre: 'Jazz',
});

// Two clusters on the map: three tracks top left, two bottom right.
const POINTS = [
  point(1, 0.1, 0.9, 'Bill Evans'),
  point(2, 0.12, 0.88, 'Bill Evans'),
  point(3, 0.14, 0.9, 'Chet Baker'),
  point(4, 0.9, 0.1, 'Aphex Twin'),
  point(5, 0.88, 0.12, 'Aphex Twin'),
];

describe('map geometry', () => {
  it('finds the point under the pointer, steps by arrow and selects by lasso', () => {
    const xy = layout(POINTS, 600, 400);
    const index = new PointIndex(xy);
    expect(index.nearest(xy[0] ?? 0, xy[1] ?? 0, 5)).toBe(0);
    expect(index.nearest(300, 200, 10)).toBe(-1);
    expect(step(xy, 0, 1, 0)).toBe(1);
    expect(step(xy, 3, 1, 0)).toBe(3);
    expect(step(xy, 0, 0, 1)).toBe(1);
    const box: [number, number][] = [
      [100, 20],
      [260, 20],
      [260, 100],
      [100, 100],
    ];
    expect(lassoSelect(xy, box)).toEqual([0, 1, 2]);
    expect(lassoSelect(xy, box.slice(0, 2))).toEqual([]);
  });

  it('colours the most common values and puts the rest in one grey', () => {
    const { colours, legend } = colourBy(POINTS, (p) => p.artist);
    expect(legend.map((l) => [l.label, l.count])).toEqual([
      ['Aphex Twin', 2],
      ['Bill Evans', 2],
      ['Chet Baker', 1],
    ]);
    expect(colours[3]).toBe(PALETTE[0]);
    const many = Array.from({ length: 30 }, (_, i) => point(i, 0.5, 0.5, `Artist ${i}`));
    const crowded = colourBy(many, (p) => p.artist);
    expect(crowded.legend.at(-1)).toEqual({
      label: 'everything else',
      colour: OTHER_COLOUR,
      count: 20,
    });
  });
});

describe('discover screen', () => {
  it('shows a track by keyboard, plays it, lassoes a selection and saves it', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({
      'discover:get-map': () => ({
        modelVersion: 'cnn1-x',
        algorithm: 'umap',
        cached: true,
        points: POINTS,
      }),
      'recommend:list-mixes': () => [
        {
          name: 'Ambient',
          size: 2,
          entries: [4, 5].map((n) => ({ ...row(n), score: 1, audio: 1, cf: null, why: 'x' })),
        },
      ],
      'playlists:save-playlist': ({ name, trackIds }) => ({
        name,
        kind: 'manual',
        count: trackIds.length,
        durationSec: 0,
        updatedAt: '2026-11-27T10:00:00Z',
      }),
    });
    const harness = renderScreen(<DiscoverScreen />, fake.api);
    const map = await screen.findByRole('application', { name: /Map of 5 tracks/ });
    expect(screen.getByRole('list', { name: 'Colours by artist' }).textContent).toContain(
      'Bill Evans',
    );

    map.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByText('Track 1')).toBeTruthy();
    await user.keyboard('{ArrowRight}{Enter}');
    expect(harness.player.getState().queue.map((r) => r.title)).toEqual(['Track 2']);

    fireEvent.pointerDown(map, { clientX: 100, clientY: 20, pointerId: 1 });
    for (const [x, y] of [
      [260, 20],
      [260, 100],
      [100, 100],
    ])
      fireEvent.pointerMove(map, { clientX: x, clientY: y, pointerId: 1 });
    fireEvent.pointerUp(map, { clientX: 100, clientY: 100, pointerId: 1 });
    expect(await screen.findByText('3 tracks selected')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save as playlist…' }));
    await user.type(screen.getByRole('textbox', { name: 'Playlist name' }), 'Quiet corner{Enter}');
    await waitFor(() =>
      expect(fake.callsTo('playlists:save-playlist')).toEqual([
        { name: 'Quiet corner', kind: 'manual', trackIds: [1, 2, 3].map((n) => row(n).id) },
      ]),
    );

    await user.selectOptions(screen.getByRole('combobox', { name: 'Colour by' }), 'mix');
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Colours by mix' }).textContent).toContain('Ambient'),
    );
  });

  it('says what to do with an empty library', async () => {
    const fake = fakeApi({
      'discover:get-map': () => ({
        modelVersion: null,
        algorithm: 'umap',
        cached: false,
        points: [],
      }),
    });
    renderScreen(<DiscoverScreen />, fake.api);
    expect(await screen.findByText('No analysed tracks to map yet.')).toBeTruthy();
  });
});
