import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse, expectStatus } from '../protocol-checks.js'
import { expectRestError } from './rest-checks.js'
import { withRest } from './rest-session.js'
import type { RestSession } from './rest-session.js'
import { DECLARED_ITEM_FIELDS } from './cross-protocol-records.js'
import { mismatchedFields } from './sample-items.js'

const REST = ['rest'] as const

/** A full item of this run: every fixture field set. */
function fullItem(context: ProtocolAuditContext, name = 'full') {
  return {
    run: context.runId,
    name,
    qty: 4,
    price: 12.5,
    active: true,
    status: 'open',
    due: '2024-02-29',
    notes: 'ünïcødé ✓ "quoted"',
  }
}

/**
 * The request path a `Location` header points to. It may be relative (RFC 9110 §10.2.2) or
 * absolute; an absolute one under the audited base URL loses that base, since the transport
 * adds it again.
 */
function locationPath(rest: RestSession, location: string, requestPath: string): string {
  const target = rest.context.transport.target
  const base = /^https?:\/\//.test(target) ? target : 'http://audit.invalid'
  const resolved = new URL(location, `${base}${requestPath}`)
  const prefix = new URL(base).pathname.replace(/\/+$/, '')
  const path = resolved.pathname.startsWith(prefix)
    ? resolved.pathname.slice(prefix.length)
    : resolved.pathname
  return `${path}${resolved.search}`
}

/** Fails unless `actual` holds every value of `expected` (null and missing equal). */
function expectValues(
  expected: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
  what: string,
): void {
  const wrong = mismatchedFields(expected, actual)
  check(
    wrong.length === 0,
    `${what}: field${wrong.length === 1 ? '' : 's'} ${wrong.join(', ')} differ`,
    {
      expected,
      actual,
    },
  )
}

