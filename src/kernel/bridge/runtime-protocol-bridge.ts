import type { ActionDescriptor } from '../actions/action-registry.js'
import { ObjectQLError } from '../errors.js'
import type { MetadataRegistry } from '../metadata/metadata-registry.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { DataApi } from '../pipeline/data-api.js'
import type { ExecutionContext } from '../pipeline/execution-context.js'

/** The metadata type under which the kernel registers objects. */
export const OBJECT_METADATA_TYPE = 'object'

/** What the bridge needs from a kernel (the kernel implements it). */
export interface BridgeKernel extends DataApi {
  readonly metadata: MetadataRegistry
  /** The object's metadata; `OBJECT_NOT_FOUND` when it is not registered. */
  getObject(name: string): ObjectConfig
  executeAction(
    object: string,
    action: string,
    input?: unknown,
    ctx?: ExecutionContext,
  ): Promise<unknown>
  listActions(object?: string): ActionDescriptor[]
}

/** `findData`'s answer: the page and the total number of matching records. */
export interface FindDataResult {
  readonly value: DataRecord[]
  /** How many records match the filter in total (a `count`, not the page length). */
  readonly count: number
}

// Paging, ordering, projection and expansion do not change how many records match.
const NOT_COUNTED = new Set([
  'limit',
  'top',
  'offset',
  'skip',
  'orderBy',
  'sort',
  'fields',
  'select',
  'expand',
  'populate',
  'distinct',
])

/**
 * The one object protocol plugins talk to (upstream's `ObjectStackRuntimeProtocol`, with its
 * method names). Protocols never touch a driver or the metadata registry directly: every data
 * call here runs the kernel's full pipeline (hooks, validation, events) with the caller's
 * context, and every failure is an `ObjectQLError` the protocol maps to its wire format.
 */
export class RuntimeProtocolBridge {
  constructor(private readonly kernel: BridgeKernel) {}

  /** Names of the registered objects (the `object` metadata type), in registration order. */
  getMetaTypes(): string[] {
    return this.kernel.metadata.listEntries(OBJECT_METADATA_TYPE).map((entry) => entry.name)
  }

  /** The object's definition. @throws ObjectQLError `OBJECT_NOT_FOUND`. */
  getMetaItem(name: string): ObjectConfig {
    return this.kernel.getObject(name)
  }

  /** Every item of a metadata type (`object` by default). */
  getAllMetaItems(type: string = OBJECT_METADATA_TYPE): unknown[] {
    return this.kernel.metadata.list(type)
  }

  /** True when an object of this name is registered. */
  hasObject(name: string): boolean {
    return this.kernel.metadata.has(OBJECT_METADATA_TYPE, name)
  }

  /**
   * One page of records and the total matching count. The count runs through the pipeline's
   * `count` with the query's filter (and search), so `count` is the size of the unpaged result.
   */
  async findData(object: string, query?: unknown, ctx?: ExecutionContext): Promise<FindDataResult> {
    const value = await this.kernel.find(object, query, ctx)
    const count = await this.kernel.count(object, countQuery(query), ctx)
    return { value, count }
  }

  /**
   * One page of records without the total: what `findData` returns as `value`, one query fewer.
   * For protocols that need no count (a GraphQL list, a batched lookup).
   */
  findRecords(object: string, query?: unknown, ctx?: ExecutionContext): Promise<DataRecord[]> {
    return this.kernel.find(object, query, ctx)
  }

  /** The record. @throws ObjectQLError `NOT_FOUND` when it does not exist. */
  async getData(
    object: string,
    id: string,
    query?: unknown,
    ctx?: ExecutionContext,
  ): Promise<DataRecord> {
    const record = await this.kernel.findOne(object, id, query, ctx)
    if (record === null) {
      throw new ObjectQLError('NOT_FOUND', `${object}/${id} does not exist`, {
        details: { object, id },
      })
    }
    return record
  }

  /** How many records match `where` (a raw filter or `{ where }`). */
  countData(object: string, where?: unknown, ctx?: ExecutionContext): Promise<number> {
    return this.kernel.count(object, where, ctx)
  }

  /** Creates a record. */
  createData(object: string, data: RecordInput, ctx?: ExecutionContext): Promise<DataRecord> {
    return this.kernel.create(object, data, ctx)
  }

  /** Updates a record. @throws ObjectQLError `NOT_FOUND` when it does not exist. */
  updateData(
    object: string,
    id: string,
    data: Record<string, unknown>,
    ctx?: ExecutionContext,
  ): Promise<DataRecord> {
    return this.kernel.update(object, id, data, ctx)
  }

  /** Deletes a record; `false` when it did not exist. */
  deleteData(object: string, id: string, ctx?: ExecutionContext): Promise<boolean> {
    return this.kernel.delete(object, id, ctx)
  }

  /** Runs a registered action. @throws ObjectQLError `ACTION_NOT_FOUND`. */
  executeAction(
    object: string,
    action: string,
    params?: unknown,
    ctx?: ExecutionContext,
  ): Promise<unknown> {
    return this.kernel.executeAction(object, action, params, ctx)
  }

  /** Every registered action (without handlers). */
  getActions(): ActionDescriptor[] {
    return this.kernel.listActions()
  }
}

// The part of a find query that decides how many records match; anything else is left to
// `count`'s normalizer, so a malformed query still fails loudly there.
function countQuery(query: unknown): unknown {
  if (!isPlainObject(query)) return query === undefined || query === null ? undefined : query
  const kept = Object.entries(query).filter(([key]) => !NOT_COUNTED.has(key))
  return { where: undefined, ...Object.fromEntries(kept) }
}
