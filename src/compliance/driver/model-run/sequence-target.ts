import type { Driver } from '../../../kernel/driver/driver.js'
import type { DataRecord, RecordInput } from '../../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../../kernel/spec/query-ast.js'
import type { SpecModel } from '../../model/index.js'

/** Something a command sequence runs against: a driver's object, or the model's. */
export interface SequenceTarget {
  /** `driver`, `model` or a driver name, for messages. */
  readonly label: string
  create(data: RecordInput): Promise<DataRecord>
  update(id: string, data: Record<string, unknown>): Promise<DataRecord>
  delete(id: string): Promise<boolean>
  findOne(id: string): Promise<DataRecord | null>
  find(query: Omit<QueryAST, 'object'>): Promise<DataRecord[]>
  count(where: FilterCondition | undefined): Promise<number>
  aggregate(query: Omit<QueryAST, 'object'>): Promise<Record<string, unknown>[]>
}

/** A driver's object as a target. */
export function driverTarget(label: string, driver: Driver, object: string): SequenceTarget {
  return {
    label,
    create: (data) => driver.create(object, structuredClone(data)),
    update: (id, data) => driver.update(object, id, structuredClone(data)),
    delete: (id) => driver.delete(object, id),
    findOne: (id) => driver.findOne(object, id),
    find: (query) => driver.find(object, { ...query, object }),
    count: (where) => driver.count(object, where),
    aggregate: (query) => driver.aggregate(object, { ...query, object }),
  }
}

/** The model's object as a target (its synchronous calls wrapped as promises). */
export function modelTarget(model: SpecModel, object: string): SequenceTarget {
  const run = <T>(fn: () => T) => Promise.resolve().then(fn)
  return {
    label: 'the model',
    create: (data) => run(() => model.create(object, structuredClone(data))),
    update: (id, data) => run(() => model.update(object, id, structuredClone(data))),
    delete: (id) => run(() => model.delete(object, id)),
    findOne: (id) => run(() => model.findOne(object, id)),
    find: (query) => run(() => model.find(object, { ...query, object })),
    count: (where) => run(() => model.count(object, where)),
    aggregate: (query) => run(() => model.aggregate(object, { ...query, object })),
  }
}
