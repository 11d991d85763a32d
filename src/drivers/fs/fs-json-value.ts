/**
 * What a record value must be to survive JSON unchanged. `JSON.stringify` silently changes
 * some values (`NaN` and `Infinity` become `null`, a `Date` becomes a string, a `Map` becomes
 * `{}`, `undefined` in an array becomes `null`) and throws on others (`BigInt`, cycles): a
 * record that would read back different from what was written is refused instead, so what a
 * write returns is exactly what a restart reads (DRV-TYPE-*).
 */

/** Deeper than this is treated as a cycle (records are data, not object graphs). */
const MAX_DEPTH = 512

/** One value that cannot be stored, with the path to it (`meta.list[2]`). */
export interface JsonValueProblem {
  readonly path: string
  readonly message: string
}

/**
 * A deep copy of `value` that JSON stores exactly, or the first problem found. `undefined`
 * inside an object means "no key" (as JSON has it); `-0` becomes `0` (JSON has no `-0`).
 */
export function toJsonValue(
  value: unknown,
  path: string,
): { ok: true; value: unknown } | { ok: false; problem: JsonValueProblem } {
  try {
    return { ok: true, value: copy(value, path, 0) }
  } catch (error) {
    if (error instanceof ProblemSignal) return { ok: false, problem: error.problem }
    throw error
  }
}

class ProblemSignal extends Error {
  readonly problem: JsonValueProblem

  constructor(path: string, message: string) {
    super(message)
    this.problem = { path, message }
  }
}

function copy(value: unknown, path: string, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw new ProblemSignal(path, `${value} is not a JSON number`)
      return value === 0 ? 0 : value
    case 'object':
      break
    default:
      throw new ProblemSignal(path, `a ${typeof value} cannot be stored`)
  }
  if (value === null) return null
  if (depth >= MAX_DEPTH) throw new ProblemSignal(path, 'the value is cyclic or nested too deeply')
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) => {
      if (item === undefined)
        throw new ProblemSignal(`${path}[${i}]`, 'an array cannot hold undefined')
      return copy(item, `${path}[${i}]`, depth + 1)
    })
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    const kind = (value as { constructor?: { name?: unknown } }).constructor?.name
    throw new ProblemSignal(
      path,
      `a ${typeof kind === 'string' ? kind : 'non-plain object'} cannot be stored as JSON` +
        (value instanceof Date ? ' (pass an ISO-8601 string)' : ''),
    )
  }
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue
    // Defined, not assigned: a `__proto__` key must stay a plain key.
    Object.defineProperty(result, key, {
      value: copy(item, `${path}.${key}`, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return result
}
