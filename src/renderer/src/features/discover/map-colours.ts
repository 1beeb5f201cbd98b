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
  valueOf: (p: MapPoint, index: number) => string | null,
): Colouring {
  const values = points.map(valueOf);
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, PALETTE.length);
  const colourOf = new Map(top.map(([value], i) => [value, PALETTE[i] ?? OTHER_COLOUR]));
  const colours = values.map((v) => (v === null ? undefined : colourOf.get(v)) ?? OTHER_COLOUR);
  const legend: LegendEntry[] = top.map(([label, count], i) => ({
    label,
    count,
    colour: PALETTE[i] ?? OTHER_COLOUR,
  }));
  const rest = points.length - top.reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) legend.push({ label: 'everything else', colour: OTHER_COLOUR, count: rest });
  return { colours, legend };
}

/** A mix as colouring needs it: its name and the tracks of its playlist. */
export type MixMembers = Readonly<{ name: string; entries: readonly Readonly<{ id: string }>[] }>;

/**
 * The mix each point belongs to. A mix's playlist holds only its tracks nearest the mix's
 * centre, so a track in no playlist takes the mix whose playlist's centre on the map is
 * nearest: mixes are clusters by sound and the map places tracks by sound, so the nearest
 * centre on the map stands in for the nearest centre in the embedding, which the renderer
 * does not have. Null for every point when there are no mixes.
 */
export function nearestMix(
  points: readonly MapPoint[],
  mixes: readonly MixMembers[],
): (string | null)[] {
  const byId = new Map(points.map((p, i) => [p.id, i]));
  const member = new Map<string, string>();
  const centres: { name: string; x: number; y: number }[] = [];
  for (const mix of mixes) {
    let x = 0;
    let y = 0;
    let n = 0;
    for (const entry of mix.entries) {
      const p = points[byId.get(entry.id) ?? -1];
      if (p === undefined) continue;
      if (!member.has(p.id)) member.set(p.id, mix.name);
      x += p.x;
      y += p.y;
      n++;
    }
    if (n > 0) centres.push({ name: mix.name, x: x / n, y: y / n });
  }
  return points.map((p) => {
    const own = member.get(p.id);
    if (own !== undefined) return own;
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const c of centres) {
      const d = (c.x - p.x) ** 2 + (c.y - p.y) ** 2;
      if (d < bestDistance) {
        best = c.name;
        bestDistance = d;
      }
    }
    return best;
  });
}
