import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'

/** What `findData` returns: the page of records and the total that matches the filter. */
export interface BridgeFindResult {
  readonly value: readonly DataRecord[]
  readonly count: number
}

/**
 * The runtime protocol bridge as protocols see it: the only door from a protocol into the
 * kernel (upstream's `ObjectStackRuntimeProtocol`). Declared here structurally, so a protocol
 * needs nothing but these methods; the kernel's `kernel.bridge` satisfies it.
 */
export interface ProtocolBridge {
  /** Names of the registered objects. */
  getMetaTypes(): readonly string[]
  /** The object's metadata, or `undefined` when no object has that name. */
  getMetaItem(name: string): ObjectConfig | undefined
  /** True when an object with that name is registered. */
  hasObject(name: string): boolean
  /** Records matching any accepted query shape, with the unpaged total. */
  findData(object: string, query?: unknown): Promise<BridgeFindResult>
  /** Records matching a query, without the total (optional: `findData` is the fallback). */
  findRecords?(object: string, query?: unknown): Promise<readonly DataRecord[]>
  /**
   * One record (projected/expanded by `query`: `{ fields, expand }`); rejects with `NOT_FOUND`
   * when it does not exist. Runs the kernel's `findOne`, so its hooks and middleware apply.
   */
  getData(object: string, id: string, query?: unknown): Promise<DataRecord>
  /** How many records match a filter (any accepted filter shape). */
  countData(object: string, where?: unknown): Promise<number>
  /** Validates and stores one record. */
  createData(object: string, data: Record<string, unknown>): Promise<DataRecord>
  /** Shallow-merges `data` into the record; `NOT_FOUND` when it does not exist. */
  updateData(object: string, id: string, data: Record<string, unknown>): Promise<DataRecord>
  /** Deletes the record; `false` when it did not exist. */
  deleteData(object: string, id: string): Promise<boolean>
  /** Runs a registered action; `ACTION_NOT_FOUND` when there is none. */
  executeAction(object: string, action: string, params?: unknown): Promise<unknown>
  /** The registered actions. */
  getActions(): readonly unknown[]
}

/** Something that carries a bridge: the kernel (`kernel.bridge`). */
export interface BridgeCarrier {
  readonly bridge: ProtocolBridge
}
