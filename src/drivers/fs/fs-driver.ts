import { access, constants, mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { AtomicWriteError, removeTempFiles, writeFileAtomic } from './fs-atomic-write.js'
import { FS_CAPABILITIES } from './fs-driver-capabilities.js'
import { resolveFsConfig } from './fs-driver-config.js'
import { errnoCode, mapFsError } from './fs-error-map.js'
import { introspectFiles } from './fs-introspector.js'
import { acquireDirectoryLock } from './fs-lock.js'
import { objectFileName, objectOfFileName } from './fs-object-files.js'
import { parseRecordFile, serializeRecordFile } from './fs-record-file.js'
import { TableStaging } from './fs-record-table.js'
import { applyCreate, applyDelete, applyUpdate, requireArray } from './fs-record-writer.js'
import type { FsDriverConfig, ResolvedFsDriverConfig } from './fs-driver-config.js'
import type { DirectoryLock } from './fs-lock.js'
import type { RecordTable } from './fs-record-table.js'
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
  /** Per object: its table, loaded on first use (or loading). */
  readonly #tables = new Map<string, Promise<RecordTable>>()
  /** Per object: the tail of its write queue (always settles, never rejects). */
  readonly #queues = new Map<string, Promise<void>>()

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config. */
  constructor(config: FsDriverConfig) {
    super()
    this.#config = resolveFsConfig(config)
    this.dir = this.#config.dir
  }

  /** The file holding `object`'s records. @throws ObjectQLError `METADATA_INVALID`. */
  fileFor(object: string): string {
    return join(this.dir, objectFileName(object))
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
    await Promise.all(this.#queues.values())
    this.#tables.clear()
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
      for (const object of objects) {
        const file = this.fileFor(object.name)
        await this.#enqueue(object.name, async () => {
          if (!(await exists(file))) await this.#replaceFile(object.name, file, '')
        })
      }
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.#guard(undefined, async () => {
      const names = await readdir(this.dir).catch((error: unknown) => {
        throw mapFsError(error, 'list', this.dir)
      })
      const undeclared = new Map<string, Iterable<DataRecord>>()
      for (const name of names.sort()) {
        const object = objectOfFileName(name)
        if (object === undefined || this.objects.has(object)) continue
        undeclared.set(object, (await this.#table(object)).values())
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
    this.#tables.clear()
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
      operation(await this.#table(object), this.#schemas.get(object)),
    )
  }

  /**
   * Runs a write in the object's queue: stage it, replace the file when something changed,
   * then apply it in memory. Any failure before the file is replaced leaves memory untouched.
   */
  async #write<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (staging: TableStaging, context: WriteContext) => T,
  ): Promise<T> {
    return this.#guard(options, async () => {
      const file = this.fileFor(object)
      return this.#enqueue(object, async () => {
        const table = await this.#table(object)
        const staging = new TableStaging(table)
        const context = {
          object,
          schema: this.#schemas.get(object),
          generateId: () => this.generateId(),
        }
        const result = operation(staging, context)
        if (!staging.changed) return result
        await this.#replaceFile(object, file, serializeRecordFile(staging.records()))
        staging.applyTo(table)
        return result
      })
    })
  }

  async #replaceFile(object: string, file: string, content: string): Promise<void> {
    try {
      await writeFileAtomic(file, content)
    } catch (error) {
      if (!(error instanceof AtomicWriteError)) throw mapFsError(error, `write ${object}`, file)
      if (error.stage !== 'sync-directory') throw mapFsError(error.cause, `write ${object}`, file)
      // The new file is in place but its rename may not be durable: reload from disk next time.
      this.#tables.delete(object)
      throw mapFsError(
        error.cause,
        `sync directory after writing ${object} (the new file is in place; durability unknown)`,
        file,
      )
    }
  }

  /** The object's table, read from its file on first use. A failed read is retried next time. */
  #table(object: string): Promise<RecordTable> {
    let loading = this.#tables.get(object)
    if (loading === undefined) {
      const file = this.fileFor(object)
      const started = loadTable(file)
      loading = started
      this.#tables.set(object, started)
      started.catch(() => {
        if (this.#tables.get(object) === started) this.#tables.delete(object)
      })
    }
    return loading
  }

  /** Runs `task` after every earlier task of the same object has settled. */
  #enqueue<T>(object: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(object) ?? Promise.resolve()).then(task)
    const tail = run.then(
      () => undefined,
      () => undefined,
    )
    this.#queues.set(object, tail)
    void tail.then(() => {
      if (this.#queues.get(object) === tail) this.#queues.delete(object)
    })
    return run
  }
}

async function loadTable(file: string): Promise<RecordTable> {
  let content: Buffer
  try {
    content = await readFile(file)
  } catch (error) {
    // No file yet: the object simply has no records.
    if (errnoCode(error) === 'ENOENT') return new Map()
    throw mapFsError(error, 'read', file)
  }
  return new Map(parseRecordFile(content, file).map((record) => [record.id, record]))
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw mapFsError(error, 'check', file)
  }
}
