import type { Connection, Table } from '@lancedb/lancedb';
import { metaTable, readerOf } from './rows';
import { META_SCHEMA, TABLES } from './schema';
import { sqlString } from './sql';

/** Opens the key/value meta table, creating it empty on a fresh store. */
export async function openMetaTable(db: Connection): Promise<Table> {
  return db.createEmptyTable(TABLES.meta, META_SCHEMA, { mode: 'create', existOk: true });
}

/** The value stored under `key`, or null. */
export async function readMeta(meta: Table, key: string): Promise<string | null> {
  const result = await meta
    .query()
    .where(`key = ${sqlString(key)}`)
    .select(['value'])
    .limit(1)
    .toArrow();
  const value: unknown = result.numRows > 0 ? readerOf(result)('value', 0) : null;
  return typeof value === 'string' ? value : null;
}

/** Sets keys to values in one commit. */
export async function writeMeta(
  meta: Table,
  entries: readonly (readonly [string, string])[],
): Promise<void> {
  await meta
    .mergeInsert('key')
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute(metaTable(entries));
}
