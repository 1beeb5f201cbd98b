/**
 * Which tracks of the library list are selected, as positions in the sorted list: a click
 * selects one, Ctrl (⌘) + click adds or removes one, Shift + click or Shift + an arrow selects
 * the run from the anchor (the last one clicked). Pure; the grid keeps it in state.
 */

export type Selection = Readonly<{ indices: ReadonlySet<number>; anchor: number | null }>;

export const NO_SELECTION: Selection = { indices: new Set(), anchor: null };

/** How a click was made. */
export type ClickKeys = Readonly<{ shift: boolean; toggle: boolean }>;

function run(from: number, to: number): Set<number> {
  const indices = new Set<number>();
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) indices.add(i);
  return indices;
}

/** The selection after a click on the track at `index`. */
export function clicked(selection: Selection, index: number, keys: ClickKeys): Selection {
  if (keys.shift && selection.anchor !== null) {
    const range = run(selection.anchor, index);
    const indices = keys.toggle ? new Set([...selection.indices, ...range]) : range;
    return { indices, anchor: selection.anchor };
  }
  if (keys.toggle) {
    const indices = new Set(selection.indices);
    if (!indices.delete(index)) indices.add(index);
    return { indices, anchor: index };
  }
  return { indices: new Set([index]), anchor: index };
}

/** The run from the anchor to `index` (Shift + arrow keys). */
export function extended(selection: Selection, index: number): Selection {
  const anchor = selection.anchor ?? index;
  return { indices: run(anchor, index), anchor };
}

/** Every track of a list of `total`. */
export function everything(total: number): Selection {
  if (total <= 0) return NO_SELECTION;
  return { indices: run(0, total - 1), anchor: 0 };
}

/** The selected positions in list order. */
export function inOrder(selection: Selection): number[] {
  return [...selection.indices].sort((a, b) => a - b);
}
