import { ObjectQLError } from '../../kernel/errors.js'
import { AGGREGATE_FUNCTIONS } from '../../kernel/spec/query-ast.js'
import { modelFilter } from './spec-model-filter.js'
import { specCompare, specEqual } from './spec-model-order.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { AggregationNode, QueryAST } from '../../kernel/spec/query-ast.js'

/** What the aggregation needs to know about the object (see SpecModel). */
export interface ModelFields {
  /** Every field a query may name, or undefined for an undeclared (schemaless) object. */
  readonly names: ReadonlySet<string> | undefined
  readonly dateFields: ReadonlySet<string>
  readonly numericFields: ReadonlySet<string> | undefined
}

/**
 * `aggregate` as docs/SPEC.md (DRV-AGG-002..005, 007) reads, computed the long way: filter, find
 * each record's group by a linear search with deep equality, compute each function from the
 * list of non-null values, filter rows with `having`, order rows by their group values, then
 * by `orderBy`, then page. Sums add values in record order.
 */
export function modelAggregate(
  records: readonly DataRecord[],
  query: QueryAST,
  fields: ModelFields,
): Record<string, unknown>[] {
  const groupBy = [...(query.groupBy ?? [])]
  const aggregations = [...(query.aggregations ?? [])]
  validate(groupBy, aggregations, fields)
  const matches = modelFilter(query.where, fields.names, fields.dateFields)

  const groups: { values: unknown[]; members: DataRecord[] }[] = []
  if (groupBy.length === 0) groups.push({ values: [], members: [] })
  for (const record of records.filter(matches)) {
    const values = groupBy.map((field) => record[field] ?? null)
    let group = groups.find((g) => g.values.every((v, i) => specEqual(v, values[i])))
    if (group === undefined) {
      group = { values, members: [] }
      groups.push(group)
    }
    group.members.push(record)
  }
  groups.sort((a, b) => {
    for (let i = 0; i < groupBy.length; i++) {
      const order = specCompare(
        a.values[i],
        b.values[i],
        fields.dateFields.has(groupBy[i] as string),
      )
      if (order !== 0) return order
    }
    return 0
  })

  let rows = groups.map((group) => {
    const row: Record<string, unknown> = {}
    groupBy.forEach((field, i) => (row[field] = structuredClone(group.values[i])))
    for (const node of aggregations) row[node.alias] = compute(node, group.members, fields)
    return row
  })

  const rowNames = new Set([...groupBy, ...aggregations.map((node) => node.alias)])
  const rowDates = new Set(groupBy.filter((field) => fields.dateFields.has(field)))
  for (const node of aggregations) {
    if (
      (node.function === 'min' || node.function === 'max') &&
      fields.dateFields.has(node.field ?? '')
    ) {
      rowDates.add(node.alias)
    }
  }
  const having = modelFilter(query.having, rowNames, rowDates)
  rows = rows.filter(having)
  for (const key of [...(query.orderBy ?? [])].reverse()) {
    if (!rowNames.has(key.field))
      throw new ObjectQLError('INVALID_FIELD', `unknown field '${key.field}'`)
    const sign = key.order === 'desc' ? -1 : 1
    rows.sort((a, b) => sign * specCompare(a[key.field], b[key.field], rowDates.has(key.field)))
  }
  const start = query.offset ?? 0
  return rows.slice(start, query.limit === undefined ? undefined : start + query.limit)
}

function compute(
  node: AggregationNode,
  members: readonly DataRecord[],
  fields: ModelFields,
): unknown {
  if (node.field === undefined) return members.length
  const field = node.field
  let values: unknown[] = []
  for (const record of members)
    if (record[field] !== null && record[field] !== undefined) values.push(record[field])
  if (node.distinct === true || node.function === 'count_distinct') {
    const unique: unknown[] = []
    for (const value of values)
      if (!unique.some((seen) => specEqual(seen, value))) unique.push(value)
    values = unique
  }
  if (node.function === 'count' || node.function === 'count_distinct') return values.length
  if (values.length === 0) return null
  if (node.function === 'sum' || node.function === 'avg') {
    if (values.some((value) => typeof value !== 'number')) {
      throw new ObjectQLError('INVALID_QUERY', `${node.function} of '${field}' needs numbers`)
    }
    const sum = (values as number[]).reduce((total, value) => total + value, 0)
    return node.function === 'sum' ? sum : sum / values.length
  }
  const isDate = fields.dateFields.has(field)
  const sorted = [...values].sort((a, b) => specCompare(a, b, isDate))
  return structuredClone(node.function === 'min' ? sorted[0] : sorted[sorted.length - 1])
}

function validate(
  groupBy: readonly string[],
  aggregations: readonly AggregationNode[],
  fields: ModelFields,
): void {
  const known = (field: string): void => {
    if (fields.names !== undefined && !fields.names.has(field)) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field '${field}'`)
    }
  }
  groupBy.forEach(known)
  if (groupBy.length === 0 && aggregations.length === 0) {
    throw new ObjectQLError('INVALID_QUERY', 'aggregate needs aggregations or groupBy')
  }
  const aliases = new Set<string>(groupBy)
  for (const node of aggregations) {
    if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(node.function)) {
      throw new ObjectQLError('INVALID_QUERY', `unknown aggregate function '${node.function}'`)
    }
    if (aliases.has(node.alias) || node.alias === '') {
      throw new ObjectQLError('INVALID_QUERY', `alias '${node.alias}' is missing or taken`)
    }
    aliases.add(node.alias)
    if (node.field === undefined && node.function !== 'count') {
      throw new ObjectQLError('INVALID_QUERY', `${node.function} needs a field`)
    }
    if (node.field !== undefined) known(node.field)
    const numeric = fields.numericFields
    if (
      (node.function === 'sum' || node.function === 'avg') &&
      node.field !== undefined &&
      numeric !== undefined &&
      !numeric.has(node.field)
    ) {
      throw new ObjectQLError('INVALID_QUERY', `${node.function} needs a numeric field`)
    }
  }
}
