import { ObjectQLError } from '../../kernel/errors.js'
import { SYSTEM_FIELDS } from '../../kernel/spec/object-config.js'
import { modelAggregate } from './spec-model-aggregate.js'
import { modelFilter } from './spec-model-filter.js'
import { specCompare, specEqual } from './spec-model-order.js'
import type { ModelFields } from './spec-model-aggregate.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { BulkUpdate } from '../../kernel/driver/driver.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

const DATE_TYPES = new Set(['date', 'datetime'])
const NUMERIC_TYPES = new Set([
  'number',
  'currency',
  'percent',
  'rating',
  'slider',
  'progress',
  'summary',
])

/**
 * The reference model of docs/SPEC.md: a deliberately naive, obviously-correct evaluator that
 * the driver conformance suite compares every driver with. Records live in a plain array per
 * object; every operation is a linear scan that follows the spec text clause by clause
 * (spec-model-filter.ts, spec-model-order.ts, spec-model-aggregate.ts). It shares no code with
 * the query engine of src/kernel/query, only the kernel's strict filter parser and error codes.
 *
 * The API mirrors the driver contract (`find`, `findOne`, `count`, `create`, `update`, `delete`,
 * bulk writes, `aggregate`, `distinct`) but is synchronous. Records are stored and returned as
 * deep copies. Ids: give them explicitly (or feed the model the ids a driver generated); a
 * missing id becomes `model-<n>`. Errors carry the codes a conformant driver raises:
 * `INVALID_FILTER`, `INVALID_FIELD` (declared objects only), `DUPLICATE_RECORD`, `NOT_FOUND`,
 * `VALIDATION_FAILED` (bad id), `INVALID_QUERY` (bad aggregation).
 *
 * Like the kernel, it expects canonical queries: `find` does not append `id asc` itself.
 *
 * @example
 * const model = new SpecModel([taskObject])
 * model.create('task', { id: 't1', title: 'a' })
 * model.find('task', { object: 'task', where: { title: { $ne: 'b' } } }) // [{ id: 't1', ... }]
 */
export class SpecModel {
  readonly #tables = new Map<string, DataRecord[]>()
  readonly #objects = new Map<string, ObjectConfig>()
  #nextId = 1

  constructor(objects: readonly ObjectConfig[] = []) {
    this.define(objects)
  }

  /** Declares objects (the model's `syncSchema`): their fields become the only valid names. */
  define(objects: readonly ObjectConfig[]): void {
    for (const object of objects) this.#objects.set(object.name, object)
  }

