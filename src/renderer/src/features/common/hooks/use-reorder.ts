import { useRef, useState, type DragEvent, type KeyboardEvent, type RefObject } from 'react';

/** How a list is reordered: by dragging a row, by ↑/↓ on its handle, or by its buttons. */
export type Reorder = Readonly<{
  /** The `<ol>` whose `.drag-handle` buttons get the focus back after a keyboard move. */
  list: RefObject<HTMLOListElement | null>;
  /** Moves a row (ignored outside the list); `refocus` keeps the keyboard on its handle. */
  move: (from: number, to: number, refocus?: boolean) => void;
  onHandleKey: (event: KeyboardEvent, index: number) => void;
  startDrag: (index: number) => void;
  /** Whether a row of this list is being dragged (a drag from elsewhere is not ours). */
  dragging: () => boolean;
  drop: (event: DragEvent, index: number) => void;
  endDrag: () => void;
  /** What a screen reader is told after each change. */
  announcement: string;
  announce: (text: string) => void;
}>;

/**
 * One reordering mechanism for every list the person can rearrange (Up next, saved playlists),
 * so dragging, the handle's keys and the announcements behave alike. `apply` does the move.
 */
export function useReorder(
  items: readonly Readonly<{ title: string }>[],
  apply: (from: number, to: number) => void,
): Reorder {
  const dragged = useRef<number | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const [announcement, announce] = useState('');

  const move = (from: number, to: number, refocus = false): void => {
    if (to < 0 || to >= items.length || from === to) return;
    const title = items[from]?.title ?? '';
    apply(from, to);
    announce(`Moved “${title}” to position ${to + 1}.`);
    if (refocus) {
      requestAnimationFrame(() =>
        list.current?.querySelectorAll<HTMLElement>('.drag-handle')[to]?.focus(),
      );
    }
  };
  return {
    list,
    move,
    onHandleKey: (event, index) => {
      if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
      event.preventDefault();
      move(index, index + (event.key === 'ArrowUp' ? -1 : 1), true);
    },
    startDrag: (index) => {
      dragged.current = index;
    },
    dragging: () => dragged.current !== null,
    drop: (event, index) => {
      event.preventDefault();
      if (dragged.current !== null) move(dragged.current, index);
      dragged.current = null;
    },
    endDrag: () => {
      dragged.current = null;
    },
    announcement,
    announce,
  };
}
