import type { CompiledAggregate } from './sql-aggregate-compiler.js'
import type { SqlRow } from './sql-connection.js'
import type { SqlDialect } from './sql-dialect.js'
import { decodeValue } from './sql-value-codec.js'

/**
 * One aggregate result row: group values keyed by field (null for the null group, which is a
 * group of its own), aggregations keyed by alias. Counts are numbers (PostgreSQL's bigint text
 * included), sums and averages numbers or null over no values, min/max typed like their field.
 */
export function decodeAggregateRow(
  row: SqlRow,
  compiled: CompiledAggregate,
  dialect: SqlDialect,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  compiled.groups.forEach((column, i) => {
    result[column.name] = decodeValue(row[`g${i}`], column, dialect) ?? null
  })
  compiled.aggregations.forEach((aggregation, i) => {
    const raw = row[`a${i}`]
    switch (aggregation.fn) {
      case 'count':
      case 'count_distinct':
        result[aggregation.alias] = Number(raw ?? 0)
        break
      case 'sum':
      case 'avg':
        result[aggregation.alias] = raw === null || raw === undefined ? null : Number(raw)
        break
      case 'min':
      case 'max':
        result[aggregation.alias] =
          aggregation.column === undefined
            ? null
            : (decodeValue(raw, aggregation.column, dialect) ?? null)
    }
  })
  return result
}
