import { useState, type FormEvent, type JSX } from 'react';
import { useApi } from '../../../lib/api';
import { Modal } from '../../common/components/Modal';
import { messageOf } from '../../common/errors';
import { useAsync } from '../../common/hooks/use-async';
import { DialogFooter } from '../../common/components/DialogFooter';

/** Adds tracks to a saved playlist, or to a new one. */
export function AddToPlaylistDialog(
  props: Readonly<{
    trackIds: readonly string[];
    what: string;
    onDone: (message: string) => void;
    onClose: () => void;
  }>,
): JSX.Element {
  const api = useApi();
  const list = useAsync(() => api.playlists.listAll({}), [api]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const addTo = async (playlist: string, existing: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const before = existing ? await api.playlists.getPlaylist({ name: playlist }) : null;
      const trackIds = [...(before?.tracks.map((t) => t.id) ?? []), ...props.trackIds];
      await api.playlists.savePlaylist({
        name: playlist,
        kind: before?.kind ?? 'manual',
        trackIds,
      });
      props.onDone(`Added ${props.what} to “${playlist}”.`);
      props.onClose();
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };
  const create = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return setError('Give the new playlist a name.');
    if (list.value?.playlists.some((p) => p.name.toLowerCase() === trimmed.toLowerCase())) {
      return setError(`A playlist called “${trimmed}” exists: choose it above.`);
    }
    void addTo(trimmed, false);
  };

  return (
    <Modal title={`Add ${props.what} to a playlist`} onClose={props.onClose}>
      {list.value !== undefined && list.value.playlists.length > 0 && (
        <ul className="pick-list" aria-label="Saved playlists">
          {list.value.playlists.map((p) => (
            <li key={p.name}>
              <button type="button" disabled={busy} onClick={() => void addTo(p.name, true)}>
                <span>{p.name}</span> <span className="muted">{p.count} tracks</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="dialog-form" onSubmit={create}>
        <label className="field">
          <span>New playlist</span>
          <input
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Name"
          />
        </label>
        <DialogFooter error={error} onCancel={props.onClose}>
          <button type="submit" className="primary" disabled={busy}>
            Create and add
          </button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
