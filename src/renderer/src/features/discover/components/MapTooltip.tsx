import type { JSX } from 'react';
import type { MapPoint } from '../../../../../shared/api-contract-ui';
import { toScreen, type MapView } from '../map-view';

/** Gap between a dot and its tooltip, in CSS pixels. */
const GAP = 12;

/**
 * The track under the pointer (or in keyboard focus), floating beside its dot and flipping to
 * the other side near the canvas's right and bottom edges. Hidden from screen readers: the
 * panel beside the map announces the same track.
 */
export function MapTooltip(
  props: Readonly<{
    point: MapPoint;
    /** The dot's laid-out position. */
    at: readonly [number, number];
    view: MapView;
    size: Readonly<{ width: number; height: number }>;
  }>,
): JSX.Element | null {
  const [x, y] = toScreen(props.view, props.at[0], props.at[1]);
  const { width, height } = props.size;
  if (x < 0 || y < 0 || x > width || y > height) return null;
  const left = x > width * 0.6 ? `calc(-100% - ${GAP}px)` : `${GAP}px`;
  const top = y > height * 0.7 ? `calc(-100% - ${GAP}px)` : `${GAP}px`;
  const { title, artist, album } = props.point;
  return (
    <div
      className="map-tooltip"
      aria-hidden="true"
      data-testid="map-tooltip"
      style={{ left: x, top: y, transform: `translate(${left}, ${top})` }}
    >
      <strong>{title}</strong>
      {(artist !== null || album !== null) && (
        <span>{[artist, album].filter(Boolean).join(' — ')}</span>
      )}
    </div>
  );
}
