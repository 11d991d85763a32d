import { ObjectQLError } from '../../kernel/errors.js'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import { AGGREGATE_FUNCTIONS } from '../../kernel/spec/query-ast.js'
import type {
  AggregateFunction,
  AggregationNode,
  QueryAST,
  SortNode,
} from '../../kernel/spec/query-ast.js'
import type { SqlDialect } from './sql-dialect.js'
import { filterShape, filterSql } from './sql-filter-compiler.js'
import type { FilterScope, ScopedColumn, ShapeCollector } from './sql-filter-compiler.js'
import type { FilterNode } from '../../kernel/spec/filter-node.js'
import type { ColumnModel, ObjectModel } from './sql-object-model.js'
import { pagingValue, parseWhere, unknownField } from './sql-query-compiler.js'
import type { SqlQueryCompiler } from './sql-query-compiler.js'
import { namesKey, placeholders } from './sql-statement-cache.js'

/** One aggregation of a compiled query: its result key and how to read its value back. */
export interface CompiledAggregation {
  readonly alias: string
  readonly fn: AggregateFunction
  /** The aggregated column (min/max decode through it); undefined for `count(*)`. */
  readonly column: ColumnModel | undefined
}

/** A compiled `aggregate`: result columns are `g0..` (groups) and `a0..` (aggregations). */
export interface CompiledAggregate {
  readonly sql: string
  readonly params: unknown[]
  readonly groups: readonly ColumnModel[]
  readonly aggregations: readonly CompiledAggregation[]
  /**
   * Set when a sort key holds JSON (multi-value groups): the database cannot order those, so
   * the rows are sorted and paged in JavaScript (sql-spec-order.ts) instead.
   */
  readonly orderInJs: JsOrder | undefined
}

/** Ordering and paging left to JavaScript. */
export interface JsOrder {
  readonly sorts: readonly SortNode[]
  readonly limit: number | undefined
  readonly offset: number | undefined
}

const FUNCTIONS: ReadonlySet<string> = new Set(AGGREGATE_FUNCTIONS)

/**
 * Compiles `aggregate` (groupBy, aggregations, having, orderBy, paging) into one SQL statement:
 * grouping, aggregation and `having` all run in the database. Null is its own group (SQL GROUP
 * BY already does that); groups come back in spec order of their values unless `orderBy` says
 * otherwise.
 */
export class SqlAggregateCompiler {
  readonly #dialect: SqlDialect
  readonly #reads: SqlQueryCompiler

  constructor(dialect: SqlDialect, reads: SqlQueryCompiler) {
    this.#dialect = dialect
    this.#reads = reads
  }

  compile(model: ObjectModel, query: Partial<QueryAST>): CompiledAggregate {
    const d = this.#dialect
    const groupNames = [...(query.groupBy ?? [])]
    const groups = groupNames.map((name) => groupColumn(model, name))
    const nodes = query.aggregations ?? []
    const aggregations = nodes.map((node) => checkAggregation(model, node))
    const { scope, statements } = this.#reads.state(model)
    const having = havingScope(groups, aggregations, nodes, d)
    const where = parseWhere(model, query.where)
    const havingNode = toFilterNode(query.having, new Set(having.names))
    const orderBy = (query.orderBy ?? []).filter((sort) => {
      // The kernel appends `id asc` to find queries; it has no meaning for groups.
      return !(sort.field === 'id' && !groupNames.includes('id'))
    })
    for (const sort of orderBy) {
      if (!having.names.includes(sort.field)) {
        throw new ObjectQLError(
          'INVALID_QUERY',
          `an aggregate can only sort by a groupBy field or an aggregation alias, not '${sort.field}'`,
          { details: { field: sort.field } },
        )
      }
    }
    const limit = pagingValue(query.limit, 'limit')
    const offset = pagingValue(query.offset, 'offset')
    const sorts: readonly SortNode[] =
      orderBy.length > 0 ? orderBy : groupNames.map((field) => ({ field, order: 'asc' as const }))
    const inJs = sorts.some((sort) => having.scope.resolve(sort.field)?.column.storage === 'json')
    const out: ShapeCollector = { key: 'A', params: [] }
    out.key += `${namesKey(groupNames)}|`
    for (const node of nodes) {
      out.key += `${node.function}${node.distinct === true ? 'd' : ''}${namesKey([node.field ?? '*', node.alias])}`
    }
    out.key += '|'
    if (where !== undefined) filterShape(where, scope, d, out)
    out.key += '|'
    if (havingNode !== undefined) filterShape(havingNode, having.scope, d, out)
    out.key += '|'
    for (const sort of orderBy) out.key += `${sort.field.length}:${sort.field}${sort.order}`
    out.key += `|${limit === undefined ? '' : 'L'}${offset === undefined ? '' : 'O'}`
    const template =
      statements.get(out.key) ??
      statements.set(
        out.key,
        this.#template(model, scope, having, where, havingNode, sorts, inJs, limit, offset),
      )
    const params = out.params
    for (const part of template.paging) params.push(part === 'limit' ? limit : offset)
    const orderInJs = inJs ? { sorts, limit, offset } : undefined
    return { sql: template.sql, params, groups, aggregations, orderInJs }
  }

