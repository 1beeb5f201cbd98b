/**
 * The player's icons as inline SVG: glyphs such as ⏮ depend on the fonts a system has (a
 * headless browser has none of them), a path does not. Decorative: buttons carry the label.
 */
import type { JSX } from 'react';

const PATHS = {
  previous: 'M6 5h2v14H6zM20 5v14L9 12z',
  play: 'M7 5v14l12-7z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  next: 'M16 5h2v14h-2zM4 5v14l11-7z',
  stop: 'M6 6h12v12H6z',
} as const;

/** One icon, 18 px, in the current text colour. */
export function Icon(props: Readonly<{ name: keyof typeof PATHS }>): JSX.Element {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[props.name]} fill="currentColor" />
    </svg>
  );
}
