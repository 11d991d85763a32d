import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check } from '../protocol-checks.js'
import { asRecord, mismatchedFields } from './sample-items.js'
import type { RpcSession } from './rpc-session.js'

/** A `prt_items` record of this run with every field set. */
export function rpcItem(context: ProtocolAuditContext) {
  return {
    run: context.runId,
    name: 'rpc',
    qty: 4,
    price: 2.5,
    active: false,
    status: 'done',
    due: '2024-02-29',
    notes: 'ü ✓',
  }
}

/** `object.create` and the new record; fails unless it is a record with a string id. */
export async function createItem(
  rpc: RpcSession,
  values: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown> & { id: string }> {
  const record = asRecord(await rpc.result('object.create', ['prt_items', values]))
  check(
    typeof record?.['id'] === 'string',
    'object.create must return the record with a string id',
    record,
  )
  return record as Record<string, unknown> & { id: string }
}

/** Fails unless `actual` is a record holding every value of `expected` (null and missing equal). */
export function expectValues(
  expected: Readonly<Record<string, unknown>>,
  actual: unknown,
  what: string,
): void {
  const record = asRecord(actual)
  check(record !== undefined, `${what}: expected a record`, actual)
  const wrong = mismatchedFields(expected, record)
  check(wrong.length === 0, `${what}: ${wrong.join(', ')} differ`, { expected, actual })
}

/** Fails unless `error` is an application error (§5.1 server range) with this catalog code. */
export function expectApplicationError(
  error: Record<string, unknown>,
  code: string,
  what: string,
): void {
  const value = error['code']
  check(
    typeof value === 'number' && value >= -32099 && value <= -32000,
    `${what}: expected an application error code (-32099..-32000), got ${JSON.stringify(value)}`,
    error,
  )
  check(asRecord(error['data'])?.['code'] === code, `${what}: expected data.code ${code}`, error)
}
