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
} from '../../src/kernel/driver/driver.js'
import type { DriverCapabilities } from '../../src/kernel/driver/driver-capabilities.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../src/kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../src/kernel/spec/query-ast.js'
import { MemoryDriver } from '../../src/drivers/memory/index.js'

/**
 * A driver that forwards every call to a real {@link MemoryDriver}. Each broken driver of the
 * self-test extends it and overrides exactly one behaviour, so the only difference from the
 * reference is the planted bug.
 */
export class DelegatingDriver implements Driver {
  readonly name: string
  readonly capabilities: DriverCapabilities
  protected readonly inner: MemoryDriver

  constructor(bug: string, inner: MemoryDriver = new MemoryDriver()) {
    this.name = `broken:${bug}`
    this.inner = inner
    this.capabilities = inner.capabilities
  }

  connect(): Promise<void> {
    return this.inner.connect()
  }
  disconnect(): Promise<void> {
    return this.inner.disconnect()
  }
  checkHealth(): Promise<boolean> {
    return this.inner.checkHealth()
  }
  syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    return this.inner.syncSchema(objects)
  }
  introspectSchema(): Promise<IntrospectedSchema> {
    return this.inner.introspectSchema()
  }
  find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.inner.find(object, query, options)
  }
  findOne(object: string, id: string, query?: QueryAST, options?: DriverOptions) {
    return this.inner.findOne(object, id, query, options)
  }
  count(object: string, where: FilterCondition | undefined, options?: DriverOptions) {
    return this.inner.count(object, where, options)
  }
  create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.inner.create(object, data, options)
  }
  update(object: string, id: string, data: Record<string, unknown>, options?: DriverOptions) {
    return this.inner.update(object, id, data, options)
  }
  delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.inner.delete(object, id, options)
  }
  bulkCreate(object: string, data: readonly RecordInput[], options?: DriverOptions) {
    return this.inner.bulkCreate(object, data, options)
  }
  bulkUpdate(object: string, updates: readonly BulkUpdate[], options?: DriverOptions) {
    return this.inner.bulkUpdate(object, updates, options)
  }
  bulkDelete(object: string, ids: readonly string[], options?: DriverOptions) {
    return this.inner.bulkDelete(object, ids, options)
  }
  aggregate(object: string, query: QueryAST, options?: DriverOptions) {
    return this.inner.aggregate(object, query, options)
  }
  distinct(object: string, field: string, where?: FilterCondition, options?: DriverOptions) {
    return this.inner.distinct(object, field, where, options)
  }
  beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.inner.beginTransaction(options)
  }
  commit(transaction: TransactionHandle): Promise<void> {
    return this.inner.commit(transaction)
  }
  rollback(transaction: TransactionHandle): Promise<void> {
    return this.inner.rollback(transaction)
  }
  executeQuery(ast: QueryAST, options?: DriverOptions): Promise<QueryResult> {
    return this.inner.executeQuery(ast, options)
  }
  executeCommand(command: DriverCommand, options?: DriverOptions): Promise<CommandResult> {
    return this.inner.executeCommand(command, options)
  }
}
