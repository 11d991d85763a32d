import { ObjectQLError } from '../../kernel/errors.js'
import type { CompareNode, FilterNode } from '../../kernel/spec/filter-node.js'
import type { CanonicalOperator, FilterValue } from '../../kernel/spec/query-ast.js'
import { FALSE_SQL, TRUE_SQL } from './sql-dialect.js'
import type { SqlDialect, TextMatchOp } from './sql-dialect.js'
import type { ColumnModel } from './sql-object-model.js'
import { TAGGED_STRING_PREFIX } from './sql-text-codec.js'
import { encodeOperand, textIn } from './sql-value-codec.js'

/**
 * Canonical filter -> SQL, in two walks over the same tree so that SQL text is built once per
 * query shape: {@link filterShape} runs on every call (it checks the operators, encodes the
 * operands and describes the shape as a cache key); {@link filterSql} runs only when that key is
 * new, and emits placeholders in exactly the order {@link filterShape} collected the values.
 *
 * Every leaf compiles to a condition that is TRUE exactly when the spec says the record matches
 * and FALSE or NULL otherwise; AND/OR keep that property under SQL's three-valued logic (NULL
 * behaves like FALSE), and `$not` turns NULL into FALSE before negating (`dialect.not`), so the
 * complement is exact also for null values (DRV-FLT-007).
 */

/** How a filter names its operands: fields of a table, or groups and aliases in `having`. */
export interface FilterScope {
  /** The SQL expression and column model of a name, or undefined when the name is unknown. */
  resolve(name: string): ScopedColumn | undefined
}

/** A name resolved by a {@link FilterScope}. */
export interface ScopedColumn {
  readonly expr: string
  readonly column: ColumnModel
}

/** Output of {@link filterShape}: cache key parts and bound values, in placeholder order. */
export interface ShapeCollector {
  key: string
  readonly params: unknown[]
}

const RANGE_SQL: Partial<Record<CanonicalOperator, string>> = {
  $gt: '>',
  $gte: '>=',
  $lt: '<',
  $lte: '<=',
}

/**
 * Checks a filter against its scope, collects its bound values and appends its shape to the key.
 *
 * @throws ObjectQLError `INVALID_FILTER` for an operator the field's storage cannot answer or an
 *   operand of the wrong type; `INVALID_FIELD` for a name outside the scope.
 */
export function filterShape(
  node: FilterNode,
  scope: FilterScope,
  dialect: SqlDialect,
  out: ShapeCollector,
): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      out.key += node.kind === 'and' ? '(&' : '(|'
      for (const child of node.children) filterShape(child, scope, dialect, out)
      out.key += ')'
      return
    case 'not':
      out.key += '(!'
      filterShape(node.child, scope, dialect, out)
      out.key += ')'
      return
    case 'compare':
      compareShape(node, resolveOrThrow(scope, node.field), dialect, out)
  }
}

/** Renders the SQL of a filter whose shape {@link filterShape} accepted. */
export function filterSql(
  node: FilterNode,
  scope: FilterScope,
  dialect: SqlDialect,
  placeholder: () => string,
): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.children.map((child) => filterSql(child, scope, dialect, placeholder))
      return `(${parts.join(node.kind === 'and' ? ' AND ' : ' OR ')})`
    }
    case 'not':
      return dialect.not(filterSql(node.child, scope, dialect, placeholder))
    case 'compare':
      return compareSql(node, resolveOrThrow(scope, node.field), dialect, placeholder)
  }
}

function compareShape(
  node: CompareNode,
  scoped: ScopedColumn,
  dialect: SqlDialect,
  out: ShapeCollector,
): void {
  const { column } = scoped
  const { op, value } = node
  checkApplicable(column, op)
  out.key += `${node.field.length}:${node.field}${op}`
  switch (op) {
    case '$null':
      out.key += value === true ? 'T' : 'F'
      return
    case '$in':
    case '$nin': {
      const list = listOf(node)
      out.key += `${list.values.length}${list.hasNull ? 'n' : ''}`
      for (const item of list.values) out.params.push(encodeOperand(item, column, dialect))
      return
    }
    case '$contains':
    case '$notContains':
    case '$startsWith':
    case '$endsWith': {
      if (typeof value !== 'string') throw operandError(node, 'a string')
      if (column.multiple) {
        out.params.push(dialect.arrayContainsParam(value))
        return
      }
      const prefix = column.storage === 'tagged' ? TAGGED_STRING_PREFIX : ''
      const matchOp: TextMatchOp = op === '$notContains' ? '$contains' : op
      out.params.push(...dialect.textMatchParams(matchOp, textIn(dialect)(value), prefix))
      return
    }
    default:
      if (value === null || Array.isArray(value)) throw operandError(node, 'a non-null scalar')
      out.params.push(encodeOperand(value, column, dialect))
  }
}

