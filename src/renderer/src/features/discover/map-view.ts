/**
 * The discover map's view: a zoom and a pan over the laid-out points (see map-geometry.ts),
 * `screen = layout × k + (x, y)`. Kept apart from the layout so the point index stays built
 * once per layout, and hit-testing maps the pointer back instead of re-indexing on every zoom.
 */

/** Zoom `k` and offset (x, y) in CSS pixels. */
export type MapView = Readonly<{ k: number; x: number; y: number }>;

/** The whole map in the canvas. */
export const HOME: MapView = { k: 1, x: 0, y: 0 };
/** Closest zoom: enough to pull apart tracks that sit on one pixel among 100,000. */
export const MAX_ZOOM = 64;
/** One step of the zoom keys and buttons. */
export const ZOOM_STEP = 1.5;
/** One step of the pan keys, as a share of the canvas. */
export const PAN_STEP = 0.15;

/** Where a laid-out point is drawn. */
export function toScreen(view: MapView, x: number, y: number): [number, number] {
  return [x * view.k + view.x, y * view.k + view.y];
}

/** The laid-out position under a point of the canvas. */
export function toLayout(view: MapView, x: number, y: number): [number, number] {
  return [(x - view.x) / view.k, (y - view.y) / view.k];
}

/**
 * Keeps the view within the map: never smaller than the canvas (zoom ≥ 1) and never panned
 * past the map's edges, so the map cannot be lost off screen.
 */
export function clampView(view: MapView, width: number, height: number): MapView {
  const k = Math.min(MAX_ZOOM, Math.max(1, view.k));
  const x = Math.min(0, Math.max(width - width * k, view.x));
  const y = Math.min(0, Math.max(height - height * k, view.y));
  return { k, x, y };
}

/** The view zoomed by `factor` about a canvas point, which stays where it is. */
export function zoomAt(
  view: MapView,
  px: number,
  py: number,
  factor: number,
  size: Readonly<{ width: number; height: number }>,
): MapView {
  const k = Math.min(MAX_ZOOM, Math.max(1, view.k * factor));
  const scale = k / view.k;
  return clampView(
    { k, x: px - (px - view.x) * scale, y: py - (py - view.y) * scale },
    size.width,
    size.height,
  );
}

/** The view moved by (dx, dy) canvas pixels. */
export function panBy(
  view: MapView,
  dx: number,
  dy: number,
  size: Readonly<{ width: number; height: number }>,
): MapView {
  return clampView({ k: view.k, x: view.x + dx, y: view.y + dy }, size.width, size.height);
}

/** The view moved as little as needed to bring a laid-out point inside the canvas (with a margin). */
export function reveal(
  view: MapView,
  x: number,
  y: number,
  size: Readonly<{ width: number; height: number }>,
  margin = 24,
): MapView {
  const [sx, sy] = toScreen(view, x, y);
  const dx = sx < margin ? margin - sx : sx > size.width - margin ? size.width - margin - sx : 0;
  const dy = sy < margin ? margin - sy : sy > size.height - margin ? size.height - margin - sy : 0;
  return dx === 0 && dy === 0 ? view : panBy(view, dx, dy, size);
}

/** The zoom factor of one wheel event: lines and pages count as 16 and 400 pixels. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaY * (deltaMode === 1 ? 16 : deltaMode === 2 ? 400 : 1);
  // Trackpad pinches arrive as small wheel deltas; a notch of a mouse wheel is about 100.
  return Math.exp(-Math.max(-300, Math.min(300, pixels)) * 0.002);
}
