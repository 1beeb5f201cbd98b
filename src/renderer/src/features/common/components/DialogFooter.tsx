import type { JSX, ReactNode } from 'react';

/**
 * The end of every dialog: the last failure (announced, so a screen reader hears why nothing
 * happened), then Cancel and the dialog's own action, in that order everywhere.
 */
export function DialogFooter(
  props: Readonly<{ error: string | null; onCancel: () => void; children: ReactNode }>,
): JSX.Element {
  return (
    <>
      {props.error !== null && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        {props.children}
      </div>
    </>
  );
}
