// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrackDetails } from '../../src/shared/api-types';
import { TrackDetailsPanel } from '../../src/renderer/src/features/details/components/TrackDetailsPanel';
import {
  frequencyPosition,
  heatColour,
  hzToMel,
  timeSegments,
} from '../../src/renderer/src/features/details/spectrogram-scale';
import { fakeApi, renderScreen, row } from './renderer-harness';

afterEach(cleanup);

function details(): TrackDetails {
  const base = row(7, {
    title: 'Blue in Green',
    artist: 'Miles Davis',
    album: 'Kind of Blue',
    durationSec: 337,
  });
  const event = (minute: number, msPlayed: number, end: 'finished' | 'next') => ({
    track: base.id,
    session: 's1',
    startedAt: `2026-11-2${minute}T20:00:00Z`,
    msPlayed,
    durationMs: 337_000,
    end,
    source: { kind: 'library' as const },
  });
  return {
    track: {
      ...base,
      path: '/music/kind of blue/03.flac',
      sizeBytes: 31_457_280,
      hasArtwork: true,
      artworkError: null,
      error: null,
      modelVersion: 'cnn1-abc',
    },
    thumbnail: {
      bands: 64,
      frames: 4,
      base64: btoa(String.fromCharCode(...new Array(256).fill(128))),
    },
    neighbours: [
      {
        id: row(8).id,
        title: 'Flamenco Sketches',
        artist: 'Miles Davis',
        album: 'Kind of Blue',
        score: 0.91,
      },
      { id: row(9).id, title: 'Naima', artist: 'John Coltrane', album: 'Giant Steps', score: 0.74 },
    ],
    history: [
      { event: event(6, 337_000, 'finished'), signal: 'play' },
      { event: event(5, 9_000, 'next'), signal: 'skip' },
      { event: event(4, 300_000, 'finished'), signal: 'play' },
    ],
  };
}

describe('track details', () => {
  it('shows the spectrogram, tags, neighbours with scores and the history', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({ 'library:get-track-details': () => details() });
    let closed = false;
    const harness = renderScreen(
      <TrackDetailsPanel id={row(7).id} onClose={() => (closed = true)} />,
      fake.api,
    );
    expect(await screen.findByRole('heading', { name: 'Blue in Green' })).toBeTruthy();
    expect(
      screen.getByRole('img', {
        name: /Mel spectrogram of Blue in Green: three 8-second excerpts/,
      }),
    ).toBeTruthy();
    expect(screen.getByText('/music/kind of blue/03.flac')).toBeTruthy();
    expect(screen.getByText('30.0 MB')).toBeTruthy();
    const neighbours = screen.getByRole('list', { name: 'Tracks that sound like Blue in Green' });
    expect(within(neighbours).getByText('0.91')).toBeTruthy();
    expect(within(neighbours).getByRole('meter', { name: 'similarity 0.74' })).toBeTruthy();
    expect(screen.getByText('2 plays · 1 skip · 3 listens')).toBeTruthy();

    await user.click(within(neighbours).getByRole('button', { name: /Naima/ }));
    expect(harness.shown).toEqual([row(9).id]);
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(harness.player.getState().queue[0]?.track.title).toBe('Blue in Green');
    await user.keyboard('{Escape}');
    expect(closed).toBe(true);
  });

  it('says what failed when the track cannot be read', async () => {
    const fake = fakeApi({
      'library:get-track-details': () => {
        throw new Error('unknown track: 0000000000000007');
      },
    });
    renderScreen(<TrackDetailsPanel id={row(7).id} onClose={() => undefined} />, fake.api);
    expect(await screen.findByText('The track could not be read.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('unknown track');
  });
});

describe('spectrogram axes', () => {
  it('places frequencies on the Slaney mel scale of the analysis', () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 6);
    expect(hzToMel(500)).toBeCloseTo(7.5, 6);
    const positions = [250, 1000, 2000, 4000, 8000].map((hz) => frequencyPosition(hz, 64));
    for (let i = 1; i < positions.length; i++)
      expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? 1);
    expect(frequencyPosition(11_025, 64)).toBeGreaterThan(0.98);
    expect(frequencyPosition(0, 64)).toBe(0);
  });

  it('labels three excerpts for a long track and the whole of a short one', () => {
    const long = timeSegments(200);
    expect(long.map((s) => s.label)).toEqual(['at 25 %', 'at 50 %', 'at 75 %']);
    // The first excerpt is 8 s centred on 50 s: it starts at 0:46.
    expect(long[0]?.ticks[0]?.label).toBe('0:46');
    const short = timeSegments(20);
    expect(short).toHaveLength(1);
    expect(short[0]?.ticks.map((t) => t.label)).toEqual(['0:00', '0:05', '0:10', '0:15']);
    expect(heatColour(0)).toEqual([4, 4, 20]);
    expect(heatColour(255)).toEqual([252, 250, 190]);
  });
});
