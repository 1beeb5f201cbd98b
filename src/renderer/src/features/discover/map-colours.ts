/** Colouring the map by a tag: the most common values get a colour each, the rest share grey. */
import type { MapPoint } from '../../../../shared/api-contract-ui';

export const COLOUR_KEYS = ['artist', 'album', 'genre', 'mix'] as const;
export type ColourKey = (typeof COLOUR_KEYS)[number];

/** Tableau 10: distinct on dark and light backgrounds alike. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#8cd17d',
] as const;
export const OTHER_COLOUR = '#8a8f99';

/** One entry of the legend. */
export type LegendEntry = Readonly<{ label: string; colour: string; count: number }>;

/** A colour per point and the legend that explains them. */
export type Colouring = Readonly<{ colours: readonly string[]; legend: readonly LegendEntry[] }>;

/** Colours points by the value `valueOf` gives each (null: unknown). */
export function colourBy(
  points: readonly MapPoint[],
  valueOf: (p: MapPoint) => string | null,
): Colouring {
  const counts = new Map<string, number>();
  for (const p of points) {
    const v = valueOf(p);
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, PALETTE.length);
  const colourOf = new Map(top.map(([value], i) => [value, PALETTE[i] ?? OTHER_COLOUR]));
  const colours = points.map((p) => colourOf.get(valueOf(p) ?? '') ?? OTHER_COLOUR);
  const legend: LegendEntry[] = top.map(([label, count], i) => ({
    label,
    count,
    colour: PALETTE[i] ?? OTHER_COLOUR,
  }));
  const rest = points.length - top.reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) legend.push({ label: 'everything else', colour: OTHER_COLOUR, count: rest });
  return { colours, legend };
}
