import { mkdir } from 'node:fs/promises'
import { toObjectQLError } from '../../kernel/errors.js'
import { RecordTableDriver } from '../common/record-table-driver.js'
import { removeTempFiles } from './fs-atomic-write.js'
import { FS_CAPABILITIES } from './fs-driver-capabilities.js'
import { resolveFsConfig } from './fs-driver-config.js'
import { mapFsError } from './fs-error-map.js'
import { introspectRecords } from '../common/record-introspector.js'
import { acquireDirectoryLock } from './fs-lock.js'
import { objectFileName } from './fs-object-files.js'
import { FsRecordStore } from './fs-record-store.js'
import { copyJsonInput } from './fs-record-input.js'
import type { FsDriverConfig, ResolvedFsDriverConfig } from './fs-driver-config.js'
import type { DirectoryLock } from './fs-lock.js'
import type { RecordTable, TableStaging } from '../common/record-table.js'
import type { InputCopier } from '../common/record-table-writer.js'
import type { IntrospectedSchema } from '../../kernel/driver/driver.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * Records as JSON Lines files, one `<object>.jsonl` per object in a directory (format:
 * fs-record-file.ts), with queries evaluated by the kernel's in-process engine (the shared body:
 * ../common/record-table-driver.ts).
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
export class FsDriver extends RecordTableDriver {
  readonly name = 'fs'
  readonly version = '1.0.0'
  readonly capabilities = FS_CAPABILITIES
  /** The absolute directory this driver stores into. */
  readonly dir: string

  readonly #config: ResolvedFsDriverConfig
  #lock: DirectoryLock | undefined
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

  /** Remembers the schemas and, when connected, creates an empty file for each new object. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    try {
      for (const object of objects) objectFileName(object.name)
      await this.declareObjects(objects)
      if (!this.connected) return
      for (const object of objects) await this.#store.ensureFile(object.name)
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.guard(undefined, async () => {
      const undeclared = new Map<string, Iterable<DataRecord>>()
      for (const object of await this.#store.objectsOnDisk()) {
        if (!this.objects.has(object))
          undeclared.set(object, (await this.#store.table(object)).values())
      }
      return introspectRecords(this.objects, undeclared)
    })
  }

  protected describeDriver(): string {
    return `fs driver (${this.dir})`
  }

  protected healthDirectory(): string {
    return this.dir
  }

  protected async open(): Promise<void> {
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
  }

  protected async close(): Promise<void> {
    await this.#store.close()
    const lock = this.#lock
    this.#lock = undefined
    await lock?.release()
  }

  protected loadTable(object: string): Promise<RecordTable> {
    return this.#store.table(object)
  }

  /** Staged, the object's file replaced, then applied (fs-record-store.ts). */
  protected stage<T>(
    object: string,
    operation: (staging: TableStaging, copyInput: InputCopier) => T,
  ): Promise<T> {
    const schema = this.schemaOf(object)
    return this.#store.write(object, (staging) =>
      operation(staging, (input) => copyJsonInput(input, schema)),
    )
  }
}
