/**
 * App-wide keys: Alt+1 … Alt+5 switch screens; "/" jumps to the library's search; Space plays or
 * pauses, ← and → seek 5 s, Ctrl+← and Ctrl+→ go to the previous and next track; M mutes, + and
 * − turn the volume up and down. Keys typed into a field, or that a focused control uses itself
 * (the map zooms with + and −), are left to it.
 */
import { useEffect } from 'react';
import type { Player } from '../../player/player';
import { SCREENS, type ScreenName } from './use-ui';

const SEEK_SECONDS = 5;
const VOLUME_STEP = 0.05;

/** Whether a key press belongs to a text field rather than to the app. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Whether the focused element uses Space or the arrows itself (buttons, menus, grids, the map). */
function usesKeys(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (isTyping(target) ||
      target.closest(
        'button, a, [role="grid"], [role="treegrid"], [role="menu"], [role="application"], [role="dialog"]',
      ) !== null)
  );
}

export function useShortcuts(go: (screen: ScreenName) => void, player: Player): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return;
      const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
      const screen =
        event.altKey && !event.ctrlKey && !event.metaKey
          ? SCREENS[Number(event.key) - 1]
          : undefined;
      const state = player.getState();
      const act = (action: () => void): void => {
        event.preventDefault();
        action();
      };
      if (screen !== undefined) return act(() => go(screen));
      if (isTyping(event.target)) return;
      if (event.key === '/' && plain) {
        return act(() => {
          go('library');
          requestAnimationFrame(() =>
            document.querySelector<HTMLInputElement>('input.search')?.focus(),
          );
        });
      }
      if ((event.ctrlKey || event.metaKey) && event.key === 'ArrowRight')
        return act(() => player.next());
      if ((event.ctrlKey || event.metaKey) && event.key === 'ArrowLeft')
        return act(() => player.previous());
      if (!plain || usesKeys(event.target)) return;
      if (event.key === 'm' || event.key === 'M') return act(() => player.toggleMute());
      if (event.key === '+' || event.key === '=')
        return act(() => player.setVolume(state.volume + VOLUME_STEP));
      if (event.key === '-') return act(() => player.setVolume(state.volume - VOLUME_STEP));
      if (state.index < 0) return;
      if (event.key === ' ') return act(() => player.toggle());
      if (event.key === 'ArrowRight')
        return act(() => player.seek(Math.min(state.duration, state.position + SEEK_SECONDS)));
      if (event.key === 'ArrowLeft')
        return act(() => player.seek(Math.max(0, state.position - SEEK_SECONDS)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, player]);
}
