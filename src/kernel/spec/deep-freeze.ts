/**
 * Freezes a value and everything reachable from it, so a normalized query or a parsed object
 * definition can be shared between the kernel, hooks and drivers without anyone mutating it.
 * Already-frozen subtrees are still walked: a frozen parent can hold an unfrozen child.
 *
 * @returns the same value, now deeply frozen.
 */
export function deepFreeze<T>(value: T): T {
  freezeInto(value, new Set())
  return value
}

/** True when the value and everything reachable from it is frozen. */
export function isDeepFrozen(value: unknown): boolean {
  return checkFrozen(value, new Set())
}

function freezeInto(value: unknown, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return
  seen.add(value)
  Object.freeze(value)
  for (const key of Reflect.ownKeys(value)) {
    freezeInto((value as Record<PropertyKey, unknown>)[key], seen)
  }
}

function checkFrozen(value: unknown, seen: Set<object>): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return true
  if (!Object.isFrozen(value)) return false
  seen.add(value)
  return Reflect.ownKeys(value).every((key) =>
    checkFrozen((value as Record<PropertyKey, unknown>)[key], seen),
  )
}
