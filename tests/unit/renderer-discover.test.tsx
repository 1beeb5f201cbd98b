// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { MapPoint } from '../../src/shared/api-contract-ui';
import { DiscoverScreen } from '../../src/renderer/src/features/discover/components/DiscoverScreen';
import {
  colourBy,
  nearestMix,
  OTHER_COLOUR,
  PALETTE,
} from '../../src/renderer/src/features/discover/map-colours';
import {
  lassoSelect,
  layout,
  PointIndex,
  step,
} from '../../src/renderer/src/features/discover/map-geometry';
import { axeViolations } from './renderer-axe';
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

describe('colour by mix', () => {
  it('gives a track in no mix playlist the mix whose centre on the map is nearest', () => {
    const mixes = [
      { name: 'Quiet', entries: [{ id: row(1).id }, { id: row(2).id }] },
      { name: 'Loud', entries: [{ id: row(4).id }, { id: row(2).id }] },
    ];
    // Track 3 sits by the Quiet pair, track 5 by Loud's track 4; track 2, in both playlists,
    // keeps the first mix that lists it.
    expect(nearestMix(POINTS, mixes)).toEqual(['Quiet', 'Quiet', 'Quiet', 'Loud', 'Loud']);
    expect(nearestMix(POINTS, [])).toEqual([null, null, null, null, null]);
  });
});

/** The map's view as the canvas reports it: zoom and offset. */
function viewOf(map: HTMLElement): { k: number; x: number; y: number } {
  const [k, x, y] = (map.dataset.view ?? '').split(' ').map(Number);
  return { k: k ?? NaN, x: x ?? NaN, y: y ?? NaN };
}

/** Where point `i` is drawn in the current view (jsdom's canvas sits at the page's origin). */
function drawnAt(map: HTMLElement, i: number): { clientX: number; clientY: number } {
  const xy = layout(POINTS, 600, 400);
  const { k, x, y } = viewOf(map);
  return { clientX: (xy[2 * i] ?? 0) * k + x, clientY: (xy[2 * i + 1] ?? 0) * k + y };
}

/** The track the tooltip names after the pointer moves to `at`, or null. */
function hoverAt(map: HTMLElement, at: { clientX: number; clientY: number }): string | null {
  fireEvent.pointerMove(map, { ...at, pointerId: 9 });
  return screen.queryByTestId('map-tooltip')?.querySelector('strong')?.textContent ?? null;
}

