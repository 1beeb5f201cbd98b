import type { Table as ArrowTable } from './arrow';

/**
 * Whole-column reads for scans over every row (knownFiles at 100k tracks). Arrow's own getters
 * decode one string per TextDecoder call and look up the chunk on every access; slicing the
 * column's UTF-8 buffer with Buffer.toString measured about three times faster.
 */

/** Every value of a Utf8 column, null where the row is null; [] when the column is absent. */
export function stringColumn(table: ArrowTable, name: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (const data of table.getChild(name)?.data ?? []) {
    const offsets: unknown = data.valueOffsets;
    const values: unknown = data.values;
    if (!(offsets instanceof Int32Array) || !(values instanceof Uint8Array)) {
      throw new Error(`column ${name} is not Utf8`);
    }
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < data.length; i++) {
      const valid = data.nullCount === 0 || data.getValid(i);
      out.push(valid ? bytes.toString('utf8', offsets[i], offsets[i + 1]) : null);
    }
  }
  return out;
}

/** Every value of a non-null numeric column. */
export function numberColumn(table: ArrowTable, name: string): number[] {
  const column = table.getChild(name);
  return column ? Array.from(column.toArray() as ArrayLike<number>) : [];
}

/** Every value of a numeric column, null where the row is null; [] when the column is absent. */
export function nullableNumberColumn(table: ArrowTable, name: string): (number | null)[] {
  const out: (number | null)[] = [];
  for (const data of table.getChild(name)?.data ?? []) {
    const values = data.values as ArrayLike<number>;
    for (let i = 0; i < data.length; i++) {
      const valid = data.nullCount === 0 || data.getValid(i);
      out.push(valid ? Number(values[i]) : null);
    }
  }
  return out;
}