/** REST audits of creating, reading, changing and deleting single records. */
export const REST_WRITE_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-REST-001',
    level: 'MUST',
    group: 'rest',
    title: 'POST creates: 201, a Location naming the record, the record with its new id',
    cites: 'RFC 9110 §15.3.2, §10.2.2',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const values = fullItem(context)
        const path = rest.collection()
        const response = await rest.send('POST', path, values)
        expectStatus(response, 201, `POST ${path}`)
        const created = rest.recordOf(response, `POST ${path}`)
        expectValues(values, created, 'the created record')
        const location = response.headers['location']
        check(
          location !== undefined && location !== '',
          'a 201 answer needs a Location header',
          describeResponse(response),
        )
        const target = locationPath(rest, location, path)
        const read = await rest.send('GET', target)
        expectStatus(read, 200, `GET ${target} (the Location)`)
        check(
          rest.recordOf(read, `GET ${target}`).id === created.id,
          `Location ${location} does not name the created record ${created.id}`,
          describeResponse(read),
        )
        return pass()
      }),
  },
  {
    id: 'PRT-REST-002',
    level: 'MUST',
    group: 'rest',
    title: 'GET <object>/<id> returns the record as created, every value round-tripped',
    cites: 'RFC 9110 §9.3.1',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const values = fullItem(context)
        const created = await rest.create(values)
        const response = await rest.send('GET', rest.record(created.id))
        expectStatus(response, 200, `GET ${rest.record(created.id)}`)
        const read = rest.recordOf(response, 'GET by id')
        expectValues(values, read, 'the record read back')
        expectValues(created, read, 'the record read back against the create answer')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-003',
    level: 'MUST',
    group: 'rest',
    title: 'a given id is kept; creating it again is 409 DUPLICATE_RECORD and changes nothing',
    cites: 'RFC 9110 §15.5.10',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const id = `${context.runId}-given`
        const created = await rest.create({ ...fullItem(context), id })
        check(created.id === id, `the given id ${id} came back as ${created.id}`, created)
        const again = await rest.send('POST', rest.collection(), {
          ...fullItem(context, 'second'),
          id,
        })
        expectRestError(again, 409, ['DUPLICATE_RECORD'], 'POST of an existing id')
        const read = await rest.send('GET', rest.record(id))
        expectStatus(read, 200, 'GET after the refused duplicate')
        expectValues(
          { name: 'full' },
          rest.recordOf(read, 'GET after the duplicate'),
          'the stored record',
        )
        check((await rest.readBack()).length === 1, 'the refused duplicate was stored anyway')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-004',
    level: 'MUST',
    group: 'rest',
    title: 'ids with reserved characters are reachable at their percent-encoded URL',
    cites: 'RFC 3986 §2.1, §3.3',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const id = `${context.runId} a/b?c#d%e&f=ü+`
        const created = await rest.create({ ...fullItem(context), id })
        check(created.id === id, `the given id came back as ${JSON.stringify(created.id)}`, { id })
        const path = rest.record(id)
        const read = await rest.send('GET', path)
        expectStatus(read, 200, `GET ${path}`)
        check(
          rest.recordOf(read, `GET ${path}`).id === id,
          `GET ${path} answered another record`,
          describeResponse(read),
        )
        const patched = await rest.send('PATCH', path, { qty: 9 })
        expectStatus(patched, 200, `PATCH ${path}`)
        const removed = await rest.send('DELETE', path)
        expectStatus(removed, [200, 202, 204], `DELETE ${path}`)
        return pass()
      }),
  },
  {
    id: 'PRT-REST-005',
    level: 'MUST',
    group: 'rest',
    title: 'PATCH changes exactly the given fields (null clears one) and returns the whole record',
    cites: 'RFC 5789 §2',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const values = fullItem(context)
        const created = await rest.create(values)
        const change = { qty: 42, notes: null }
        const response = await rest.send('PATCH', rest.record(created.id), change)
        expectStatus(response, 200, 'PATCH')
        const expected = { ...values, ...change }
        expectValues(expected, rest.recordOf(response, 'PATCH'), 'the PATCH answer')
        const read = await rest.send('GET', rest.record(created.id))
        expectStatus(read, 200, 'GET after PATCH')
        expectValues(expected, rest.recordOf(read, 'GET after PATCH'), 'the record after PATCH')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-006',
    level: 'MUST',
    group: 'rest',
    title: 'PUT replaces the record: fields the body leaves out are cleared',
    cites: 'RFC 9110 §9.3.4',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const created = await rest.create(fullItem(context))
        const replacement = { run: context.runId, name: 'replaced', qty: 1 }
        const response = await rest.send('PUT', rest.record(created.id), replacement)
        expectStatus(response, 200, 'PUT')
        // The fixture declares no defaults, so every field the body leaves out is null.
        const expected: Record<string, unknown> = Object.fromEntries(
          DECLARED_ITEM_FIELDS.map((f) => [f, null]),
        )
        Object.assign(expected, replacement)
        expectValues(expected, rest.recordOf(response, 'PUT'), 'the PUT answer')
        const read = await rest.send('GET', rest.record(created.id))
        expectStatus(read, 200, 'GET after PUT')
        const stored = rest.recordOf(read, 'GET after PUT')
        expectValues(expected, stored, 'the record after PUT')
        check(stored.id === created.id, 'PUT changed the record id', stored)
        return pass()
      }),
  },
  {
    id: 'PRT-REST-007',
    level: 'MUST',
    group: 'rest',
    title: 'DELETE removes the record: then GET and a second DELETE are 404 NOT_FOUND',
    cites: 'RFC 9110 §9.3.5, §15.5.5',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const created = await rest.create(fullItem(context))
        const path = rest.record(created.id)
        expectStatus(await rest.send('DELETE', path), [200, 202, 204], `DELETE ${path}`)
        expectRestError(await rest.send('GET', path), 404, ['NOT_FOUND'], 'GET after DELETE')
        expectRestError(await rest.send('DELETE', path), 404, ['NOT_FOUND'], 'second DELETE')
        check((await rest.readBack()).length === 0, 'the deleted record is still listed')
        return pass()
      }),
  },
]
