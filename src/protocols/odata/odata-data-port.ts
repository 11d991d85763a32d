import { isObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { DataApi } from '../../kernel/pipeline/data-api.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'

/**
 * The data operations OData requests need, over the bridge or, inside an atomic changeset, over
 * a kernel transaction. Both run the kernel's full pipeline (hooks, validation, events).
 */
export interface ODataDataPort {
  /** The record with `id` (projected/expanded by `query`), or null: the kernel's `findOne`. */
  findOne(object: string, id: string, query: Record<string, unknown>): Promise<DataRecord | null>
  find(object: string, query: Record<string, unknown>): Promise<readonly DataRecord[]>
  /** How many records match `{ where, search }`. */
  count(object: string, query: Record<string, unknown>): Promise<number>
  create(object: string, data: Record<string, unknown>): Promise<DataRecord>
  update(object: string, id: string, data: Record<string, unknown>): Promise<DataRecord>
  delete(object: string, id: string): Promise<boolean>
}

/** Runs `work` atomically: every write commits together or none does. */
export type ODataTransactionRunner = <T>(work: (port: ODataDataPort) => Promise<T>) => Promise<T>

/** The port over the runtime protocol bridge. */
export function bridgePort(bridge: ProtocolBridge): ODataDataPort {
  return {
    async findOne(object, id, query) {
      try {
        return await bridge.getData(object, id, query)
      } catch (error) {
        if (isObjectQLError(error) && error.code === 'NOT_FOUND') return null
        throw error
      }
    },
    async find(object, query) {
      if (bridge.findRecords !== undefined) return bridge.findRecords(object, query)
      return (await bridge.findData(object, query)).value
    },
    count: (object, query) => bridge.countData(object, query),
    create: (object, data) => bridge.createData(object, data),
    update: (object, id, data) => bridge.updateData(object, id, data),
    delete: (object, id) => bridge.deleteData(object, id),
  }
}

/** The port over a kernel data API (the `tx` of a transaction). */
export function dataApiPort(api: DataApi): ODataDataPort {
  return {
    findOne: (object, id, query) => api.findOne(object, id, query),
    find: (object, query) => api.find(object, query),
    count: (object, query) => api.count(object, query),
    create: (object, data) => api.create(object, data),
    update: (object, id, data) => api.update(object, id, data),
    delete: (object, id) => api.delete(object, id),
  }
}

/**
 * Atomic changesets over `kernel.transaction` (the default datasource). Drivers without
 * transactions make the changeset fail with `NOT_SUPPORTED` (501) before anything is written.
 */
export function kernelTransactions(kernel: Pick<DataApi, 'transaction'>): ODataTransactionRunner {
  return (work) => kernel.transaction((tx) => work(dataApiPort(tx)))
}

/**
 * The record with `id` (projected/expanded by `query`), or null. A single entity is read with
 * the kernel's `findOne`, as REST, JSON-RPC and GraphQL read one record, so the same
 * `beforeFindOne`/`afterFindOne` hooks guard it whichever protocol asks.
 */
export function findById(
  port: ODataDataPort,
  object: string,
  id: string,
  query: Record<string, unknown> = {},
): Promise<DataRecord | null> {
  return port.findOne(object, id, query)
}
