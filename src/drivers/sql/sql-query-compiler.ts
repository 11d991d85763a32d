import { ObjectQLError } from '../../kernel/errors.js'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterCondition, QueryAST, SortNode } from '../../kernel/spec/query-ast.js'
import { rewriteDateOperands } from './sql-date-operands.js'
import type { SqlDialect } from './sql-dialect.js'
import { filterShape, filterSql } from './sql-filter-compiler.js'
import type { FilterScope, ShapeCollector } from './sql-filter-compiler.js'
import type { ColumnModel, ObjectModel } from './sql-object-model.js'
import { rowDecoder } from './sql-row-decoder.js'
import type { RowDecoder } from './sql-row-decoder.js'
import { StatementCache, namesKey, placeholders, tableScope } from './sql-statement-cache.js'

/** SQL text, its bound values, and the columns a row of the result holds. */
export interface CompiledColumns {
  readonly sql: string
  readonly params: unknown[]
  readonly columns: readonly ColumnModel[]
}

/** A compiled record read: with the select list's SQL column names and its row decoder. */
export interface CompiledSelect extends CompiledColumns {
  /** The SQL column names of the select list, in order (see SqlSession.select). */
  readonly names: readonly string[]
  /** Turns a row (an array in select-list order) into a record; built once per shape. */
  readonly decode: RowDecoder
}

/** SQL text and bound values of a statement without typed result columns. */
export interface CompiledStatement {
  readonly sql: string
  readonly params: unknown[]
}

interface StatementTemplate {
  readonly sql: string
  readonly paging: readonly ('limit' | 'offset')[]
}

interface SelectTemplate extends StatementTemplate {
  readonly names: readonly string[]
  readonly decode: RowDecoder
}

interface ModelState {
  readonly scope: FilterScope
  /** Record reads (`select`), with their row decoders. */
  readonly selects: StatementCache<SelectTemplate>
  /** `count` and `distinct`. */
  readonly statements: StatementCache<StatementTemplate>
  /** Every column and its cache-key part: the projection of queries without `fields`. */
  readonly allColumns: readonly ColumnModel[]
  readonly allColumnsKey: string
}

/**
 * Compiles reads (`find`, `findOne`, `count`, `distinct`) of the canonical QueryAST into SQL.
 * Everything the caller can get wrong is checked before SQL exists: unknown fields
 * (`INVALID_FIELD`), non-canonical filters (`INVALID_FILTER`), bad sort keys and paging
 * (`INVALID_QUERY`). SQL text is cached per query shape; a repeated shape only walks the filter
 * to collect its values.
 */
export class SqlQueryCompiler {
  readonly #dialect: SqlDialect
  readonly #cacheSize: number
  readonly #models = new WeakMap<ObjectModel, ModelState>()

  constructor(dialect: SqlDialect, cacheSize: number) {
    this.#dialect = dialect
    this.#cacheSize = cacheSize
  }

