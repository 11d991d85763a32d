import type { StorageLike } from './local-storage-driver-config.js'

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Capacity in bytes, counted as browsers do: UTF-16 code units of every key and value, two
   * bytes each. A `setItem` that would pass it throws a `QuotaExceededError` DOMException and
   * changes nothing. Default: unlimited.
   */
  readonly quotaBytes?: number
}

/**
 * An in-memory implementation of the Web Storage `Storage` interface for Node tests, faithful
 * to the HTML standard where the driver can tell: keys and values are strings (`setItem`
 * stringifies, as `String(value)`), `getItem` of a missing key is null, `key(n)` past the end is
 * null, `removeItem` of a missing key does nothing, replacing a value keeps the key's position,
 * and a write over quota throws `QuotaExceededError` leaving the previous value in place.
 */
export class MemoryStorage implements StorageLike {
  readonly #items = new Map<string, string>()
  readonly #quota: number
  #used = 0

  constructor(options: MemoryStorageOptions = {}) {
    const quota = options.quotaBytes ?? Number.POSITIVE_INFINITY
    if (!(quota >= 0)) throw new RangeError('quotaBytes must be a non-negative number')
    this.#quota = quota
  }

  get length(): number {
    return this.#items.size
  }

  /** Bytes in use (two per UTF-16 code unit of keys and values). */
  get usedBytes(): number {
    return this.#used
  }

  key(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.#items.size) return null
    let i = 0
    for (const key of this.#items.keys()) if (i++ === index) return key
    return null
  }

  getItem(key: string): string | null {
    return this.#items.get(String(key)) ?? null
  }

  setItem(key: string, value: string): void {
    const name = String(key)
    const text = String(value)
    const previous = this.#items.get(name)
    const before = previous === undefined ? 0 : size(name, previous)
    const after = this.#used - before + size(name, text)
    if (after > this.#quota) {
      throw new DOMException(
        `Setting the value of '${name}' exceeded the quota (${this.#quota} bytes).`,
        'QuotaExceededError',
      )
    }
    this.#items.set(name, text)
    this.#used = after
  }

  removeItem(key: string): void {
    const name = String(key)
    const previous = this.#items.get(name)
    if (previous === undefined) return
    this.#items.delete(name)
    this.#used -= size(name, previous)
  }

  clear(): void {
    this.#items.clear()
    this.#used = 0
  }
}

function size(key: string, value: string): number {
  return (key.length + value.length) * 2
}
