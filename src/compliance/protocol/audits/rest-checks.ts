import { check, describeResponse, expectStatus, jsonBody } from '../protocol-checks.js'
import type { ProtocolResponse } from '../protocol-transport.js'
import type { RestSession } from './rest-session.js'
import { asRecord, mismatchedFields } from './sample-items.js'

/** The `error` member of an ObjectQL REST error body. */
export interface RestErrorBody {
  readonly code: string
  readonly message: string
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * Fails unless `response` has `status` and the ObjectQL error envelope
 * `{ error: { code, message, details? } }` with one of `codes`; returns the error member.
 */
export function expectRestError(
  response: ProtocolResponse,
  status: number,
  codes: readonly string[],
  what: string,
): RestErrorBody {
  expectStatus(response, status, what)
  const error = asRecord(asRecord(jsonBody(response, what))?.['error'])
  check(
    error !== undefined &&
      typeof error['code'] === 'string' &&
      typeof error['message'] === 'string' &&
      (error['details'] === undefined || asRecord(error['details']) !== undefined),
    `${what}: expected the error envelope { error: { code, message, details? } }`,
    describeResponse(response),
  )
  const code = error['code']
  check(
    codes.includes(code),
    `${what}: expected error code ${codes.join(' or ')}, got ${code}`,
    describeResponse(response),
  )
  return error as unknown as RestErrorBody
}

/** Fails when the run has records: a refused write must store nothing. */
export async function expectNothingStored(rest: RestSession, what: string): Promise<void> {
  const stored = await rest.readBack()
  check(stored.length === 0, `${what} was refused but stored ${stored.length} record(s)`, stored)
}

/** Fails unless the record still holds `expected` (a refused change must change nothing). */
export async function expectUnchanged(
  rest: RestSession,
  id: string,
  expected: Readonly<Record<string, unknown>>,
  what: string,
): Promise<void> {
  const read = await rest.send('GET', rest.record(id))
  expectStatus(read, 200, `GET after ${what}`)
  const wrong = mismatchedFields(expected, rest.recordOf(read, `GET after ${what}`))
  check(wrong.length === 0, `${what} was refused but changed ${wrong.join(', ')}`)
}

/** The ids of `records`, in order. */
export function idList(records: readonly { readonly id: string }[]): string[] {
  return records.map((record) => record.id)
}