  #template(
    model: ObjectModel,
    scope: FilterScope,
    having: HavingScope,
    where: FilterNode | undefined,
    havingNode: FilterNode | undefined,
    sorts: readonly SortNode[],
    inJs: boolean,
    limit: number | undefined,
    offset: number | undefined,
  ): { sql: string; paging: readonly ('limit' | 'offset')[] } {
    const d = this.#dialect
    const ph = placeholders(d)
    const groupCount = having.groupCount
    const select = having.exprs.map(
      (expr, i) => `${expr} AS ${d.quote(i < groupCount ? `g${i}` : `a${i - groupCount}`)}`,
    )
    let sql = `SELECT ${select.join(', ')} FROM ${d.quote(model.table)}`
    if (where !== undefined) sql += ` WHERE ${filterSql(where, scope, d, ph)}`
    if (groupCount > 0) sql += ` GROUP BY ${having.exprs.slice(0, groupCount).join(', ')}`
    if (havingNode !== undefined) sql += ` HAVING ${filterSql(havingNode, having.scope, d, ph)}`
    if (inJs) return { sql, paging: [] }
    if (sorts.length > 0) {
      const terms = sorts.map((sort) => {
        const scoped = having.scope.resolve(sort.field) as ScopedColumn
        return d.orderTerm(scoped.expr, scoped.column.storage, sort.order)
      })
      sql += ` ORDER BY ${terms.join(', ')}`
    }
    const paging = d.paging(limit !== undefined, offset !== undefined, ph, sorts.length > 0)
    if (paging.sql !== '') sql += ` ${paging.sql}`
    return { sql, paging: paging.order }
  }
}

function groupColumn(model: ObjectModel, name: string): ColumnModel {
  const column = model.columns.get(name)
  if (column === undefined) throw unknownField(model, name, 'groupBy')
  return column
}

function checkAggregation(model: ObjectModel, node: AggregationNode): CompiledAggregation {
  if (!FUNCTIONS.has(node.function)) {
    throw new ObjectQLError(
      'INVALID_QUERY',
      `unknown aggregate function '${String(node.function)}'`,
    )
  }
  if (typeof node.alias !== 'string' || node.alias.length === 0) {
    throw new ObjectQLError('INVALID_QUERY', 'every aggregation needs an alias')
  }
  if (node.field === undefined) {
    if (node.function !== 'count') {
      throw new ObjectQLError('INVALID_QUERY', `${node.function} needs a field`)
    }
    return { alias: node.alias, fn: node.function, column: undefined }
  }
  const column = model.columns.get(node.field)
  if (column === undefined) throw unknownField(model, node.field, 'aggregations')
  const fn = node.function
  const numeric = fn === 'sum' || fn === 'avg'
  const bad =
    (numeric && column.storage !== 'number') ||
    ((fn === 'min' || fn === 'max') && !column.orderable)
  if (bad) {
    throw new ObjectQLError(
      'INVALID_QUERY',
      `${fn} does not apply to ${column.storage} field '${node.field}'`,
      { details: { field: node.field, function: fn } },
    )
  }
  return { alias: node.alias, fn, column }
}

interface HavingScope {
  readonly scope: FilterScope
  readonly names: readonly string[]
  /** SQL expressions: groups first, then aggregations. */
  readonly exprs: readonly string[]
  readonly groupCount: number
}

const NUMBER_COLUMN: Omit<ColumnModel, 'name' | 'column'> = {
  storage: 'number',
  multiple: false,
  textual: false,
  orderable: true,
  unique: false,
  index: false,
}

function havingScope(
  groups: readonly ColumnModel[],
  aggregations: readonly CompiledAggregation[],
  nodes: readonly AggregationNode[],
  d: SqlDialect,
): HavingScope {
  const entries = new Map<string, ScopedColumn>()
  const exprs: string[] = []
  for (const group of groups) {
    const expr = d.groupable(d.quote(group.column), group.storage)
    exprs.push(expr)
    entries.set(group.name, { expr, column: group })
  }
  aggregations.forEach((aggregation, i) => {
    if (entries.has(aggregation.alias)) {
      throw new ObjectQLError(
        'INVALID_QUERY',
        `aggregation alias '${aggregation.alias}' is also a group or another alias`,
      )
    }
    const column = aggregation.column
    const storage = column?.storage ?? 'number'
    const distinct = nodes[i]?.distinct === true || aggregation.fn === 'count_distinct'
    const counted = column === undefined ? '*' : d.quote(column.column)
    const expr = d.aggregate(
      aggregation.fn,
      distinct && column !== undefined ? d.groupable(counted, storage) : counted,
      storage,
      nodes[i]?.distinct === true,
    )
    exprs.push(expr)
    const keepsType = (aggregation.fn === 'min' || aggregation.fn === 'max') && column !== undefined
    const scoped: ColumnModel = keepsType
      ? { ...column, name: aggregation.alias }
      : { ...NUMBER_COLUMN, name: aggregation.alias, column: aggregation.alias }
    entries.set(aggregation.alias, { expr, column: scoped })
  })
  return {
    scope: { resolve: (name) => entries.get(name) },
    names: [...entries.keys()],
    exprs,
    groupCount: groups.length,
  }
}
