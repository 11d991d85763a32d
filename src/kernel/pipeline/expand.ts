import { ObjectQLError } from '../errors.js'
import { andOf, leafOf } from '../spec/filter-combine.js'
import type { DataRecord, ObjectConfig } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { ExecutionContext } from './execution-context.js'
import type { PipelineRuntime } from './pipeline-host.js'

/**
 * Relation expansion (upstream's `expandRelatedRecords`): each expanded lookup's ids are
 * replaced by the referenced records, fetched with ONE batched `id $in [...]` query per relation
 * per level. That query runs through the whole pipeline of the referenced object (middleware and
 * hooks included), so a filter a security hook adds there also applies to expanded records.
 *
 * An id with no match (deleted, or filtered out by the sub-query's `where`) stays an id, as
 * upstream leaves it. Values that are already objects are left alone. Nesting and its depth
 * limit (3) were checked by the normalizer at the door, before anything ran.
 */
export async function expandRecords(
  rt: PipelineRuntime,
  object: ObjectConfig,
  rows: DataRecord[],
  query: QueryAST,
  ctx: ExecutionContext,
  depth: number,
): Promise<DataRecord[]> {
  const expand = query.expand
  if (expand === undefined || rows.length === 0) return rows
  for (const [field, sub] of Object.entries(expand)) {
    const ids = collectIds(rows, field)
    if (ids.length === 0) continue
    const byId = andOf([leafOf('id', '$in', ids), ...(sub.where === undefined ? [] : [sub.where])])
    const related = await rt.findAtDepth(sub.object, { ...sub, where: byId }, ctx, depth + 1)
    const index = new Map(related.map((record) => [record.id, record]))
    const many = isMultiple(object, field)
    for (const row of rows) replaceIds(row, field, index, many)
  }
  return rows
}

/**
 * The query with every expanded field added to its `fields` projection (when it has one): asking
 * to expand a field that the projection leaves out would otherwise expand nothing.
 */
export function withExpandedFields(query: QueryAST): QueryAST {
  if (query.fields === undefined || query.expand === undefined) return query
  const missing = Object.keys(query.expand).filter((field) => !query.fields?.includes(field))
  if (missing.length === 0) return query
  // Frozen like the AST it extends (its other members are that AST's, already frozen).
  return Object.freeze({ ...query, fields: Object.freeze([...query.fields, ...missing]) })
}

/**
 * Checks an expand tree for keys a batched query cannot honour: `limit` and `offset` would page
 * across all parents at once instead of per parent, so they are refused rather than misapplied.
 *
 * @throws ObjectQLError `INVALID_QUERY` naming the path.
 */
export function assertExpandUnpaged(query: QueryAST, path = 'expand'): void {
  for (const [field, sub] of Object.entries(query.expand ?? {})) {
    const here = `${path}.${field}`
    if (sub.limit !== undefined || sub.offset !== undefined) {
      throw new ObjectQLError(
        'INVALID_QUERY',
        `${here}: expand sub-queries cannot use limit/offset (one batched query serves every parent)`,
        { details: { path: here, field } },
      )
    }
    assertExpandUnpaged(sub, `${here}.expand`)
  }
}

function isMultiple(object: ObjectConfig, field: string): boolean {
  return object.fields[field]?.multiple === true
}

function collectIds(rows: readonly DataRecord[], field: string): string[] {
  const ids = new Set<string>()
  for (const row of rows) {
    const value = row[field]
    if (typeof value === 'string' && value !== '') ids.add(value)
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && item !== '') ids.add(item)
    }
  }
  return [...ids]
}

function replaceIds(
  row: DataRecord,
  field: string,
  index: ReadonlyMap<string, DataRecord>,
  many: boolean,
): void {
  const value = row[field]
  if (many && Array.isArray(value)) {
    row[field] = value.map((item: unknown) =>
      typeof item === 'string' ? lookup(index, item) : item,
    )
  } else if (typeof value === 'string') {
    row[field] = lookup(index, value)
  }
}

// A copy per placement: two parents pointing at one record must not share an object that the
// caller could mutate through either of them.
function lookup(index: ReadonlyMap<string, DataRecord>, id: string): DataRecord | string {
  const record = index.get(id)
  return record === undefined ? id : structuredClone(record)
}
