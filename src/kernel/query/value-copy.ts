import { ObjectQLError } from '../errors.js'

/** Deeper than this is treated as a cycle (records are JSON-like data, not object graphs). */
const MAX_DEPTH = 512

/**
 * A deep copy of a stored value (DRV-WRITE-005: callers and storage never share references).
 *
 * Records are JSON-like, so plain objects, arrays and primitives are copied by hand, which is
 * ~50x faster than `structuredClone` on Node 20 (it serializes); anything else (Date, Map, typed
 * arrays, class instances) goes through `structuredClone`. Keys named `__proto__` stay plain keys.
 *
 * @throws ObjectQLError `VALIDATION_FAILED` for functions, symbols and cyclic or absurdly deep
 * values, which cannot be stored.
 */
export function deepCopy<T>(value: T): T {
  return copy(value, 0) as T
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new ObjectQLError('VALIDATION_FAILED', `a ${typeof value} cannot be stored`)
    }
    return value
  }
  if (depth > MAX_DEPTH) {
    throw new ObjectQLError('VALIDATION_FAILED', 'a value is cyclic or nested too deeply')
  }
  if (Array.isArray(value)) {
    const result: unknown[] = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) result[i] = copy(value[i], depth + 1)
    return result
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return cloneOther(value)
  const source = value as Record<string, unknown>
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(source)) {
    const item = copy(source[key], depth + 1)
    if (key === '__proto__') {
      Object.defineProperty(result, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else {
      result[key] = item
    }
  }
  return result
}

function cloneOther(value: object): unknown {
  try {
    return structuredClone(value)
  } catch (error) {
    throw new ObjectQLError('VALIDATION_FAILED', 'a value cannot be stored', { cause: error })
  }
}
