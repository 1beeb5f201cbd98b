import { useEffect, useRef, type JSX, type KeyboardEvent } from 'react';

/** One command of a context menu. */
export type MenuItem = Readonly<{ label: string; onSelect: () => void; disabled?: boolean }>;

/** Where a menu opens, in viewport pixels. */
export type MenuAnchor = Readonly<{ x: number; y: number }>;

/**
 * A context menu (WAI-ARIA menu pattern): focus moves to its first item, arrows move between
 * items, Enter or Space chooses, Escape, Tab or a click elsewhere closes it and gives the focus
 * back to where it was.
 */
export function ContextMenu(
  props: Readonly<{
    label: string;
    anchor: MenuAnchor;
    items: readonly MenuItem[];
    onClose: () => void;
  }>,
): JSX.Element {
  const menu = useRef<HTMLUListElement>(null);
  const { onClose } = props;

  // Focus goes back where the menu was opened from (a row of the library), so the keyboard
  // carries on there: Escape, a command, or a click elsewhere.
  useEffect(() => {
    const opener = document.activeElement;
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    menu.current
      ?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')
      ?.focus();
    const away = (event: MouseEvent): void => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);

  const move = (step: number): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[(at + step + items.length) % items.length]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => move(-(menu.current?.children.length ?? 0)),
      Escape: onClose,
      Tab: onClose,
    };
    const action = keys[event.key];
    if (action === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  // Kept inside the window: a menu opened near the right or bottom edge opens toward the middle.
  const style = {
    left: Math.min(props.anchor.x, window.innerWidth - 240),
    top: Math.min(props.anchor.y, window.innerHeight - 40 * props.items.length - 16),
  };
  return (
    <ul
      ref={menu}
      className="context-menu"
      role="menu"
      aria-label={props.label}
      style={style}
      onKeyDown={onKeyDown}
    >
      {props.items.map((item) => (
        <li
          key={item.label}
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled ? 'true' : undefined}
          onClick={() => {
            if (item.disabled) return;
            onClose();
            item.onSelect();
          }}
          onKeyDown={(event) => {
            if ((event.key === 'Enter' || event.key === ' ') && !item.disabled) {
              event.preventDefault();
              onClose();
              item.onSelect();
            }
          }}
        >
          {item.label}
        </li>
      ))}
    </ul>
  );
}
