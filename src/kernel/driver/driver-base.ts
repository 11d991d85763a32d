import { ObjectQLError, isObjectQLError } from '../errors.js'
import type { DriverCapabilities } from './driver-capabilities.js'
import type {
  BulkUpdate,
  CommandResult,
  Driver,
  DriverCommand,
  DriverOptions,
  IntrospectedSchema,
  QueryResult,
  TransactionHandle,
  TransactionOptions,
} from './driver.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { FilterCondition, QueryAST } from '../spec/query-ast.js'

/**
 * Defaults for the optional parts of {@link Driver}, so a third-party driver writes only the
 * simple case (find, findOne, count, create, update, delete) and its capabilities. Optional
 * operations throw `NOT_SUPPORTED`; bulk operations fall back to loops; `executeQuery` and
 * `executeCommand` are built on the CRUD methods. New contract members get defaults here, so
 * adding one is not a breaking change for drivers that extend this class.
 */
export abstract class DriverBase implements Driver {
  abstract readonly name: string
  abstract readonly capabilities: DriverCapabilities

  /** Objects given to the last {@link DriverBase.syncSchema}, by name. */
  protected readonly objects = new Map<string, ObjectConfig>()

  abstract find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]>
  abstract findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null>
  abstract count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number>
  abstract create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord>
  abstract update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord>
  abstract delete(object: string, id: string, options?: DriverOptions): Promise<boolean>

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  async checkHealth(): Promise<boolean> {
    return true
  }

  /** Remembers the objects; schemaless drivers need nothing more. */
  async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    for (const object of objects) this.objects.set(object.name, object)
  }

  async introspectSchema(): Promise<IntrospectedSchema> {
    throw this.notSupported('introspectSchema')
  }

  /** Creates one by one. Not atomic: drivers that declare `bulkCreate` must override. */
  async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    const created: DataRecord[] = []
    for (const record of data) created.push(await this.create(object, record, options))
    return created
  }

  /** Updates one by one. Not atomic: drivers that declare `bulkUpdate` must override. */
  async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    const updated: DataRecord[] = []
    for (const { id, data } of updates) updated.push(await this.update(object, id, data, options))
    return updated
  }

  async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    let deleted = 0
    for (const id of ids) if (await this.delete(object, id, options)) deleted++
    return deleted
  }

  async aggregate(
    _object: string,
    _query: QueryAST,
    _options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    throw this.notSupported('aggregate')
  }

  async distinct(
    _object: string,
    _field: string,
    _where?: FilterCondition,
    _options?: DriverOptions,
  ): Promise<unknown[]> {
    throw this.notSupported('distinct')
  }

  async beginTransaction(_options?: TransactionOptions): Promise<TransactionHandle> {
    throw this.notSupported('transactions')
  }

  async commit(_transaction: TransactionHandle): Promise<void> {
    throw this.notSupported('transactions')
  }

  async rollback(_transaction: TransactionHandle): Promise<void> {
    throw this.notSupported('transactions')
  }

  async executeQuery(ast: QueryAST, options?: DriverOptions): Promise<QueryResult> {
    const value = await this.find(ast.object, ast, options)
    return { value, count: value.length }
  }

  /** Runs a command; coded failures are returned as data, as upstream does, never swallowed silently. */
  async executeCommand(command: DriverCommand, options?: DriverOptions): Promise<CommandResult> {
    try {
      return await this.runCommand(command, options)
    } catch (error) {
      if (!isObjectQLError(error)) throw error
      return { success: false, affected: 0, error: error.message, code: error.code }
    }
  }

  /** A collision-free id for records created without one. */
  protected generateId(): string {
    // Web Crypto (global in Node >= 19 and browsers), not node:crypto: drivers built on this
    // class (remote, local-storage) must bundle for browsers.
    return globalThis.crypto.randomUUID()
  }

  /** The `NOT_SUPPORTED` error for an operation this driver lacks. */
  protected notSupported(operation: string): ObjectQLError {
    return new ObjectQLError('NOT_SUPPORTED', `driver '${this.name}' does not support ${operation}`)
  }

  private async runCommand(
    command: DriverCommand,
    options?: DriverOptions,
  ): Promise<CommandResult> {
    const { type, object } = command
    switch (type) {
      case 'create': {
        const data = await this.create(object, requireField(command.data, type, 'data'), options)
        return { success: true, data, affected: 1 }
      }
      case 'update': {
        const id = requireField(command.id, type, 'id')
        const data = await this.update(
          object,
          id,
          requireField(command.data, type, 'data'),
          options,
        )
        return { success: true, data, affected: 1 }
      }
      case 'delete': {
        const deleted = await this.delete(object, requireField(command.id, type, 'id'), options)
        return { success: true, data: deleted, affected: deleted ? 1 : 0 }
      }
      case 'bulkCreate': {
        const data = await this.bulkCreate(
          object,
          requireField(command.records, type, 'records'),
          options,
        )
        return { success: true, data, affected: data.length }
      }
      case 'bulkUpdate': {
        const data = await this.bulkUpdate(
          object,
          requireField(command.updates, type, 'updates'),
          options,
        )
        return { success: true, data, affected: data.length }
      }
      case 'bulkDelete': {
        const affected = await this.bulkDelete(
          object,
          requireField(command.ids, type, 'ids'),
          options,
        )
        return { success: true, affected }
      }
      default:
        throw new ObjectQLError('INVALID_REQUEST', `unknown command type '${String(type)}'`)
    }
  }
}

function requireField<T>(value: T | undefined, type: string, field: string): T {
  if (value === undefined) {
    throw new ObjectQLError('INVALID_REQUEST', `'${type}' command requires '${field}'`)
  }
  return value
}
