import type { ProtocolResponse } from './protocol-transport.js'

/**
 * Thrown by a check that does not hold; the runner turns it into a `fail` outcome carrying the
 * message and the small case that shows it. Anything else an audit throws is an `error`.
 */
export class AuditFailure extends Error {
  override readonly name = 'AuditFailure'
  constructor(
    message: string,
    /** A small JSON-able reproduction: the request, the expected and actual answer. */
    readonly minimalCase?: unknown,
  ) {
    super(message)
  }
}

/** Throws {@link AuditFailure} with `message` unless `condition` holds. */
export function check(
  condition: boolean,
  message: string,
  minimalCase?: unknown,
): asserts condition {
  if (!condition) throw new AuditFailure(message, minimalCase)
}

/** What a report shows of a response: status, content type and the start of the body. */
export function describeResponse(response: ProtocolResponse): Record<string, unknown> {
  const text = response.text.length > 500 ? `${response.text.slice(0, 500)}...` : response.text
  return { status: response.status, contentType: response.headers['content-type'], body: text }
}

/** Fails unless the response has one of the `expected` statuses. */
export function expectStatus(
  response: ProtocolResponse,
  expected: number | readonly number[],
  what: string,
): void {
  const allowed = typeof expected === 'number' ? [expected] : expected
  check(
    allowed.includes(response.status),
    `${what}: expected status ${allowed.join(' or ')}, got ${response.status}`,
    describeResponse(response),
  )
}

/** The body parsed as JSON; fails (not errors) when it is not JSON, naming `what`. */
export function jsonBody(response: ProtocolResponse, what: string): unknown {
  try {
    return JSON.parse(response.text) as unknown
  } catch {
    throw new AuditFailure(`${what}: the body is not JSON`, describeResponse(response))
  }
}

/** True when the response's content type is `type` (parameters such as charset ignored). */
export function hasContentType(response: ProtocolResponse, type: string): boolean {
  const header = response.headers['content-type'] ?? ''
  return header.split(';')[0]?.trim().toLowerCase() === type.toLowerCase()
}