  /** The filter scope and statement cache of a model (created on first use). */
  state(model: ObjectModel): ModelState {
    let state = this.#models.get(model)
    if (state === undefined) {
      const allColumns = projection(model, undefined)
      state = {
        scope: tableScope(model, this.#dialect),
        selects: new StatementCache(this.#cacheSize),
        statements: new StatementCache(this.#cacheSize),
        allColumns,
        allColumnsKey: namesKey(allColumns.map((c) => c.name)),
      }
      this.#models.set(model, state)
    }
    return state
  }

  /** `find` (and `findOne` when `id` is given: the id test is ANDed with `query.where`). */
  select(model: ObjectModel, query: Partial<QueryAST>, id?: string): CompiledSelect {
    const state = this.state(model)
    const columns = query.fields === undefined ? state.allColumns : projection(model, query.fields)
    let node = parseWhere(model, query.where)
    if (id !== undefined) node = withId(id, node)
    const orderBy = query.orderBy ?? []
    for (const sort of orderBy) checkSort(model, sort)
    if (query.distinct === true && !orderBy.every((s) => columns.some((c) => c.name === s.field))) {
      throw new ObjectQLError('INVALID_QUERY', 'with distinct, every sort field must be in fields')
    }
    const limit = pagingValue(query.limit, 'limit')
    const offset = pagingValue(query.offset, 'offset')
    const distinct = query.distinct === true
    const out: ShapeCollector = { key: 'S', params: [] }
    out.key +=
      columns === state.allColumns ? state.allColumnsKey : namesKey(columns.map((c) => c.name))
    out.key += `|${distinct ? 'D' : ''}|`
    if (node !== undefined) filterShape(node, state.scope, this.#dialect, out)
    out.key += '|'
    for (const sort of orderBy) out.key += `${sort.field.length}:${sort.field}${sort.order}`
    out.key += `|${limit === undefined ? '' : 'L'}${offset === undefined ? '' : 'O'}`
    const template =
      state.selects.get(out.key) ??
      state.selects.set(
        out.key,
        this.#selectTemplate(model, state.scope, columns, node, orderBy, limit, offset, distinct),
      )
    const params = out.params
    for (const part of template.paging) params.push(part === 'limit' ? limit : offset)
    return { sql: template.sql, params, columns, names: template.names, decode: template.decode }
  }

  /** `count(where)`. */
  count(model: ObjectModel, where: FilterCondition | undefined): CompiledStatement {
    const node = parseWhere(model, where)
    const state = this.state(model)
    const out: ShapeCollector = { key: 'C|', params: [] }
    if (node !== undefined) filterShape(node, state.scope, this.#dialect, out)
    let template = state.statements.get(out.key)
    if (template === undefined) {
      const q = (name: string): string => this.#dialect.quote(name)
      const whereSql = this.#whereSql(node, state.scope, placeholders(this.#dialect))
      const sql = `SELECT COUNT(*) AS ${q('n')} FROM ${q(model.table)}${whereSql}`
      template = state.statements.set(out.key, { sql, paging: [] })
    }
    return { sql: template.sql, params: out.params }
  }

  /** `distinct(field, where)`: each non-null value once, in spec order. */
  distinct(model: ObjectModel, field: string, where: FilterCondition | undefined): CompiledColumns {
    const column = model.columns.get(field)
    if (column === undefined) throw unknownField(model, field, 'distinct')
    const node = parseWhere(model, where)
    const state = this.state(model)
    const out: ShapeCollector = { key: `D${field.length}:${field}|`, params: [] }
    if (node !== undefined) filterShape(node, state.scope, this.#dialect, out)
    let template = state.statements.get(out.key)
    if (template === undefined) {
      const d = this.#dialect
      const c = d.quote(column.column)
      const g = d.groupable(c, column.storage)
      const ph = placeholders(d)
      const filter = node === undefined ? '' : ` AND ${filterSql(node, state.scope, d, ph)}`
      // GROUP BY rather than DISTINCT: PostgreSQL only sorts DISTINCT rows by selected
      // expressions, and the sort term adds COLLATE "C". JSON values are sorted by the caller.
      const order =
        column.storage === 'json' ? '' : ` ORDER BY ${d.orderTerm(c, column.storage, 'asc')}`
      const sql =
        `SELECT ${g} AS ${c} FROM ${d.quote(model.table)} WHERE ${c} IS NOT NULL${filter}` +
        ` GROUP BY ${g}${order}`
      template = state.statements.set(out.key, { sql, paging: [] })
    }
    return { sql: template.sql, params: out.params, columns: [column] }
  }

  #selectTemplate(
    model: ObjectModel,
    scope: FilterScope,
    columns: readonly ColumnModel[],
    node: FilterNode | undefined,
    orderBy: readonly SortNode[],
    limit: number | undefined,
    offset: number | undefined,
    distinct: boolean,
  ): SelectTemplate {
    const d = this.#dialect
    const ph = placeholders(d)
    const list = columns.map((c) => d.quote(c.column)).join(', ')
    let sql = `SELECT ${list} FROM ${d.quote(model.table)}${this.#whereSql(node, scope, ph)}`
    // DISTINCT rows are sorted outside: PostgreSQL only sorts DISTINCT by selected expressions.
    if (distinct)
      sql = `SELECT * FROM (${sql.replace('SELECT ', 'SELECT DISTINCT ')}) AS ${d.quote('d')}`
    if (orderBy.length > 0) {
      const terms = orderBy.map((sort) => {
        const column = model.columns.get(sort.field) as ColumnModel
        return d.orderTerm(d.quote(column.column), column.storage, sort.order)
      })
      sql += ` ORDER BY ${terms.join(', ')}`
    }
    const paging = d.paging(limit !== undefined, offset !== undefined, ph, orderBy.length > 0)
    if (paging.sql !== '') sql += ` ${paging.sql}`
    const names = columns.map((c) => c.column)
    return { sql, paging: paging.order, names, decode: rowDecoder(columns, d) }
  }

  #whereSql(node: FilterNode | undefined, scope: FilterScope, ph: () => string): string {
    return node === undefined ? '' : ` WHERE ${filterSql(node, scope, this.#dialect, ph)}`
  }
}

/** The canonical `where` as a tree, date operands of date fields in date terms. */
export function parseWhere(
  model: ObjectModel,
  where: FilterCondition | undefined,
): FilterNode | undefined {
  return rewriteDateOperands(toFilterNode(where, model.fieldNames), model.columns)
}

function withId(id: string, node: FilterNode | undefined): FilterNode {
  const idTest: FilterNode = { kind: 'compare', field: 'id', op: '$eq', value: id }
  return node === undefined ? idTest : { kind: 'and', children: [idTest, node] }
}

/** The columns a query returns: `fields` plus `id`, or every column. */
export function projection(
  model: ObjectModel,
  fields: readonly string[] | undefined,
): ColumnModel[] {
  if (fields === undefined)
    return model.columnNames.map((name) => model.columns.get(name) as ColumnModel)
  if (!Array.isArray(fields)) throw new ObjectQLError('INVALID_QUERY', '`fields` must be an array')
  const names = new Set<string>(['id'])
  for (const field of fields) {
    if (typeof field !== 'string') throw new ObjectQLError('INVALID_QUERY', 'fields are names')
    if (!model.columns.has(field)) throw unknownField(model, field, 'fields')
    names.add(field)
  }
  return [...names].map((name) => model.columns.get(name) as ColumnModel)
}

/** Checks one sort key. */
export function checkSort(model: ObjectModel, sort: SortNode): void {
  const column = model.columns.get(sort.field)
  if (column === undefined) throw unknownField(model, sort.field, 'orderBy')
  if (!column.orderable) {
    throw new ObjectQLError('INVALID_QUERY', `field '${sort.field}' holds JSON and cannot sort`, {
      details: { field: sort.field },
    })
  }
  if (sort.order !== 'asc' && sort.order !== 'desc') {
    throw new ObjectQLError('INVALID_QUERY', `sort order must be 'asc' or 'desc'`, {
      details: { field: sort.field, order: String(sort.order) },
    })
  }
}

/** A limit or offset: undefined, or a non-negative safe integer. */
export function pagingValue(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ObjectQLError('INVALID_QUERY', `${name} must be a non-negative integer`, {
      details: { [name]: typeof value === 'number' ? value : typeof value },
    })
  }
  return value
}

/** `INVALID_FIELD` for a name the object does not store. */
export function unknownField(model: ObjectModel, field: string, where: string): ObjectQLError {
  return new ObjectQLError(
    'INVALID_FIELD',
    `object '${model.name}' has no field '${field}' (in ${where})`,
    { details: { object: model.name, field } },
  )
}
