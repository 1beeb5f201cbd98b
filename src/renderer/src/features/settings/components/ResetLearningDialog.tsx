import { useState, type JSX } from 'react';
import { useApi } from '../../../lib/api';
import { Modal } from '../../common/components/Modal';
import { messageOf } from '../../common/errors';
import { DialogFooter } from '../../common/components/DialogFooter';

/** Asks before forgetting what listening taught Deepcut, and whether to keep the history. */
export function ResetLearningDialog(
  props: Readonly<{ onDone: (message: string) => void; onClose: () => void }>,
): JSX.Element {
  const api = useApi();
  const [keepEvents, setKeepEvents] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = async (): Promise<void> => {
    setBusy(true);
    try {
      const result = await api.learning.resetLearning({ keepEvents });
      props.onDone(
        keepEvents
          ? 'Learning reset; your listening history is kept and will be learned from again.'
          : `Learning reset and ${result.eventsRemoved} listening events deleted.`,
      );
      props.onClose();
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <Modal title="Reset what Deepcut learned?" onClose={props.onClose}>
      <p>
        Recommendations go back to sound alone until you listen again. Your music, library and
        playlists are not touched.
      </p>
      <fieldset className="choice">
        <legend>Your listening history (plays and skips)</legend>
        <label>
          <input
            type="radio"
            name="keep-events"
            checked={keepEvents}
            onChange={() => setKeepEvents(true)}
          />
          Keep it, and learn from it again
        </label>
        <label>
          <input
            type="radio"
            name="keep-events"
            checked={!keepEvents}
            onChange={() => setKeepEvents(false)}
          />
          Delete it too
        </label>
      </fieldset>
      <DialogFooter error={error} onCancel={props.onClose}>
        <button type="button" className="danger" disabled={busy} onClick={() => void reset()}>
          Reset learning
        </button>
      </DialogFooter>
    </Modal>
  );
}
