/**
 * Whether a value survives `JSON.stringify` + `JSON.parse` unchanged (json and multi-value
 * fields are stored as JSON text in a cell). `NaN`, `Infinity`, `Date`, `Map`, class instances,
 * `BigInt`, functions, cycles and `undefined` inside arrays would come back different or not at
 * all, so they are refused; `undefined` object members are dropped (JSON has no undefined)
 * and `-0` becomes `0`.
 */

const MAX_DEPTH = 512

/** A JSON-exact deep copy of `value`, or a message saying what cannot be stored and where. */
export function toJsonValue(
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: copy(value, '', 0) }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message }
    throw error
  }
}

class Refusal extends Error {}

function copy(value: unknown, path: string, depth: number): unknown {
  const at = path === '' ? '' : ` at ${path}`
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw new Refusal(`${value}${at} is not a JSON number`)
      return value === 0 ? 0 : value
    case 'object':
      break
    default:
      throw new Refusal(`a ${typeof value}${at} cannot be stored as JSON`)
  }
  if (value === null) return null
  if (depth >= MAX_DEPTH) throw new Refusal(`the value${at} is cyclic or nested too deeply`)
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) => {
      if (item === undefined) throw new Refusal(`an array${at} cannot hold undefined`)
      return copy(item, `${path}[${i}]`, depth + 1)
    })
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    throw new Refusal(
      `a ${value instanceof Date ? 'Date' : 'non-plain object'}${at} cannot be stored as JSON`,
    )
  }
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue
    Object.defineProperty(result, key, {
      value: copy(item, path === '' ? key : `${path}.${key}`, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return result
}
