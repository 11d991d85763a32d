import { access, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AtomicWriteError, writeFileAtomic } from './fs-atomic-write.js'
import { errnoCode, mapFsError } from './fs-error-map.js'
import { objectFileName, objectOfFileName } from './fs-object-files.js'
import { parseRecordFile, serializeRecordFile } from './fs-record-file.js'
import { TableStaging } from '../common/record-table.js'
import type { RecordTable } from '../common/record-table.js'

/**
 * The fs driver's storage engine: one record file per object in a directory, each loaded on
 * first use and kept in memory, each written through its own queue.
 *
 * A write stages its changes over the loaded table, replaces the file atomically with the
 * staged records, and only then applies the changes in memory; a write that fails before the
 * file is replaced leaves memory and disk as they were (DRV-WRITE-006), and bulk writes replace
 * the file once (all-or-nothing). Writes to one object run one at a time, so no write is lost
 * to a concurrent one; reads see the last committed state and never wait.
 */
export class FsRecordStore {
  readonly dir: string
  /** Per object: its table, loaded on first use (or loading). */
  readonly #tables = new Map<string, Promise<RecordTable>>()
  /** Per object: the tail of its write queue (always settles, never rejects). */
  readonly #queues = new Map<string, Promise<void>>()

  constructor(dir: string) {
    this.dir = dir
  }

  /** The file holding `object`'s records. @throws ObjectQLError `METADATA_INVALID`. */
  fileFor(object: string): string {
    return join(this.dir, objectFileName(object))
  }

  /** The object's committed records, read from its file on first use (retried after a failure). */
  table(object: string): Promise<RecordTable> {
    let loading = this.#tables.get(object)
    if (loading === undefined) {
      const started = loadTable(this.fileFor(object))
      loading = started
      this.#tables.set(object, started)
      started.catch(() => {
        if (this.#tables.get(object) === started) this.#tables.delete(object)
      })
    }
    return loading
  }

  /**
   * Runs `operation` in the object's queue against a staging of its table; when it changed
   * something, replaces the file and applies the changes.
   */
  write<T>(object: string, operation: (staging: TableStaging) => T): Promise<T> {
    const file = this.fileFor(object)
    return this.#enqueue(object, async () => {
      const table = await this.table(object)
      const staging = new TableStaging(table)
      const result = operation(staging)
      if (!staging.changed) return result
      await this.#replace(object, file, serializeRecordFile(staging.records()))
      staging.applyTo(table)
      return result
    })
  }

  /** Creates an empty record file for `object` unless it has one (in its queue). */
  ensureFile(object: string): Promise<void> {
    const file = this.fileFor(object)
    return this.#enqueue(object, async () => {
      if (!(await exists(file))) await this.#replace(object, file, '')
    })
  }

  /** Objects that have a record file, by name. */
  async objectsOnDisk(): Promise<string[]> {
    const names = await readdir(this.dir).catch((error: unknown) => {
      throw mapFsError(error, 'list', this.dir)
    })
    return names.sort().flatMap((name) => objectOfFileName(name) ?? [])
  }

  /** Waits for every queued write, then forgets the loaded tables. */
  async close(): Promise<void> {
    await Promise.all(this.#queues.values())
    this.#tables.clear()
  }

  async #replace(object: string, file: string, content: string): Promise<void> {
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
