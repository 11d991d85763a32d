import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { RedisDriver } from './redis-driver.js'
import type { RedisDriverConfig } from './redis-driver-config.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
export { expectCode } from '../../kernel/errors.test-utils.js'

/** The Redis the tests use; unset means every server test is skipped with this reason. */
export const REDIS_URL = process.env['OBJECTQL_REDIS_URL']

/** Why server suites are skipped when {@link REDIS_URL} is unset. */
export const SKIP_REASON = '(skipped: OBJECTQL_REDIS_URL not set)'

/** A suite title that carries the skip reason when there is no server, so it shows in output. */
export function suiteTitle(name: string): string {
  return REDIS_URL === undefined ? `${name} ${SKIP_REASON}` : name
}

/** The object most tests use: one field of each interesting type; `n` is indexed. */
export const TASK: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number', index: true },
    m: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    day: { type: 'date' },
    status: { type: 'select', options: [{ label: 'Open', value: 'open' }] },
    meta: { type: 'json' },
    tags: { type: 'multiselect', multiple: true },
  },
}

/**
 * Drivers of one test file, each under its own key prefix
 * (`objectql-test:<pid>:<file tag>:<random>:<n>`), so files, tests and parallel runs sharing a
 * server never collide. {@link RedisTestBed.close} clears every prefix and disconnects.
 */
export class RedisTestBed {
  readonly #base: string
  readonly #drivers: RedisDriver[] = []
  readonly #prefixes = new Set<string>()
  #count = 0

  constructor(tag: string) {
    this.#base = `objectql-test:${process.pid}:${tag}:${randomBytes(4).toString('hex')}`
  }

  /** A fresh key prefix under this file's namespace. */
  prefix(): string {
    this.#count++
    const prefix = `${this.#base}:${this.#count}`
    this.#prefixes.add(prefix)
    return prefix
  }

  /** An unconnected driver (cleaned up by close() if it was ever connected). */
  make(config: Partial<RedisDriverConfig> = {}): RedisDriver {
    const keyPrefix = config.keyPrefix ?? this.prefix()
    this.#prefixes.add(keyPrefix)
    const driver = new RedisDriver({ url: REDIS_URL, ...config, keyPrefix })
    this.#drivers.push(driver)
    return driver
  }

  /** A connected driver with the objects synced and the records created in `task`. */
  async driver(
    records: readonly RecordInput[] = [],
    objects: readonly ObjectConfig[] = [TASK],
    config: Partial<RedisDriverConfig> = {},
  ): Promise<RedisDriver> {
    const driver = this.make(config)
    await driver.connect()
    await driver.syncSchema(objects)
    if (records.length > 0) await driver.bulkCreate('task', records)
    return driver
  }

  /** Disconnects every driver and clears every prefix this bed handed out or was given. */
  async close(): Promise<void> {
    for (const driver of this.#drivers) await driver.disconnect()
    // One cleaner per prefix: prefixes never overlap, so clearing the base would clear nothing.
    for (const keyPrefix of this.#prefixes) {
      const cleaner = new RedisDriver({ url: REDIS_URL, keyPrefix })
      await cleaner.connect()
      try {
        await cleaner.clear()
      } finally {
        await cleaner.disconnect()
      }
    }
  }
}

/** `find` on `task` with `id asc` appended, as the kernel would send it. */
export async function findTasks(
  driver: RedisDriver,
  query: Omit<QueryAST, 'object'> = {},
): Promise<DataRecord[]> {
  const orderBy = [...(query.orderBy ?? [])]
  if (!orderBy.some((key) => key.field === 'id')) orderBy.push({ field: 'id', order: 'asc' })
  return driver.find('task', { ...query, object: 'task', orderBy })
}

/** Ids of the tasks matching `where`, in id order. */
export async function idsWhere(driver: RedisDriver, where: FilterCondition): Promise<string[]> {
  return (await findTasks(driver, { where })).map((record) => record.id)
}

/** Everything stored in `task`, for "nothing changed" checks. */
export async function snapshot(driver: RedisDriver): Promise<DataRecord[]> {
  return findTasks(driver)
}

/**
 * Strings of arbitrary UTF-16 code units, so lone surrogates occur as well as valid pairs, with
 * the characters our key encoding treats specially mixed in. (fast-check's `unit: 'binary'`
 * covers this too, but generates about 80 times slower.)
 */
export function utf16String(maxLength: number): fc.Arbitrary<string> {
  const unit = fc.oneof(
    fc.constantFrom('%', ':', '\uD800', '\uDBFF', '\uDC00', '\uFFFD', '\u{1F600}', 'u', '3', 'A'),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  )
  return fc.string({ unit, maxLength })
}
