/** A value that survives `JSON.stringify` -> `JSON.parse` unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined }

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)
    ?.constructor?.name
  return name === undefined || name === '' ? 'object' : `a ${name}`
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function problemAt(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      // JSON turns NaN and the infinities into null: the receiver would see another value.
      return Number.isFinite(value) ? undefined : `${path} is ${String(value)}`
    case 'object':
      break
    default:
      return `${path} is a ${typeof value}`
  }
  if (value === null) return undefined
  if (ancestors.has(value)) return `${path} refers back to an enclosing object (a cycle)`
  ancestors.add(value)
  try {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        const item: unknown = value[index]
        // An undefined array slot would arrive as null.
        if (item === undefined) return `${path}[${index}] is undefined`
        const problem = problemAt(item, `${path}[${index}]`, ancestors)
        if (problem !== undefined) return problem
      }
      return undefined
    }
    // Dates, Maps, Sets, Buffers and class instances do not round-trip (a Date comes back as a
    // string, a Map as {}): senders must convert them explicitly.
    if (!isPlainObject(value)) return `${path} is ${describe(value)}, not a plain object`
    for (const [key, item] of Object.entries(value)) {
      // An undefined property is simply absent after the trip, which readers treat the same.
      if (item === undefined) continue
      const problem = problemAt(item, `${path}.${key}`, ancestors)
      if (problem !== undefined) return problem
    }
    return undefined
  } finally {
    ancestors.delete(value)
  }
}

/**
 * Describes the first part of `value` that would not survive a JSON round trip (`$.record.due is
 * a Date, not a plain object`), or returns undefined when it all would. Shared (non-cyclic)
 * references are fine; they arrive as copies.
 */
export function findJsonProblem(value: unknown): string | undefined {
  return problemAt(value, '$', new Set())
}

/** True when `value` survives `JSON.stringify` -> `JSON.parse` unchanged (see {@link findJsonProblem}). */
export function isJsonSerializable(value: unknown): value is JsonValue {
  return findJsonProblem(value) === undefined
}
