import { ObjectQLError } from '../../kernel/errors.js'
import { WriteSet } from './redis-write-set.js'
import type { RedisStore, StoreWrite } from './redis-store.js'
import type { RedisTransaction } from './redis-transaction.js'
import type { WriteContext } from './redis-write-set.js'
import type { BulkUpdate } from '../../kernel/driver/driver.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'

/** How often an update starts over when another writer changed its records in between. */
const UPDATE_ATTEMPTS = 50

/**
 * The record writes of the Redis driver, single and bulk, inside a transaction or not.
 *
 * Outside a transaction each call is ONE atomic script (RedisStore.apply): creates carry an
 * "absent" check, so a duplicate id is detected atomically and a bulk create with one
 * duplicate creates nothing (DRV-BULK-002); updates read their records, merge in memory and
 * write back only if no record changed meanwhile (else they start over), so concurrent updates
 * never lose each other's fields and a bulk update with one missing id updates nothing
 * (DRV-BULK-003). Inside a transaction the same rules run against the transaction's view and
 * the effects stay in its overlay until commit.
 */
export class RedisWriter {
  readonly #store: RedisStore
  readonly #contextFor: (object: string) => WriteContext

  constructor(store: RedisStore, contextFor: (object: string) => WriteContext) {
    this.#store = store
    this.#contextFor = contextFor
  }

  /** Creates all records or none; returns them in input order. */
  async create(
    object: string,
    inputs: readonly RecordInput[],
    tx: RedisTransaction | undefined,
  ): Promise<DataRecord[]> {
    const context = this.#contextFor(object)
    if (tx !== undefined) {
      return tx.write(this.#store, async (set, log) => {
        await set.load(object, givenIds(inputs))
        const records = inputs.map((input) => set.create(object, input, context))
        for (const record of records)
          log({ kind: 'create', object, record: structuredClone(record) })
        return records
      })
    }
    const set = new WriteSet((o, ids) => this.#store.loadIds(o, ids))
    const records = inputs.map((input) => set.create(object, input, context))
    const writes = set.writes()
    const result = await this.#store.apply(writes)
    if (!result.ok) throw duplicate(object, writes[result.index])
    return records
  }

  /** Updates all records or none; a missing id fails with `NOT_FOUND`. */
  async update(
    object: string,
    updates: readonly BulkUpdate[],
    tx: RedisTransaction | undefined,
  ): Promise<DataRecord[]> {
    const context = this.#contextFor(object)
    const ids = updates.map((entry) => checkUpdateEntry(object, entry))
    const run = (set: WriteSet): DataRecord[] =>
      updates.map(({ id, data }) => set.update(object, id, data, context))
    if (tx !== undefined) {
      return tx.write(this.#store, async (set, log) => {
        await set.load(object, ids)
        const records = run(set)
        for (const { id, data } of updates) {
          log({ kind: 'update', object, id, data: structuredClone(data) })
        }
        return records
      })
    }
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
      await backOff(attempt)
      const set = new WriteSet((o, list) => this.#store.loadIds(o, list))
      await set.load(object, ids)
      const records = run(set)
      if ((await this.#store.apply(set.writes())).ok) return records
    }
    throw new ObjectQLError(
      'TRANSACTION_FAILED',
      `update of ${object} kept racing concurrent writes; nothing was written`,
      { details: { object } },
    )
  }

  /** Deletes the records that exist; returns how many (each id counts once). */
  async delete(
    object: string,
    ids: readonly string[],
    tx: RedisTransaction | undefined,
  ): Promise<number> {
    const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string'))]
    if (tx !== undefined) {
      return tx.write(this.#store, async (set, log) => {
        await set.load(object, unique)
        let deleted = 0
        for (const id of unique) {
          if (!set.delete(object, id)) continue
          deleted++
          log({ kind: 'delete', object, id })
        }
        return deleted
      })
    }
    const writes: StoreWrite[] = unique.map((id) => ({
      object,
      id,
      pre: { kind: 'any' },
      next: null,
    }))
    const result = await this.#store.apply(writes)
    // An "any" precondition cannot fail; a failed result here would be a script bug.
    if (!result.ok) throw new ObjectQLError('INTERNAL_ERROR', `delete of ${object} was refused`)
    return result.existed.filter(Boolean).length
  }
}

/**
 * Waits a little before retry `attempt` (none before the first two), with jitter, so writers
 * that keep colliding on one record spread out instead of retrying in lockstep.
 */
export async function backOff(attempt: number): Promise<void> {
  if (attempt < 2) return
  const ms = Math.random() * Math.min(attempt * 2, 50)
  await new Promise((resolve) => setTimeout(resolve, ms))
}

/** The ids given in create inputs (what a transaction must check for duplicates up front). */
function givenIds(inputs: readonly unknown[]): string[] {
  return inputs.flatMap((input) => {
    const id: unknown =
      typeof input === 'object' && input !== null ? (input as RecordInput).id : undefined
    return typeof id === 'string' ? [id] : []
  })
}

/** The id of a bulk-update entry; a malformed entry or a non-string id cannot exist. */
function checkUpdateEntry(object: string, entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) {
    throw new ObjectQLError('VALIDATION_FAILED', 'a bulk update entry must be { id, data }', {
      details: { errors: [{ field: '', message: 'a bulk update entry must be { id, data }' }] },
    })
  }
  const id: unknown = (entry as Partial<BulkUpdate>).id
  if (typeof id !== 'string') {
    throw new ObjectQLError('NOT_FOUND', `${object}/${String(id)} does not exist`, {
      details: { object, id: String(id) },
    })
  }
  return id
}

function duplicate(object: string, write: StoreWrite | undefined): ObjectQLError {
  const id = write?.id ?? '?'
  return new ObjectQLError('DUPLICATE_RECORD', `${object}/${id} already exists`, {
    details: { object, id },
  })
}

/**
 * Checks that a bulk operation got an array.
 *
 * @throws ObjectQLError `VALIDATION_FAILED` otherwise.
 */
export function requireArray<T>(value: readonly T[], operation: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw new ObjectQLError('VALIDATION_FAILED', `${operation} takes an array`, {
      details: { errors: [{ field: '', message: `${operation} takes an array` }] },
    })
  }
  return value
}
