import { access, constants, mkdir } from 'node:fs/promises'
import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { removeTempFiles } from './fs-atomic-write.js'
import { FS_CAPABILITIES } from './fs-driver-capabilities.js'
import { resolveFsConfig } from './fs-driver-config.js'
import { mapFsError } from './fs-error-map.js'
import { introspectFiles } from './fs-introspector.js'
import { acquireDirectoryLock } from './fs-lock.js'
import { objectFileName } from './fs-object-files.js'
import { FsRecordStore } from './fs-record-store.js'
import { applyCreate, applyDelete, applyUpdate, requireArray } from './fs-record-writer.js'
import type { FsDriverConfig, ResolvedFsDriverConfig } from './fs-driver-config.js'
import type { DirectoryLock } from './fs-lock.js'
import type { RecordTable, TableStaging } from '../common/record-table.js'
import type { WriteContext } from './fs-record-writer.js'
import type { BulkUpdate, DriverOptions, IntrospectedSchema } from '../../kernel/driver/driver.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * Records as JSON Lines files, one `<object>.jsonl` per object in a directory (format:
 * fs-record-file.ts), with queries evaluated by the kernel's in-process engine.
 *
 * - An object's file is read once, on first use, and kept in memory; reads never touch disk.
 * - Every write is staged in memory, written to disk by replacing the file atomically (temp
 *   file, fsync, rename, fsync of the directory: fs-atomic-write.ts), and only then applied in
 *   memory. A crash leaves the old file or the new one; a failed write changes nothing.
 * - Writes to one object run one at a time (a promise queue per object); bulk writes replace
 *   the file once, so they are all-or-nothing.
 * - `connect()` takes the directory's lock file (fs-lock.ts) unless `lock: false`, so a second
 *   process fails with `DRIVER_UNAVAILABLE` naming the holder instead of losing writes.
 * - A corrupt or hand-broken file fails with `DRIVER_ERROR` naming the file and line.
 * - Returned records are copies; values must survive JSON exactly (fs-json-value.ts).
 *
 * @example
 * const driver = new FsDriver({ dir: './data' })
 * await driver.connect()
 * await driver.create('task', { title: 'Write the spec' })
 */
export class FsDriver extends DriverBase {
  readonly name = 'fs'
  readonly version = '1.0.0'
  readonly capabilities = FS_CAPABILITIES
  /** The absolute directory this driver stores into. */
  readonly dir: string

  readonly #config: ResolvedFsDriverConfig
  #state: State = 'idle'
  #opening: Promise<void> | undefined
  #lock: DirectoryLock | undefined
  readonly #schemas = new Map<string, QuerySchema>()
  #store: FsRecordStore

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config. */
  constructor(config: FsDriverConfig) {
    super()
    this.#config = resolveFsConfig(config)
    this.dir = this.#config.dir
    this.#store = new FsRecordStore(this.dir)
  }

  /** The file holding `object`'s records. @throws ObjectQLError `METADATA_INVALID`. */
  fileFor(object: string): string {
    return this.#store.fileFor(object)
  }

