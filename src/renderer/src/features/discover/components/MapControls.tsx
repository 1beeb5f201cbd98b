import type { JSX } from 'react';
import { ZOOM_STEP } from '../map-view';

/** What dragging on the map does: draw a lasso, or move the view. */
export type DragMode = 'select' | 'pan';

/**
 * The map's view controls: what a drag does, zoom in and out, and back to the whole map. None
 * is ever disabled, so a button pressed to its limit keeps the keyboard focus.
 */
export function MapControls(
  props: Readonly<{
    mode: DragMode;
    onMode: (mode: DragMode) => void;
    zoom: number;
    onZoom: (factor: number) => void;
    onReset: () => void;
  }>,
): JSX.Element {
  const { mode, zoom } = props;
  return (
    <div className="map-controls" role="group" aria-label="Map view">
      <span className="segmented" role="group" aria-label="Dragging the mouse">
        <button
          type="button"
          aria-pressed={mode === 'select'}
          title="Drag to draw around tracks and select them"
          onClick={() => props.onMode('select')}
        >
          Select
        </button>
        <button
          type="button"
          aria-pressed={mode === 'pan'}
          title="Drag to move the map (or hold Space, or drag with the middle button)"
          onClick={() => props.onMode('pan')}
        >
          Pan
        </button>
      </span>
      <button
        type="button"
        aria-label="Zoom out"
        title="Zoom out (−)"
        onClick={() => props.onZoom(1 / ZOOM_STEP)}
      >
        −
      </button>
      <span className="map-zoom">
        <span className="visually-hidden">Zoom </span>
        {Math.round(zoom * 100)} %
      </span>
      <button
        type="button"
        aria-label="Zoom in"
        title="Zoom in (+ or the wheel)"
        onClick={() => props.onZoom(ZOOM_STEP)}
      >
        +
      </button>
      <button type="button" title="Show the whole map (0)" onClick={props.onReset}>
        Reset view
      </button>
    </div>
  );
}
