import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { SqlDialect } from './sql-dialect.js'
import type { ColumnModel } from './sql-object-model.js'
import { valueDecoder } from './sql-value-codec.js'
import type { ValueDecoder } from './sql-value-codec.js'

/** Builds a record from a row given as an array of column values in select-list order. */
export type RowDecoder = (row: readonly unknown[]) => DataRecord

type DecoderFactory = (names: readonly string[], decoders: readonly ValueDecoder[]) => RowDecoder

/**
 * The decoder of one select list, compiled once per query shape. The records are those of
 * `decodeRow` (sql-record-codec.ts): NULL columns left out, keys in select-list order, each
 * value through its column's decoder.
 *
 * Why generated code: a loop over the columns stores every key through one shared property-store
 * site, which V8 turns megamorphic after a few keys; straight-line code with one store site per
 * column stays monomorphic, and decoded 100 rows of the bench object 3-4x faster in a
 * micro-benchmark. The generated text holds only column positions and local
 * names (`n0`, `d0`, ...): field names and decoders are passed in as values, so no metadata ever
 * becomes source text.
 */
export function rowDecoder(columns: readonly ColumnModel[], dialect: SqlDialect): RowDecoder {
  const names = columns.map((column) => column.name)
  const decoders = columns.map((column) => valueDecoder(column, dialect))
  let bindings = ''
  let body = ''
  for (let i = 0; i < columns.length; i++) {
    bindings += `const n${i} = names[${i}], d${i} = decoders[${i}]\n`
    body += `v = row[${i}]\nif (v !== null && v !== undefined) record[n${i}] = d${i}(v)\n`
  }
  const source = `${bindings}return function decodeRow(row) {\nconst record = {}\nlet v\n${body}return record\n}`
  // Compiled per shape, not per column count: V8 keeps property-store feedback per function
  // literal, so shapes sharing one generated function would make its stores megamorphic again.
  // The source is built above from integers only; nothing external is evaluated.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('names', 'decoders', source) as DecoderFactory
  return factory(names, decoders)
}
