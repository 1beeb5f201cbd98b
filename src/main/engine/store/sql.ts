/**
 * Quotes a value as an SQL string literal for LanceDB filters. Every filter built from data goes
 * through here: paths carry quotes, backslashes and any unicode, and LanceDB (DataFusion) string
 * literals only need the single quote doubled — backslashes are not escapes.
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A parenthesised list of quoted literals for `IN`; callers must not pass an empty list. */
export function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/** A number as an SQL literal; only finite numbers have one. */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`no SQL literal for ${value}`);
  return String(value);
}
