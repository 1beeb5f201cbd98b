import { useState, type FormEvent, type JSX } from 'react';
import type { TrackRow } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { Modal } from '../../common/components/Modal';
import { useAsync } from '../../common/hooks/use-async';

/** Chooses where a path from `from` should lead, and in how many steps. */
export function PathDialog(
  props: Readonly<{
    from: Readonly<{ id: string; title: string }>;
    onChoose: (to: TrackRow, steps: number) => void;
    onClose: () => void;
  }>,
): JSX.Element {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [steps, setSteps] = useState(12);
  const found = useAsync(
    () => api.library.listTracks({ search, limit: 30, sort: 'title' }),
    [api, search],
  );
  const rows = (found.value?.rows ?? []).filter(
    (r) => r.id !== props.from.id && r.status === 'analysed',
  );
  const submit = (event: FormEvent): void => event.preventDefault();

  return (
    <Modal title={`Path from “${props.from.title}” to…`} onClose={props.onClose} wide>
      <form className="dialog-form" onSubmit={submit}>
        <label className="field">
          <span>Find the track to end on</span>
          <input
            type="search"
            value={search}
            data-autofocus
            placeholder="Title, artist or album"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label className="field field-inline">
          <span>Tracks in the path</span>
          <input
            type="number"
            min={3}
            max={50}
            value={steps}
            onChange={(event) =>
              setSteps(Math.max(3, Math.min(50, Number(event.target.value) || 12)))
            }
          />
        </label>
      </form>
      {found.error !== null && (
        <p className="error" role="alert">
          {found.error}
        </p>
      )}
      <ul className="pick-list" aria-label="Tracks to end on">
        {rows.map((row) => (
          <li key={row.id}>
            <button type="button" onClick={() => props.onChoose(row, steps)}>
              <span>{row.title}</span>
              <span className="muted"> {[row.artist, row.album].filter(Boolean).join(' — ')}</span>
            </button>
          </li>
        ))}
        {!found.loading && rows.length === 0 && (
          <li className="muted">No analysed track matches “{search}”.</li>
        )}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
