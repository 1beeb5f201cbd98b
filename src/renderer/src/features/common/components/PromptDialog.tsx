import { useState, type FormEvent, type JSX, type ReactNode } from 'react';
import { messageOf } from '../errors';
import { Modal } from './Modal';
import { DialogFooter } from './DialogFooter';

/**
 * Asks for one line of text (a name, a file path) and runs `onSubmit` with it; the dialog stays
 * open with the error shown when that fails, so nothing typed is lost.
 */
export function PromptDialog(
  props: Readonly<{
    title: string;
    label: string;
    initial?: string;
    placeholder?: string;
    submitLabel: string;
    hint?: ReactNode;
    /** Extra controls between the field and the buttons (a checkbox, say). */
    extra?: ReactNode;
    onSubmit: (value: string) => Promise<void>;
    onClose: () => void;
  }>,
): JSX.Element {
  const [value, setValue] = useState(props.initial ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (value.trim() === '') return setError(`${props.label} is needed.`);
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(value.trim());
      props.onClose();
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>{props.label}</span>
          <input
            type="text"
            value={value}
            placeholder={props.placeholder}
            data-autofocus
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
        {props.hint !== undefined && <p className="hint">{props.hint}</p>}
        {props.extra}
        <DialogFooter error={error} onCancel={props.onClose}>
          <button type="submit" className="primary" disabled={busy}>
            {props.submitLabel}
          </button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