  override async connect(): Promise<void> {
    if (this.#state === 'connected') return
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined))
    return this.#opening
  }

  override async disconnect(): Promise<void> {
    await this.#opening?.catch(() => undefined)
    const wasConnected = this.#state === 'connected'
    this.#state = 'disconnected'
    if (!wasConnected) return
    // Writes accepted before disconnect finish (and are reported to their callers) first.
    await this.#store.close()
    const lock = this.#lock
    this.#lock = undefined
    await lock?.release()
  }

  override async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected') return false
    try {
      await access(this.dir, constants.R_OK | constants.W_OK)
      return true
    } catch {
      // checkHealth never throws: an unreachable directory is simply unhealthy.
      return false
    }
  }

  /** Remembers the schemas and, when connected, creates an empty file for each new object. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    try {
      for (const object of objects) objectFileName(object.name)
      await super.syncSchema(objects)
      for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
      if (this.#state !== 'connected') return
      for (const object of objects) await this.#store.ensureFile(object.name)
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.#guard(undefined, async () => {
      const undeclared = new Map<string, Iterable<DataRecord>>()
      for (const object of await this.#store.objectsOnDisk()) {
        if (!this.objects.has(object))
          undeclared.set(object, (await this.#store.table(object)).values())
      }
      return introspectFiles(this.objects, undeclared)
    })
  }

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.#read(object, options, (table, schema) =>
      executeQuery(table.values(), query, schema),
    )
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#read(object, options, (table, schema) => {
      // Compile first: a bad query fails whether or not the record exists.
      const matches = compileFilter(query?.where, schema?.fields, schema)
      const project = compileProjection(query?.fields, schema)
      const record = table.get(id)
      return record !== undefined && matches(record) ? project(record) : null
    })
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.#read(object, options, (table, schema) =>
      countRecords(table.values(), where, schema),
    )
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#read(object, options, (table, schema) =>
      aggregateRecords(table.values(), query, schema),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#read(object, options, (table, schema) =>
      distinctValues(table.values(), field, where, schema),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#write(object, options, (staging, context) =>
      deepCopy(applyCreate(staging, data, context)),
    )
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#write(object, options, (staging, context) =>
      deepCopy(applyUpdate(staging, id, data, context)),
    )
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.#write(object, options, (staging) => applyDelete(staging, id))
  }

  /** Creates every record or none (DRV-BULK-001/002): one file replacement. */
  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, options, (staging, context) =>
      requireArray(data, 'bulkCreate').map((input) =>
        deepCopy(applyCreate(staging, input, context)),
      ),
    )
  }

  /** Updates every record or none; a missing id fails with `NOT_FOUND` (DRV-BULK-003). */
  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, options, (staging, context) =>
      requireArray(updates, 'bulkUpdate').map(({ id, data }) =>
        deepCopy(applyUpdate(staging, id, data, context)),
      ),
    )
  }

  /** Deletes the records that exist and counts them (DRV-BULK-004); a repeated id counts once. */
  override async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.#write(
      object,
      options,
      (staging) => requireArray(ids, 'bulkDelete').filter((id) => applyDelete(staging, id)).length,
    )
  }

  async #open(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true })
    } catch (error) {
      throw mapFsError(error, 'create directory', this.dir)
    }
    const lock = this.#config.lock ? await acquireDirectoryLock(this.dir) : undefined
    try {
      // Only the lock holder may remove temp files: without the lock one may be a live write.
      if (lock !== undefined) await removeTempFiles(this.dir)
    } catch (error) {
      await lock?.release()
      throw mapFsError(error, 'clean up', this.dir)
    }
    this.#lock = lock
    this.#store = new FsRecordStore(this.dir)
    this.#state = 'connected'
  }

  /** Runs an operation after the lifecycle checks; anything uncoded becomes an ObjectQLError. */
  async #guard<T>(options: DriverOptions | undefined, operation: () => Promise<T>): Promise<T> {
    try {
      if (this.#state !== 'connected') {
        throw new ObjectQLError(
          'DRIVER_NOT_CONNECTED',
          `fs driver (${this.dir}) is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
        )
      }
      // Ignoring a handle would write outside the caller's transaction without telling them.
      if (options?.transaction !== undefined) throw this.notSupported('transactions')
      return await operation()
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  async #read<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (table: RecordTable, schema: QuerySchema | undefined) => T,
  ): Promise<T> {
    return this.#guard(options, async () =>
      operation(await this.#store.table(object), this.#schemas.get(object)),
    )
  }

  /** Runs a write through the store (staged, file replaced, then applied) after the checks. */
  async #write<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (staging: TableStaging, context: WriteContext) => T,
  ): Promise<T> {
    return this.#guard(options, () => {
      const context = {
        object,
        schema: this.#schemas.get(object),
        generateId: () => this.generateId(),
      }
      return this.#store.write(object, (staging) => operation(staging, context))
    })
  }
}
