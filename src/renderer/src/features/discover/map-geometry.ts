/** Geometry of the discover map: placing points in a canvas, finding the one under the pointer, lassos. */
import type { MapPoint } from '../../../../shared/api-contract-ui';

/** Margin around the points, in CSS pixels. */
export const MAP_PADDING = 16;

/** Pixel positions of points in a canvas of `width` × `height` (y grows downward). */
export function layout(points: readonly MapPoint[], width: number, height: number): Float32Array {
  const xy = new Float32Array(points.length * 2);
  const w = Math.max(1, width - 2 * MAP_PADDING);
  const h = Math.max(1, height - 2 * MAP_PADDING);
  // One scale for both axes, so distances mean the same across and up.
  const side = Math.min(w, h);
  const offsetX = MAP_PADDING + (w - side) / 2;
  const offsetY = MAP_PADDING + (h - side) / 2;
  points.forEach((p, i) => {
    xy[2 * i] = offsetX + p.x * side;
    xy[2 * i + 1] = offsetY + (1 - p.y) * side;
  });
  return xy;
}

/** A grid of cells over the canvas for finding the point nearest the pointer quickly. */
export class PointIndex {
  private readonly cells = new Map<number, number[]>();

  constructor(
    private readonly xy: Float32Array,
    private readonly cell = 16,
  ) {
    for (let i = 0; i < xy.length / 2; i++) {
      const key = this.key(xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0);
      const bucket = this.cells.get(key);
      if (bucket === undefined) this.cells.set(key, [i]);
      else bucket.push(i);
    }
  }

  /** The index of the point nearest (x, y) within `radius` pixels, or −1. */
  nearest(x: number, y: number, radius: number): number {
    let best = -1;
    let bestDistance = radius * radius;
    const reach = Math.ceil(radius / this.cell);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const i of this.cells.get(this.cellKey(cx + dx, cy + dy)) ?? []) {
          const d = ((this.xy[2 * i] ?? 0) - x) ** 2 + ((this.xy[2 * i + 1] ?? 0) - y) ** 2;
          if (d <= bestDistance) {
            best = i;
            bestDistance = d;
          }
        }
      }
    }
    return best;
  }

  private key(x: number, y: number): number {
    return this.cellKey(Math.floor(x / this.cell), Math.floor(y / this.cell));
  }

  private cellKey(cx: number, cy: number): number {
    return cx * 100_003 + cy;
  }
}

/** Whether (x, y) lies inside the polygon (even-odd rule). */
export function insidePolygon(
  x: number,
  y: number,
  polygon: readonly (readonly [number, number])[],
): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] ?? [0, 0];
    const [xj, yj] = polygon[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the points inside a lasso. */
export function lassoSelect(
  xy: Float32Array,
  polygon: readonly (readonly [number, number])[],
): number[] {
  if (polygon.length < 3) return [];
  const selected: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    if (insidePolygon(xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0, polygon)) selected.push(i);
  }
  return selected;
}

/**
 * The point to move to from `from` when an arrow key is pressed: the nearest one lying mostly in
 * that direction (within 45° of it), or `from` when there is none.
 */
export function step(xy: Float32Array, from: number, dx: number, dy: number): number {
  const x = xy[2 * from] ?? 0;
  const y = xy[2 * from + 1] ?? 0;
  let best = from;
  let bestDistance = Infinity;
  for (let i = 0; i < xy.length / 2; i++) {
    const vx = (xy[2 * i] ?? 0) - x;
    const vy = (xy[2 * i + 1] ?? 0) - y;
    const along = vx * dx + vy * dy;
    const across = Math.abs(vx * dy - vy * dx);
    if (i === from || along <= 0 || across > along) continue;
    const d = vx * vx + vy * vy;
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}
