import { useState, type FormEvent, type JSX } from 'react';
import type { AppMode } from '../../../../shared/api-types';
import { ApiCallError, useApi } from '../../lib/api';

/**
 * The first screen: pick a music folder (the native dialog in the app, a path field in the
 * browser, where a page cannot see the disk), add it to the library and start the scan.
 */
export function FirstRun(
  props: Readonly<{ mode: AppMode; onAdded: (folder: string) => Promise<void> }>,
): JSX.Element {
  const api = useApi();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (folder: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await props.onAdded(folder);
    } catch (caught) {
      setError(caught instanceof ApiCallError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  const choose = async (): Promise<void> => {
    const { path: chosen } = await api.dialog.chooseFolder({});
    if (chosen !== null) await add(chosen);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (path.trim() !== '') void add(path.trim());
  };

  return (
    <main className="first-run">
      <h2>Welcome to Deepcut</h2>
      <p>
        Choose the folder that holds your music. Deepcut reads the files (never changes them),
        listens to each track and learns what sounds alike. Nothing leaves this computer.
      </p>
      {props.mode === 'electron' ? (
        <button type="button" className="primary" onClick={() => void choose()} disabled={busy}>
          Choose music folder…
        </button>
      ) : (
        <form onSubmit={submit} className="folder-form">
          <label htmlFor="folder-path">Music folder (full path)</label>
          <input
            id="folder-path"
            type="text"
            value={path}
            placeholder="/home/you/Music"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setPath(event.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || path.trim() === ''}>
            Add folder and scan
          </button>
        </form>
      )}
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
