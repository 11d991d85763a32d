/**
 * True for a promise or any other thenable: what `await` would wait for. The pipeline awaits
 * only such values, so a synchronous hook or middleware costs no microtask turn.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
