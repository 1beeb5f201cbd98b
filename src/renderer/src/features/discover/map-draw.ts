/** Drawing the discover map on a canvas: points batched by colour, the focus ring, the lasso. */
import { toScreen, type MapView } from './map-view';

/** Point indices sharing a colour, so each colour is one path and one fill. */
export type ColourBatches = ReadonlyMap<string, Int32Array>;

/** Groups point indices by their colour. */
export function batchByColour(colours: readonly string[], count: number): ColourBatches {
  const lists = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const colour = colours[i] ?? '#888';
    const list = lists.get(colour);
    if (list === undefined) lists.set(colour, [i]);
    else list.push(i);
  }
  return new Map([...lists].map(([colour, list]) => [colour, Int32Array.from(list)]));
}

/** Dot radius in CSS pixels: small for crowded maps, growing (up to 3×) as the view zooms in. */
export function dotRadius(count: number, zoom: number): number {
  const base = count > 20_000 ? 1.5 : count > 2_000 ? 2.5 : 3.5;
  return base * Math.min(3, Math.sqrt(zoom));
}

export type DrawOptions = Readonly<{
  width: number;
  height: number;
  xy: Float32Array;
  view: MapView;
  batches: ColourBatches;
  selected: ReadonlySet<number>;
  focused: number;
  lasso: readonly (readonly [number, number])[] | null;
  accent: string;
  ink: string;
}>;

/** Draws the whole map; points outside the canvas are skipped. */
export function drawMap(context: CanvasRenderingContext2D, o: DrawOptions): void {
  const count = o.xy.length / 2;
  const radius = dotRadius(count, o.view.k);
  const { k, x: ox, y: oy } = o.view;
  context.clearRect(0, 0, o.width, o.height);
  const dimming = o.selected.size > 0;
  // Tiny dots as squares: a rect is several times cheaper than an arc and looks the same.
  const square = radius < 2;
  for (const [colour, indices] of o.batches) {
    context.fillStyle = colour;
    for (const chosen of dimming ? [false, true] : [true]) {
      context.globalAlpha = chosen ? 0.9 : 0.25;
      context.beginPath();
      for (const i of indices) {
        if (dimming && o.selected.has(i) !== chosen) continue;
        const sx = (o.xy[2 * i] ?? 0) * k + ox;
        const sy = (o.xy[2 * i + 1] ?? 0) * k + oy;
        if (sx < -radius || sy < -radius || sx > o.width + radius || sy > o.height + radius) {
          continue;
        }
        if (square) context.rect(sx - radius, sy - radius, 2 * radius, 2 * radius);
        else {
          context.moveTo(sx + radius, sy);
          context.arc(sx, sy, radius, 0, 2 * Math.PI);
        }
      }
      context.fill();
    }
  }
  context.globalAlpha = 1;
  if (o.focused >= 0 && o.focused < count) {
    const [fx, fy] = toScreen(o.view, o.xy[2 * o.focused] ?? 0, o.xy[2 * o.focused + 1] ?? 0);
    context.strokeStyle = o.accent;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(fx, fy, radius + 5, 0, 2 * Math.PI);
    context.stroke();
  }
  if (o.lasso !== null && o.lasso.length > 1) {
    context.strokeStyle = o.ink;
    context.setLineDash([4, 4]);
    context.lineWidth = 1;
    context.beginPath();
    o.lasso.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
    context.closePath();
    context.stroke();
    context.setLineDash([]);
  }
}
