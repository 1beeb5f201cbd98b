/**
 * The apache-arrow classes the store builds tables with. LanceDB is CommonJS and checks
 * `instanceof` against the CommonJS build of apache-arrow; an ESM import is a second module
 * instance whose tables it rejects ("schemas must be equivalent"). So the store takes its Arrow
 * from the same CommonJS build.
 */
import { createRequire } from 'node:module';
import type * as ArrowModule from 'apache-arrow';

const arrow = createRequire(import.meta.url)('apache-arrow') as typeof ArrowModule;

export const {
  Binary,
  Bool,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  vectorFromArray,
} = arrow;

export type Data = ArrowModule.Data;
export type Schema = ArrowModule.Schema;
export type Table = ArrowModule.Table;
export type Field = ArrowModule.Field;
export type FixedSizeList<T extends ArrowModule.DataType = ArrowModule.DataType> =
  ArrowModule.FixedSizeList<T>;
export type Float32 = ArrowModule.Float32;
