import type { JSX, ReactNode } from 'react';

/**
 * An empty or error state that says what happened and what to do next; errors are announced
 * to screen readers as alerts.
 */
export function Notice(
  props: Readonly<{ kind: 'empty' | 'error' | 'loading'; title: string; children?: ReactNode }>,
): JSX.Element {
  return (
    <div
      className={`state state-${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      aria-busy={props.kind === 'loading' ? true : undefined}
    >
      <p className="state-title">{props.title}</p>
      {props.children !== undefined && <div className="state-next">{props.children}</div>}
    </div>
  );
}
