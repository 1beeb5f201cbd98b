// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryImportReport } from '../../src/shared/history-import';
import { HistoryImportSettings } from '../../src/renderer/src/features/settings/components/HistoryImportSettings';
import { fakeApi, renderScreen } from './renderer-harness';

afterEach(cleanup);

const report = (written: boolean): HistoryImportReport => ({
  format: 'lastfm-csv',
  entries: 4,
  matched: 3,
  matchRate: 0.75,
  unmatched: [
    { entry: 4, line: 5, artist: 'Someone Else', title: 'Not Here', reason: 'not in the library' },
  ],
  unmatchedCount: 1,
  events: 3,
  duplicates: 0,
  loves: 0,
  bans: 0,
  written,
  seconds: 0.1,
});

describe('the history import in Settings', () => {
  it('sends the picked file\u2019s text, shows the preview and the match rate, then imports', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({
      'history:preview-import': () => report(false),
      'history:import-file': () => report(true),
    });
    renderScreen(<HistoryImportSettings />, fake.api);
    const text = 'uts,artist,album,track\n1764500000,Radiohead,OK Computer,Airbag\n';
    await user.upload(
      screen.getByLabelText('History file to import'),
      new File([text], 'scrobbles.csv'),
    );
    expect(
      await screen.findByText(/4 entries \(lastfm-csv\), 3 found in your library \(75\.0 %\)/),
    ).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Entries not in your library' }).textContent).toMatch(
      /Someone Else — Not Here \(line 5\)/,
    );
    expect(fake.callsTo('history:preview-import')).toEqual([{ text, fileName: 'scrobbles.csv' }]);
    expect(fake.callsTo('history:import-file')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Import 3 plays and skips' }));
    expect(await screen.findByText(/3 plays and skips added/)).toBeTruthy();
    expect(fake.callsTo('history:import-file')).toEqual([{ text, fileName: 'scrobbles.csv' }]);
  });

  it('says why a file cannot be imported', async () => {
    const user = userEvent.setup();
    const fake = fakeApi({
      'history:preview-import': () => {
        throw new Error('scrobbles.csv (lastfm-csv): line 3: no date that can be read');
      },
    });
    renderScreen(<HistoryImportSettings />, fake.api);
    await user.upload(screen.getByLabelText('History file to import'), new File(['x'], 'bad.csv'));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /bad\.csv cannot be imported: .*line 3/,
    );
  });
});