  /** Every stored record of an object, in insertion order (copies). */
  records(object: string): DataRecord[] {
    return structuredClone(this.#table(object))
  }

  create(object: string, data: RecordInput): DataRecord {
    this.#checkWriteFields(object, data)
    const id = data.id ?? `model-${this.#nextId++}`
    if (typeof id !== 'string' || id === '') {
      throw new ObjectQLError('VALIDATION_FAILED', 'an id must be a non-empty string', {
        details: { errors: [{ field: 'id', message: 'an id must be a non-empty string' }] },
      })
    }
    const table = this.#table(object)
    if (table.some((record) => record.id === id)) {
      throw new ObjectQLError('DUPLICATE_RECORD', `${object}/${id} already exists`)
    }
    const record = structuredClone({ ...data, id })
    table.push(record)
    return structuredClone(record)
  }

  update(object: string, id: string, data: Record<string, unknown>): DataRecord {
    this.#checkWriteFields(object, data)
    const table = this.#table(object)
    const index = table.findIndex((record) => record.id === id)
    if (index === -1) throw new ObjectQLError('NOT_FOUND', `${object}/${id} does not exist`)
    if (data['id'] !== undefined && data['id'] !== id) {
      throw new ObjectQLError('VALIDATION_FAILED', 'an update cannot change the id', {
        details: { errors: [{ field: 'id', message: 'an update cannot change the id' }] },
      })
    }
    const record = { ...(table[index] as DataRecord), ...structuredClone(data), id }
    table[index] = record
    return structuredClone(record)
  }

  delete(object: string, id: string): boolean {
    const table = this.#table(object)
    const index = table.findIndex((record) => record.id === id)
    if (index === -1) return false
    table.splice(index, 1)
    return true
  }

  /** All or nothing: validates the whole batch on a copy first. */
  bulkCreate(object: string, data: readonly RecordInput[]): DataRecord[] {
    return this.#allOrNothing(object, () => data.map((record) => this.create(object, record)))
  }

  /** All or nothing: a missing id fails with `NOT_FOUND` and updates none. */
  bulkUpdate(object: string, updates: readonly BulkUpdate[]): DataRecord[] {
    return this.#allOrNothing(object, () => updates.map((u) => this.update(object, u.id, u.data)))
  }

  /** Deletes those that exist; returns how many. */
  bulkDelete(object: string, ids: readonly string[]): number {
    return ids.filter((id) => this.delete(object, id)).length
  }

  /** Filter, then sort by `orderBy` (stable), then `offset`/`limit`, then project to `fields`. */
  find(object: string, query: QueryAST): DataRecord[] {
    const fields = this.#fields(object)
    for (const key of query.orderBy ?? []) this.#checkName(fields, key.field)
    for (const name of query.fields ?? []) this.#checkName(fields, name)
    let rows = this.#table(object).filter(modelFilter(query.where, fields.names, fields.dateFields))
    // Sort by the last key first: with a stable sort, earlier keys then decide and later keys
    // only break their ties (DRV-ORD-006).
    for (const key of [...(query.orderBy ?? [])].reverse()) {
      const sign = key.order === 'desc' ? -1 : 1
      const isDate = fields.dateFields.has(key.field)
      rows = [...rows].sort((a, b) => sign * specCompare(a[key.field], b[key.field], isDate))
    }
    const start = query.offset ?? 0
    rows = rows.slice(start, query.limit === undefined ? undefined : start + query.limit)
    return rows.map((record) => this.#project(record, query.fields))
  }

  /** The record with this id if it matches `query.where`, projected to `query.fields`. */
  findOne(object: string, id: string, query?: QueryAST): DataRecord | null {
    const found = this.find(object, { ...query, object, offset: 0, limit: undefined })
    return found.find((record) => record.id === id) ?? null
  }

  count(object: string, where?: FilterCondition): number {
    const fields = this.#fields(object)
    return this.#table(object).filter(modelFilter(where, fields.names, fields.dateFields)).length
  }

  aggregate(object: string, query: QueryAST): Record<string, unknown>[] {
    return modelAggregate(this.#table(object), query, this.#fields(object))
  }

  /** Each non-null value once (deep equality), in spec order. */
  distinct(object: string, field: string, where?: FilterCondition): unknown[] {
    const fields = this.#fields(object)
    this.#checkName(fields, field)
    const values: unknown[] = []
    for (const record of this.#table(object).filter(
      modelFilter(where, fields.names, fields.dateFields),
    )) {
      const value = record[field]
      if (value === null || value === undefined) continue
      if (!values.some((seen) => specEqual(seen, value))) values.push(value)
    }
    const isDate = fields.dateFields.has(field)
    return structuredClone(values.sort((a, b) => specCompare(a, b, isDate)))
  }

  #table(object: string): DataRecord[] {
    let table = this.#tables.get(object)
    if (table === undefined) {
      table = []
      this.#tables.set(object, table)
    }
    return table
  }

  #fields(object: string): ModelFields {
    const config = this.#objects.get(object)
    const dateFields = new Set(['created_at', 'updated_at'])
    if (config === undefined) return { names: undefined, dateFields, numericFields: undefined }
    const names = new Set<string>(SYSTEM_FIELDS)
    const numericFields = new Set<string>()
    for (const [name, field] of Object.entries(config.fields)) {
      names.add(name)
      if (DATE_TYPES.has(field.type)) dateFields.add(name)
      else dateFields.delete(name)
      if (NUMERIC_TYPES.has(field.type)) numericFields.add(name)
    }
    return { names, dateFields, numericFields }
  }

  #checkName(fields: ModelFields, name: string): void {
    if (fields.names !== undefined && !fields.names.has(name)) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field '${name}'`, {
        details: { field: name },
      })
    }
  }

  #checkWriteFields(object: string, data: Record<string, unknown>): void {
    const fields = this.#fields(object)
    for (const name of Object.keys(data)) this.#checkName(fields, name)
  }

  #project(record: DataRecord, fields: readonly string[] | undefined): DataRecord {
    if (fields === undefined) return structuredClone(record)
    const projected: Record<string, unknown> = {}
    for (const name of Object.keys(record)) {
      if (name === 'id' || fields.includes(name)) projected[name] = structuredClone(record[name])
    }
    return projected as DataRecord
  }

  #allOrNothing<T>(object: string, run: () => T): T {
    const before = structuredClone(this.#table(object))
    const nextId = this.#nextId
    try {
      return run()
    } catch (error) {
      this.#tables.set(object, before)
      this.#nextId = nextId
      throw error
    }
  }
}