describe('zooming and panning the map', () => {
  const mapOnly = () =>
    fakeApi({
      'discover:get-map': () => ({
        modelVersion: 'cnn1-x',
        algorithm: 'umap',
        cached: true,
        points: POINTS,
      }),
    });

  it('zooms about the pointer and still finds the track under it', async () => {
    const user = userEvent.setup();
    renderScreen(<DiscoverScreen />, mapOnly().api);
    const map = await screen.findByRole('application', { name: /Map of 5 tracks/ });
    expect(viewOf(map)).toEqual({ k: 1, x: 0, y: 0 });
    const before = drawnAt(map, 0);
    expect(hoverAt(map, before)).toBe('Track 1');
    // Tracks 1 and 3 are 11 px apart at first: a point 5 px beyond track 3 is hers.
    const three = drawnAt(map, 2);
    const beyond = { clientX: three.clientX + 5, clientY: three.clientY };
    expect(hoverAt(map, beyond)).toBe('Track 3');

    fireEvent.wheel(map, { ...before, deltaY: -250 });
    fireEvent.wheel(map, { ...before, deltaY: -250 });
    const zoomed = viewOf(map);
    expect(zoomed.k).toBeGreaterThan(2);
    // The point under the wheel stays put…
    expect(drawnAt(map, 0).clientX).toBeCloseTo(before.clientX, 3);
    expect(drawnAt(map, 0).clientY).toBeCloseTo(before.clientY, 3);
    expect(hoverAt(map, before)).toBe('Track 1');
    expect(screen.getByText(`${Math.round(zoomed.k * 100)} %`)).toBeTruthy();
    // …the others spread apart, and are found where they are drawn now, not where they were.
    expect(hoverAt(map, drawnAt(map, 2))).toBe('Track 3');
    expect(hoverAt(map, drawnAt(map, 1))).toBe('Track 2');
    expect(hoverAt(map, beyond)).toBeNull();
    expect(screen.queryByTestId('map-tooltip')).toBeNull();

    // A lasso drawn in the zoomed view selects by where the tracks are drawn.
    const [one, two] = [drawnAt(map, 0), drawnAt(map, 1)];
    const box = [
      [one.clientX - 8, one.clientY - 8],
      [two.clientX + 8, one.clientY - 8],
      [two.clientX + 8, two.clientY + 8],
      [one.clientX - 8, two.clientY + 8],
    ] as const;
    fireEvent.pointerDown(map, { clientX: box[0][0], clientY: box[0][1], pointerId: 1 });
    for (const [x, y] of box.slice(1)) {
      fireEvent.pointerMove(map, { clientX: x, clientY: y, pointerId: 1 });
    }
    fireEvent.pointerUp(map, { clientX: box[3][0], clientY: box[3][1], pointerId: 1 });
    expect(await screen.findByText('2 tracks selected')).toBeTruthy();

    // The buttons: zoom in and out by the same step; Reset view shows the whole map again.
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(viewOf(map).k).toBeCloseTo(zoomed.k * 1.5, 6);
    await user.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(viewOf(map).k).toBeCloseTo(zoomed.k, 6);
    await user.click(screen.getByRole('button', { name: 'Reset view' }));
    expect(viewOf(map)).toEqual({ k: 1, x: 0, y: 0 });
    expect(hoverAt(map, beyond)).toBe('Track 3');
    expect(await axeViolations()).toEqual([]);
  });

  it('pans by dragging in Pan mode, with Space held, with the middle button and by keys', async () => {
    const user = userEvent.setup();
    const harness = renderScreen(<DiscoverScreen />, mapOnly().api);
    const map = await screen.findByRole('application', { name: /Map of 5 tracks/ });
    map.focus();
    await user.keyboard('++');
    const zoomed = viewOf(map);
    expect(zoomed.k).toBeCloseTo(2.25, 6);
    // Zoomed about the centre: half the added size is off each side.
    expect(zoomed.x).toBeCloseTo(-300 * 1.25, 6);

    const drag = (from: [number, number], by: [number, number], extra = {}): void => {
      fireEvent.pointerDown(map, { clientX: from[0], clientY: from[1], pointerId: 2, ...extra });
      fireEvent.pointerMove(map, {
        clientX: from[0] + by[0],
        clientY: from[1] + by[1],
        pointerId: 2,
      });
      fireEvent.pointerUp(map, {
        clientX: from[0] + by[0],
        clientY: from[1] + by[1],
        pointerId: 2,
      });
    };
    const panel = within(screen.getByRole('group', { name: 'Dragging the mouse' }));
    await user.click(panel.getByRole('button', { name: 'Pan' }));
    expect(panel.getByRole('button', { name: 'Pan' }).getAttribute('aria-pressed')).toBe('true');
    drag([300, 200], [40, 200]);
    expect(viewOf(map)).toEqual({ k: zoomed.k, x: zoomed.x + 40, y: zoomed.y + 200 });
    // A drag that pans plays nothing and selects nothing.
    expect(harness.player.getState().queue).toEqual([]);
    expect(screen.queryByText(/tracks selected/)).toBeNull();
    expect(hoverAt(map, drawnAt(map, 2))).toBe('Track 3');

    // Back in Select mode, a plain drag draws a lasso; Space held or the middle button pans.
    await user.click(panel.getByRole('button', { name: 'Select' }));
    map.focus();
    const before = viewOf(map);
    fireEvent.keyDown(map, { key: ' ' });
    drag([300, 200], [-20, 10]);
    fireEvent.keyUp(map, { key: ' ' });
    expect(viewOf(map)).toEqual({ ...before, x: before.x - 20, y: before.y + 10 });
    drag([300, 200], [-20, 10], { button: 1 });
    expect(viewOf(map)).toEqual({ ...before, x: before.x - 40, y: before.y + 20 });

    // Shift+arrows pan by a step of the canvas; the view never leaves the map.
    const keyed = viewOf(map);
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(viewOf(map).x).toBeCloseTo(keyed.x + 0.15 * 600, 6);
    await user.keyboard('{Shift>}{ArrowLeft}{ArrowLeft}{ArrowLeft}{ArrowLeft}{/Shift}');
    expect(viewOf(map).x).toBe(0);
    expect(hoverAt(map, drawnAt(map, 0))).toBe('Track 1');

    // A pinch: two pointers moving apart zoom in about their midpoint.
    const k = viewOf(map).k;
    fireEvent.pointerDown(map, { clientX: 280, clientY: 200, pointerId: 3 });
    fireEvent.pointerDown(map, { clientX: 320, clientY: 200, pointerId: 4 });
    fireEvent.pointerMove(map, { clientX: 360, clientY: 200, pointerId: 4 });
    fireEvent.pointerUp(map, { clientX: 360, clientY: 200, pointerId: 4 });
    fireEvent.pointerUp(map, { clientX: 280, clientY: 200, pointerId: 3 });
    expect(viewOf(map).k).toBeCloseTo(k * 2, 6);

    // Arrows still walk beyond tracks, bringing the one reached into view; 0 resets.
    await user.keyboard('{ArrowRight}');
    const walked = screen.getByText(/^Track \d$/, { selector: '.map-info strong' }).textContent;
    const index = POINTS.findIndex((p) => p.title === walked);
    const at = drawnAt(map, index);
    expect(at.clientX).toBeGreaterThanOrEqual(0);
    expect(at.clientX).toBeLessThanOrEqual(600);
    expect(at.clientY).toBeGreaterThanOrEqual(0);
    expect(at.clientY).toBeLessThanOrEqual(400);
    await user.keyboard('0');
    expect(viewOf(map)).toEqual({ k: 1, x: 0, y: 0 });
    act(() => map.blur());
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
          entries: [4, 5].map((n) => ({
            ...row(n),
            score: 1,
            audio: 1,
            cf: null,
            why: 'x',
            reasons: [],
          })),
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
    expect(screen.getByText('Track 1', { selector: '.map-info strong' })).toBeTruthy();
    // The tooltip follows the keyboard too.
    expect(screen.getByTestId('map-tooltip').textContent).toBe('Track 1Bill Evans — Album 0');
    await user.keyboard('{ArrowRight}{Enter}');
    expect(harness.player.getState().queue.map((e) => e.track.title)).toEqual(['Track 2']);

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
