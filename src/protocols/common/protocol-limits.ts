import { ObjectQLError } from '../../kernel/errors.js'

/** Limits every protocol enforces before a request reaches the kernel. */
export interface ProtocolLimits {
  /** Largest accepted request body in bytes; larger bodies get `PAYLOAD_TOO_LARGE` (413). */
  readonly maxBodyBytes: number
  /** Deepest accepted nesting of arrays/objects in a body or filter; deeper is `LIMIT_EXCEEDED`. */
  readonly maxDepth: number
  /** Largest page a list request may ask for; larger is `LIMIT_EXCEEDED`. */
  readonly maxPageSize: number
  /** Page size when a list request gives none. */
  readonly defaultPageSize: number
  /** Most calls in one JSON-RPC batch. */
  readonly maxBatchSize: number
}

/** The limits used when a host or server is given none. */
export const DEFAULT_PROTOCOL_LIMITS: ProtocolLimits = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  maxDepth: 32,
  maxPageSize: 1000,
  defaultPageSize: 100,
  maxBatchSize: 100,
})

/**
 * Fills unset limits with the defaults and rejects nonsense (zero, negative, fractional), so a
 * misconfigured server fails at start instead of accepting everything.
 */
export function resolveLimits(partial: Partial<ProtocolLimits> = {}): ProtocolLimits {
  const merged: ProtocolLimits = { ...DEFAULT_PROTOCOL_LIMITS, ...partial }
  // A smaller maxPageSize alone also lowers the default page, rather than failing.
  const limits: ProtocolLimits =
    partial.defaultPageSize === undefined
      ? { ...merged, defaultPageSize: Math.min(merged.defaultPageSize, merged.maxPageSize) }
      : merged
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `protocol limit ${key} must be a positive integer`,
        {
          details: { limit: key, value },
        },
      )
    }
  }
  if (limits.defaultPageSize > limits.maxPageSize) {
    throw new ObjectQLError('CONFIG_INVALID', 'defaultPageSize may not exceed maxPageSize', {
      details: { defaultPageSize: limits.defaultPageSize, maxPageSize: limits.maxPageSize },
    })
  }
  return Object.freeze(limits)
}

/**
 * The nesting depth of a JSON value (a scalar is 0, `[]` and `{}` are 1). Iterative, so a
 * hostile payload cannot overflow the stack; stops counting as soon as `limit` is passed.
 */
export function jsonDepth(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let max = 0
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const top = stack.pop()
    if (top === undefined || typeof top.value !== 'object' || top.value === null) continue
    const depth = top.depth + 1
    if (depth > max) max = depth
    if (max > limit) return max
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value)
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth })
    }
  }
  return max
}

/** Throws `LIMIT_EXCEEDED` when `value` nests deeper than `maxDepth`. */
export function assertDepth(value: unknown, maxDepth: number, what = 'request body'): void {
  const depth = jsonDepth(value, maxDepth)
  if (depth > maxDepth) {
    throw new ObjectQLError('LIMIT_EXCEEDED', `${what} nests deeper than ${maxDepth} levels`, {
      details: { limit: 'maxDepth', max: maxDepth },
    })
  }
}

/** Throws `LIMIT_EXCEEDED` when a requested page is larger than `maxPageSize`. */
export function assertPageSize(size: number, maxPageSize: number): void {
  if (size > maxPageSize) {
    throw new ObjectQLError(
      'LIMIT_EXCEEDED',
      `page size ${size} exceeds the maximum ${maxPageSize}`,
      {
        details: { limit: 'maxPageSize', max: maxPageSize, requested: size },
      },
    )
  }
}
