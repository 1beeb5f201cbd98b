import { useRef, useState, type JSX } from 'react';
import type { HistoryImportReport } from '../../../../../shared/history-import';
import { useApi } from '../../../lib/api';
import { messageOf } from '../../common/errors';

/** Unmatched entries shown under a preview; the rest are counted. */
const UNMATCHED_SHOWN = 10;

type Picked = Readonly<{ text: string; fileName: string }>;

function summary(report: HistoryImportReport): string {
  const percent = (100 * report.matchRate).toFixed(1);
  const what = report.written ? 'added' : 'to add';
  return (
    `${report.entries} entries (${report.format}), ${report.matched} found in your library ` +
    `(${percent} %): ${report.events} plays and skips ${what}, ${report.duplicates} already known` +
    (report.loves + report.bans > 0 ? `, ${report.loves} loves and ${report.bans} bans.` : '.')
  );
}

/**
 * Import the listening history of another app (Last.fm, ListenBrainz, iTunes / Apple Music,
 * Rhythmbox): pick the file, see what matches, then import. The page reads the file and sends
 * its text; it never names a path.
 */
export function HistoryImportSettings(): JSX.Element {
  const api = useApi();
  const picker = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [report, setReport] = useState<HistoryImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<HistoryImportReport>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setReport(await work());
    } catch (caught) {
      setReport(null);
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const preview = async (file: File): Promise<void> => {
    const chosen = { text: await file.text(), fileName: file.name };
    setPicked(chosen);
    await run(() => api.history.previewImport(chosen));
  };

  return (
    <section className="card" aria-labelledby="history-import-title">
      <h3 id="history-import-title">Listening history from other apps</h3>
      <p className="muted">
        A Last.fm scrobble export (CSV or JSON), a ListenBrainz export, an iTunes or Apple Music
        Library.xml, or Rhythmbox&apos;s rhythmdb.xml. Songs are matched to your library by artist
        and title; importing the same file again adds nothing.
      </p>
      <button type="button" disabled={busy} onClick={() => picker.current?.click()}>
        Choose a history file…
      </button>
      <input
        ref={picker}
        type="file"
        accept=".csv,.json,.jsonl,.xml,.txt"
        aria-label="History file to import"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void preview(file);
        }}
      />
      {error !== null && (
        <p role="alert" className="error">
          {picked?.fileName ?? 'The file'} cannot be imported: {error}
        </p>
      )}
      {report !== null && (
        <div aria-live="polite">
          <p>{summary(report)}</p>
          {report.unmatchedCount > 0 && (
            <>
              <p className="muted">
                Not in your library: {report.unmatchedCount}
                {report.unmatchedCount > UNMATCHED_SHOWN ? `, the first ${UNMATCHED_SHOWN}:` : ':'}
              </p>
              <ul aria-label="Entries not in your library">
                {report.unmatched.slice(0, UNMATCHED_SHOWN).map((u) => (
                  <li key={`${u.entry}`}>
                    {u.artist} — {u.title} <span className="muted">(line {u.line})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {!report.written && picked !== null && (
            <button
              type="button"
              disabled={busy || report.events + report.loves + report.bans === 0}
              onClick={() => void run(() => api.history.importFile(picked))}
            >
              Import {report.events} plays and skips
            </button>
          )}
        </div>
      )}
    </section>
  );
}
