import type { DataRecord } from '../../kernel/spec/object-config.js'

/** Fetches the records of `object` with these ids (any order; missing ids are left out). */
export type BatchFetch = (object: string, ids: readonly string[]) => Promise<readonly DataRecord[]>

interface Waiter {
  resolve(record: DataRecord | null): void
  reject(error: unknown): void
}

/** Largest id list sent in one `$in` query; longer batches are split. */
export const MAX_BATCH_IDS = 1000

/**
 * Per-request batching of lookups (a small DataLoader). Every `load(object, id)` made while a
 * request resolves one level of its result is collected; once the current turn of the event
 * loop is done (`setImmediate`, after every pending promise job), ONE `$in` query per object
 * fetches all of them. Results are cached for the rest of the request, so the same record is
 * never fetched twice, and two lookups to the same object (owner, reviewer) share a query.
 *
 * A loader lives for one request: a cached record is never served to another request, and a
 * write made later in the same request (a mutation) sees the fresh record only after the loader
 * is cleared with {@link BatchLoader.clear}.
 */
export class BatchLoader {
  readonly #cache = new Map<string, Map<string, Promise<DataRecord | null>>>()
  readonly #queue = new Map<string, Map<string, Waiter[]>>()
  #scheduled = false
  #batches = 0

  constructor(private readonly fetch: BatchFetch) {}

  /** How many queries this loader has sent. */
  get batches(): number {
    return this.#batches
  }

  /** The record of `object` with `id`, or `null` when there is none. */
  load(object: string, id: string): Promise<DataRecord | null> {
    let cache = this.#cache.get(object)
    if (cache === undefined) {
      cache = new Map()
      this.#cache.set(object, cache)
    }
    const cached = cache.get(id)
    if (cached !== undefined) return cached
    const promise = new Promise<DataRecord | null>((resolve, reject) => {
      let queue = this.#queue.get(object)
      if (queue === undefined) {
        queue = new Map()
        this.#queue.set(object, queue)
      }
      const waiters = queue.get(id)
      if (waiters === undefined) queue.set(id, [{ resolve, reject }])
      else waiters.push({ resolve, reject })
    })
    cache.set(id, promise)
    this.#schedule()
    return promise
  }

  /** The records of `object` with these ids, `null` where there is none, in the same order. */
  loadMany(object: string, ids: readonly string[]): Promise<(DataRecord | null)[]> {
    return Promise.all(ids.map((id) => this.load(object, id)))
  }

  /** Forgets every cached record (after a write). */
  clear(): void {
    this.#cache.clear()
  }

  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      const queued = [...this.#queue]
      this.#queue.clear()
      for (const [object, waiters] of queued) void this.#dispatch(object, waiters)
    })
  }

  async #dispatch(object: string, waiters: Map<string, Waiter[]>): Promise<void> {
    const ids = [...waiters.keys()]
    for (let offset = 0; offset < ids.length; offset += MAX_BATCH_IDS) {
      const chunk = ids.slice(offset, offset + MAX_BATCH_IDS)
      this.#batches++
      try {
        const records = await this.fetch(object, chunk)
        const byId = new Map(records.map((record) => [record.id, record]))
        for (const id of chunk) {
          for (const waiter of waiters.get(id) ?? []) waiter.resolve(byId.get(id) ?? null)
        }
      } catch (error) {
        // A failed batch fails every load in it; the next request (a new loader) tries again.
        this.#cache.get(object)?.clear()
        for (const id of chunk) for (const waiter of waiters.get(id) ?? []) waiter.reject(error)
      }
    }
  }
}
