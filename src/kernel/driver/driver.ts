import type { DriverCapabilities, IsolationLevel } from './driver-capabilities.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { FilterCondition, QueryAST } from '../spec/query-ast.js'

/**
 * The driver contract, with upstream-compatible method names (`@objectql/types` Driver and the
 * spec's `IDataDriver`). What the kernel guarantees before each call:
 * - `query` and `where` are in the canonical normal form of `query-ast.ts`, frozen, and name only
 *   declared fields (plus `id`, `created_at`, `updated_at`);
 * - `syncSchema(objects)` has been called with every object the driver stores, after `connect()`;
 * - data passed to writes holds only declared fields, with values of the declared types
 *   (dates as ISO-8601 UTC strings).
 * What every driver must guarantee is docs/SPEC.md (rule ids `DRV-...`), checked by the
 * driver conformance suite in `objectql-toolkit/compliance`.
 */
export interface Driver {
  /** Short name used in reports, e.g. `memory`, `sql:postgres`. */
  readonly name: string
  readonly version?: string
  readonly capabilities: DriverCapabilities

  /** Opens connections. Called once by the kernel before any other call. */
  connect(): Promise<void>
  /** Closes connections. Nothing may be used afterwards. */
  disconnect(): Promise<void>
  /** True when the backend answers. Never throws. */
  checkHealth(): Promise<boolean>

  /** Creates or alters storage for these objects (tables, key spaces, sheets...). */
  syncSchema(objects: readonly ObjectConfig[]): Promise<void>
  /** Reads existing storage back as upstream's `IntrospectedSchema`. */
  introspectSchema(): Promise<IntrospectedSchema>

  /** Records matching `query.where`, ordered by `query.orderBy`, paged, projected to `query.fields`. */
  find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]>
  /** The record with this id, or null. `query.fields` projects it when given. */
  findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null>
  /** How many records match `where` (all records when undefined). */
  count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number>

  /** Stores a record. Generates an id when missing; an existing id fails with `DUPLICATE_RECORD`. */
  create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord>
  /** Shallow-merges `data` into the record and returns the whole new record; `NOT_FOUND` if missing. */
  update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord>
  /** Deletes the record; true when it existed, false when it did not. */
  delete(object: string, id: string, options?: DriverOptions): Promise<boolean>

  /** Creates all or none. */
  bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]>
  /** Updates all or none; `NOT_FOUND` if any id is missing. */
  bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]>
  /** Deletes the records that exist; returns how many were deleted. */
  bulkDelete(object: string, ids: readonly string[], options?: DriverOptions): Promise<number>

  /** Rows of `groupBy` values and aggregation aliases, filtered by `where` and then `having`. */
  aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]>
  /** Distinct non-null values of a field among records matching `where`, in spec order. */
  distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]>

  /** Starts a transaction; pass the handle as `options.transaction` to take part in it. */
  beginTransaction(options?: TransactionOptions): Promise<TransactionHandle>
  commit(transaction: TransactionHandle): Promise<void>
  rollback(transaction: TransactionHandle): Promise<void>

  /** Upstream v4: `find` wrapped as `{ value, count }` (count = page length, as upstream). */
  executeQuery(ast: QueryAST, options?: DriverOptions): Promise<QueryResult>
  /** Upstream v4: a write described as data; failures come back as `{ success: false, error }`. */
  executeCommand(command: DriverCommand, options?: DriverOptions): Promise<CommandResult>
}

/** Per-call options. */
export interface DriverOptions {
  /** A handle from {@link Driver.beginTransaction}. */
  readonly transaction?: TransactionHandle
}

/** Options for {@link Driver.beginTransaction}. */
export interface TransactionOptions {
  readonly isolationLevel?: IsolationLevel
}

/** An opaque transaction handle. Drivers put what they need behind `id`. */
export interface TransactionHandle {
  readonly id: string
}

/** One entry of {@link Driver.bulkUpdate}. */
export interface BulkUpdate {
  readonly id: string
  readonly data: Record<string, unknown>
}

/** Result of {@link Driver.executeQuery}. */
export interface QueryResult {
  readonly value: DataRecord[]
  readonly count?: number
}

/** A write described as data (upstream's `Command`). */
export interface DriverCommand {
  readonly type: 'create' | 'update' | 'delete' | 'bulkCreate' | 'bulkUpdate' | 'bulkDelete'
  readonly object: string
  readonly id?: string
  readonly ids?: readonly string[]
  readonly data?: RecordInput
  readonly records?: readonly RecordInput[]
  readonly updates?: readonly BulkUpdate[]
}

/** Result of {@link Driver.executeCommand} (upstream's `CommandResult`). */
export interface CommandResult {
  readonly success: boolean
  readonly data?: unknown
  readonly affected: number
  readonly error?: string
  readonly code?: string
}

/** Upstream's `IntrospectedSchema`. */
export interface IntrospectedSchema {
  readonly tables: Readonly<Record<string, IntrospectedTable>>
}

/** One table (or collection, sheet, key space). */
export interface IntrospectedTable {
  readonly name: string
  readonly columns: readonly IntrospectedColumn[]
  readonly foreignKeys: readonly IntrospectedForeignKey[]
  readonly primaryKeys: readonly string[]
}

/** One column with its native type. */
export interface IntrospectedColumn {
  readonly name: string
  readonly type: string
  readonly nullable: boolean
  readonly defaultValue?: unknown
  readonly isPrimary?: boolean
  readonly isUnique?: boolean
  readonly maxLength?: number
}

/** One foreign key. */
export interface IntrospectedForeignKey {
  readonly columnName: string
  readonly referencedTable: string
  readonly referencedColumn: string
  readonly constraintName?: string
}
