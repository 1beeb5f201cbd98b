// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Player } from '../../src/renderer/src/features/player/player';
import { Screens } from '../../src/renderer/src/features/screens/components/Screens';
import { fakeApi, renderInApp, row, silentAudio } from './renderer-harness';

afterEach(cleanup);

describe('keyboard shortcuts', () => {
  it('switch screens, play and pause, seek and change track, but never inside a field', async () => {
    const user = userEvent.setup();
    const rows = [row(1), row(2), row(3)];
    const fake = fakeApi({
      'library:list-tracks': () => ({ total: rows.length, offset: 0, rows }),
      'events:record': (arg) => ({ ...arg, session: 's', durationMs: 1000 }),
      'playlists:list-all': () => ({ playlists: [], damaged: [] }),
      'recommend:list-mixes': () => [],
    });
    const player = new Player(fake.api, silentAudio);
    const actions: string[] = [];
    player.toggle = () => void actions.push('toggle');
    player.seek = (seconds) => void actions.push(`seek ${seconds}`);
    player.next = () => void actions.push('next');
    player.previous = () => void actions.push('previous');
    renderInApp(<Screens revision={0} mode="web" />, fake.api, player);
    await screen.findAllByTestId('track-row');

    // Nothing plays yet: Space has nothing to do.
    await user.keyboard(' ');
    expect(actions).toEqual([]);
    player.playQueue(rows, 0);
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard(' {ArrowRight}{Control>}{ArrowRight}{ArrowLeft}{/Control}');
    expect(actions).toEqual(['toggle', 'seek 5', 'next', 'previous']);

    await user.click(screen.getByRole('searchbox', { name: 'Search the library' }));
    await user.keyboard(' {ArrowLeft}');
    expect(actions).toHaveLength(4);

    await user.keyboard('{Alt>}3{/Alt}');
    expect(screen.getByRole('button', { name: 'Playlists' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await user.keyboard('/');
    expect(screen.getByRole('button', { name: 'Library' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });
});