function compareSql(
  node: CompareNode,
  scoped: ScopedColumn,
  dialect: SqlDialect,
  placeholder: () => string,
): string {
  const c = scoped.expr
  const storage = scoped.column.storage
  switch (node.op) {
    case '$eq':
      return `${c} = ${placeholder()}`
    case '$ne':
      return `(${c} IS NULL OR ${c} <> ${placeholder()})`
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return `${dialect.compared(c, storage)} ${RANGE_SQL[node.op] ?? '='} ${placeholder()}`
    case '$null':
      return node.value === true ? `${c} IS NULL` : `${c} IS NOT NULL`
    case '$in':
    case '$nin':
      return listSql(node, c, placeholder)
    case '$contains':
      if (scoped.column.multiple) return dialect.arrayContains(c, placeholder)
      return dialect.textMatch(c, node.op, storage === 'tagged', placeholder)
    case '$startsWith':
    case '$endsWith':
      return dialect.textMatch(c, node.op, storage === 'tagged', placeholder)
    case '$notContains': {
      const match = scoped.column.multiple
        ? dialect.arrayContains(c, placeholder)
        : dialect.textMatch(c, '$contains', storage === 'tagged', placeholder)
      return `(${c} IS NULL OR NOT (${match}))`
    }
  }
}

function listSql(node: CompareNode, c: string, placeholder: () => string): string {
  const { values, hasNull } = listOf(node)
  const inList = values.length === 0 ? '' : `(${values.map(() => placeholder()).join(', ')})`
  if (node.op === '$in') {
    if (values.length === 0) return hasNull ? `${c} IS NULL` : FALSE_SQL
    return hasNull ? `(${c} IS NULL OR ${c} IN ${inList})` : `${c} IN ${inList}`
  }
  if (values.length === 0) return hasNull ? `${c} IS NOT NULL` : TRUE_SQL
  return hasNull
    ? `(${c} IS NOT NULL AND ${c} NOT IN ${inList})`
    : `(${c} IS NULL OR ${c} NOT IN ${inList})`
}

interface ListOperand {
  readonly values: readonly FilterValue[]
  readonly hasNull: boolean
}

// Lists are padded to a power of two by repeating the last value (same meaning), so lists of
// 5..8 values share one SQL text and one prepared statement.
function listOf(node: CompareNode): ListOperand {
  const operand = node.value
  if (!Array.isArray(operand)) throw operandError(node, 'an array')
  const values: FilterValue[] = []
  let hasNull = false
  for (const item of operand as readonly FilterValue[]) {
    if (item === null) hasNull = true
    else values.push(item)
  }
  return { values: padToPowerOfTwo(values), hasNull }
}

/** Repeats the last item until the length is a power of two (empty stays empty). */
export function padToPowerOfTwo<T>(items: T[]): T[] {
  const length = items.length
  if (length <= 1) return items
  let target = 1
  while (target < length) target *= 2
  const last = items[length - 1] as T
  while (items.length < target) items.push(last)
  return items
}

function checkApplicable(column: ColumnModel, op: CanonicalOperator): void {
  if (op === '$null') return
  // On a multi-value field `$contains x` means "some element is x" (and `$notContains` its
  // negation), as the reference model reads it.
  if (column.multiple && (op === '$contains' || op === '$notContains')) return
  if (column.storage === 'json') {
    const what = column.multiple ? 'a multi-value' : 'a structured (JSON)'
    throw new ObjectQLError(
      'INVALID_FILTER',
      `${op} does not apply to ${what} field '${column.name}'` +
        (column.multiple ? '; only $contains, $notContains and $null do' : '; only $null does'),
      { details: { field: column.name, operator: op } },
    )
  }
  const textOp =
    op === '$contains' || op === '$notContains' || op === '$startsWith' || op === '$endsWith'
  if (textOp && !column.textual) {
    throw new ObjectQLError(
      'INVALID_FILTER',
      `${op} applies to text fields only; '${column.name}' holds ${column.storage} values`,
      { details: { field: column.name, operator: op } },
    )
  }
}

function resolveOrThrow(scope: FilterScope, name: string): ScopedColumn {
  const scoped = scope.resolve(name)
  if (scoped === undefined) {
    throw new ObjectQLError('INVALID_FIELD', `unknown field '${name}' in filter`, {
      details: { field: name },
    })
  }
  return scoped
}

function operandError(node: CompareNode, expected: string): ObjectQLError {
  return new ObjectQLError('INVALID_FILTER', `${node.op} on '${node.field}' takes ${expected}`, {
    details: { field: node.field, operator: node.op },
  })
}
