import { useState, type FormEvent, type JSX } from 'react';
import type { FolderState } from '../../../../../shared/api-contract-player';
import type { AppMode } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { messageOf } from '../../common/errors';
import { useAsync } from '../../common/hooks/use-async';
import { useUi } from '../../screens/hooks/use-ui';
import { useSettings } from '../settings-store';

/** What is said under a folder that is not as it should be. */
function folderNote(state: FolderState | undefined, watching: boolean): string | null {
  if (state === undefined) return null;
  if (!state.present) {
    return 'Not there now (a drive unplugged?): its tracks stay in the library until it is back.';
  }
  if (watching && state.problem !== null) return `Not watched: ${state.problem}.`;
  return null;
}

/**
 * The music folders: add (typed, or chosen in the desktop app) and scan, remove, rescan all,
 * and whether they watch themselves, with a word under any folder that is missing or unwatched.
 */
export function FoldersSettings(
  props: Readonly<{ mode: AppMode; folders: readonly string[] | undefined; onChanged: () => void }>,
): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const [store, settings] = useSettings();
  const states = useAsync(() => api.library.getFolderStates({}), [api, ui.revision]);
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const watching = settings?.watchFolders ?? true;

  const act = async (work: () => Promise<unknown>, done: string): Promise<void> => {
    setError(null);
    try {
      await work();
      ui.notify(done);
      props.onChanged();
      states.reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const addFolder = (path: string): Promise<void> =>
    act(async () => {
      await api.library.addFolder({ path });
      await api.scan.start({ folders: [path] });
      setFolder('');
    }, `Added ${path}; scanning it now.`);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (folder.trim() === '') setError('Type the full path of a music folder.');
    else void addFolder(folder.trim());
  };
  const choose = async (): Promise<void> => {
    const { path } = await api.dialog.chooseFolder({});
    if (path !== null) await addFolder(path);
  };
  const byPath = new Map(states.value?.map((s) => [s.path, s]));

  return (
    <section className="card" aria-labelledby="folders-title">
      <h3 id="folders-title">Music folders</h3>
      <p className="muted">Deepcut only reads these folders; it never changes your files.</p>
      <ul className="folder-list">
        {props.folders?.map((f) => {
          const note = folderNote(byPath.get(f), watching);
          return (
            <li key={f}>
              <span className="folder-entry">
                <code>{f}</code>
                {note !== null && <span className="folder-note">{note}</span>}
              </span>
              <button
                type="button"
                aria-label={`Remove ${f} from the library`}
                onClick={() =>
                  void act(() => api.library.removeFolder({ path: f }), `Removed ${f}.`)
                }
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {props.folders?.length === 0 && <p className="muted">No folders yet: add one below.</p>}
      <label className="switch">
        <input
          type="checkbox"
          checked={watching}
          disabled={settings === null}
          onChange={(event) =>
            void act(
              () => store.update({ watchFolders: event.target.checked }),
              event.target.checked
                ? 'Watching the music folders: changes appear within seconds.'
                : 'No longer watching: use Rescan all after changing your music.',
            )
          }
        />
        Pick up files added, changed or removed as it happens
      </label>
      <form className="inline-form" onSubmit={submit}>
        <label className="field">
          <span>Add a folder</span>
          <input
            type="text"
            value={folder}
            placeholder="/home/you/Music"
            onChange={(event) => setFolder(event.target.value)}
          />
        </label>
        <button type="submit">Add and scan</button>
        {props.mode === 'electron' && (
          <button type="button" onClick={() => void choose()}>
            Choose…
          </button>
        )}
        <button
          type="button"
          onClick={() => void act(() => api.scan.start({}), 'Rescanning the library.')}
        >
          Rescan all
        </button>
      </form>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
