/**
 * Strict structural equality of JSON-like values: primitives by `Object.is` (so `0` and `-0`
 * differ, `NaN` equals `NaN`), arrays element by element, plain objects (prototype
 * `Object.prototype` or `null`) by the same own enumerable string keys with equal values. Any
 * other object (Date, Map, class instances) equals only itself. Unlike `valuesEqual` of the
 * query engine, `null` and a missing key are different here.
 *
 * The pipeline uses it to tell whether a before hook left its copy of the canonical query as it
 * was: only then may the canonical AST be reused without normalizing the copy again. Answering
 * "different" when unsure is always safe (the copy is normalized), so the rules are strict.
 */
export function structurallyEqual(a: unknown, b: unknown): boolean {
  return equalAt(a, b, 0)
}

/** Deeper than this is answered "different" (and the caller normalizes, which checks depth). */
const MAX_DEPTH = 64

function equalAt(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (depth > MAX_DEPTH) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equalAt(a[i], b[i], depth + 1)) return false
    return true
  }
  if (!isPlain(a) || !isPlain(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) {
    // `b` must have the key as its own enumerable key, as `Object.keys` would list it.
    if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false
    if (!equalAt(a[key], b[key], depth + 1)) return false
  }
  return true
}

function isPlain(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
