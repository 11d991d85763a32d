import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check } from '../protocol-checks.js'
import { expectNothingStored, expectRestError, expectUnchanged } from './rest-checks.js'
import { withRest } from './rest-session.js'
import { asRecord } from './sample-items.js'

const REST = ['rest'] as const

/** An object no server under audit declares. */
const MISSING_OBJECT = 'prt_no_such_object'

function item(context: ProtocolAuditContext, name = 'kept') {
  return { run: context.runId, name, qty: 2, status: 'open' }
}

/** The field names in `details.errors` of a VALIDATION_FAILED error. */
function failingFields(details: Readonly<Record<string, unknown>> | undefined): string[] {
  const errors = details?.['errors']
  if (!Array.isArray(errors)) return []
  return errors.map((entry) => {
    const field = asRecord(entry)?.['field']
    return typeof field === 'string' ? field : ''
  })
}

/** REST audits of refused requests: status, error envelope, and nothing written. */
export const REST_ERROR_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-REST-015',
    level: 'MUST',
    group: 'rest',
    title: 'GET of an unknown id is 404 with the error envelope, code NOT_FOUND',
    cites: 'RFC 9110 §15.5.5',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const path = rest.record(`${context.runId}-missing`)
        expectRestError(await rest.send('GET', path), 404, ['NOT_FOUND'], `GET ${path}`)
        return pass()
      }),
  },
  {
    id: 'PRT-REST-016',
    level: 'MUST',
    group: 'rest',
    title: 'an unknown object is 404 OBJECT_NOT_FOUND for list, get and create',
    cites: 'RFC 9110 §15.5.5',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const list = rest.collection(MISSING_OBJECT)
        expectRestError(await rest.send('GET', list), 404, ['OBJECT_NOT_FOUND'], `GET ${list}`)
        const one = rest.record('x', MISSING_OBJECT)
        expectRestError(await rest.send('GET', one), 404, ['OBJECT_NOT_FOUND'], `GET ${one}`)
        const created = await rest.send('POST', list, item(context))
        expectRestError(created, 404, ['OBJECT_NOT_FOUND'], `POST ${list}`)
        return pass()
      }),
  },
  {
    id: 'PRT-REST-017',
    level: 'MUST',
    group: 'rest',
    title: 'PATCH, PUT and DELETE of an unknown id are 404 NOT_FOUND and create nothing',
    cites: 'RFC 9110 §15.5.5, §9.3.4',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const path = rest.record(`${context.runId}-missing`)
        expectRestError(
          await rest.send('PATCH', path, { qty: 1 }),
          404,
          ['NOT_FOUND'],
          `PATCH ${path}`,
        )
        expectRestError(
          await rest.send('PUT', path, item(context)),
          404,
          ['NOT_FOUND'],
          `PUT ${path}`,
        )
        expectRestError(await rest.send('DELETE', path), 404, ['NOT_FOUND'], `DELETE ${path}`)
        await expectNothingStored(rest, 'a write to an unknown id')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-018',
    level: 'MUST',
    group: 'rest',
    title:
      'invalid values are 400 VALIDATION_FAILED naming every failing field; nothing is written',
    cites: 'RFC 9110 §15.5.1; docs/SPEC.md KRN-VAL-001',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const bad = { run: context.runId, name: 5, qty: -1, status: 'bogus', active: 'yes' }
        const error = expectRestError(
          await rest.send('POST', rest.collection(), bad),
          400,
          ['VALIDATION_FAILED'],
          'POST with invalid values',
        )
        const named = failingFields(error.details)
        const missing = ['name', 'qty', 'status', 'active'].filter(
          (field) => !named.includes(field),
        )
        check(missing.length === 0, `details.errors does not name ${missing.join(', ')}`, error)
        const noName = await rest.send('POST', rest.collection(), { run: context.runId, qty: 1 })
        const required = expectRestError(
          noName,
          400,
          ['VALIDATION_FAILED'],
          'POST without the required name',
        )
        check(
          failingFields(required.details).includes('name'),
          'details.errors does not name the missing name',
          required,
        )
        await expectNothingStored(rest, 'an invalid POST')
        const kept = await rest.create(item(context))
        const patch = await rest.send('PATCH', rest.record(kept.id), { qty: -5 })
        expectRestError(patch, 400, ['VALIDATION_FAILED'], 'PATCH with qty below its minimum')
        await expectUnchanged(rest, kept.id, item(context), 'the invalid PATCH')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-019',
    level: 'MUST',
    group: 'rest',
    title: 'a body with an undeclared field is 400 INVALID_FIELD naming it; nothing is written',
    cites: 'RFC 9110 §15.5.1; docs/SPEC.md KRN-AST-007',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const body = { ...item(context), prt_undeclared: 1 }
        const error = expectRestError(
          await rest.send('POST', rest.collection(), body),
          400,
          ['INVALID_FIELD'],
          'POST with an undeclared field',
        )
        check(
          JSON.stringify(error).includes('prt_undeclared'),
          'the error does not name the undeclared field',
          error,
        )
        await expectNothingStored(rest, 'a POST with an undeclared field')
        const kept = await rest.create(item(context))
        const patch = await rest.send('PATCH', rest.record(kept.id), { prt_undeclared: 2, qty: 9 })
        expectRestError(patch, 400, ['INVALID_FIELD'], 'PATCH with an undeclared field')
        await expectUnchanged(rest, kept.id, item(context), 'the PATCH with an undeclared field')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-020',
    level: 'MUST',
    group: 'rest',
    title: 'a body that is not valid JSON is 400 INVALID_REQUEST; nothing is written',
    cites: 'RFC 9110 §15.5.1; RFC 8259 §2',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const broken = `{"run": ${JSON.stringify(context.runId)}, "name": "x",`
        expectRestError(
          await rest.send('POST', rest.collection(), broken),
          400,
          ['INVALID_REQUEST'],
          'POST with truncated JSON',
        )
        await expectNothingStored(rest, 'a POST with truncated JSON')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-021',
    level: 'SHOULD',
    group: 'rest',
    title: 'a body in a media type other than JSON is 415 Unsupported Media Type',
    cites: 'RFC 9110 §15.5.16',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const body = JSON.stringify(item(context))
        const response = await rest.send('POST', rest.collection(), body, {
          'content-type': 'text/plain',
        })
        expectRestError(response, 415, ['INVALID_REQUEST'], 'POST as text/plain')
        await expectNothingStored(rest, 'a text/plain POST')
        return pass()
      }),
  },
  {
    id: 'PRT-REST-022',
    level: 'MUST',
    group: 'rest',
    title: 'an unknown field or operator in filter or sort is 400, never a widened list',
    cites: 'RFC 9110 §15.5.1; docs/SPEC.md KRN-AST-006, KRN-AST-007',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        await rest.create(item(context))
        const cases: [string, string, string][] = [
          [
            rest.listPath({ filter: { prt_undeclared: 1 } }),
            'INVALID_FIELD',
            'a filter on an undeclared field',
          ],
          [
            rest.listPath({ filter: { qty: { $almost: 2 } } }),
            'INVALID_FILTER',
            'an unknown operator',
          ],
          [
            rest.listPath({ sort: 'prt_undeclared' }),
            'INVALID_FIELD',
            'a sort on an undeclared field',
          ],
          [
            `${rest.collection()}?filter=${encodeURIComponent('{"run":')}`,
            'INVALID_FILTER',
            'a filter that is not JSON',
          ],
        ]
        for (const [path, code, what] of cases) {
          expectRestError(await rest.send('GET', path), 400, [code], what)
        }
        return pass(`${cases.length} cases`)
      }),
  },
  {
    id: 'PRT-REST-023',
    level: 'MUST',
    group: 'rest',
    title: 'an unknown query parameter is 400 INVALID_QUERY, not ignored',
    cites: 'RFC 9110 §15.5.1; docs/SPEC.md KRN-AST-006',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        await rest.create(item(context))
        const path = rest.listPath({ extra: { fitler: JSON.stringify({ name: 'nobody' }) } })
        expectRestError(
          await rest.send('GET', path),
          400,
          ['INVALID_QUERY'],
          'a misspelt filter parameter',
        )
        return pass()
      }),
  },
  {
    id: 'PRT-REST-024',
    level: 'MUST',
    group: 'rest',
    title: 'an unknown action is 404 ACTION_NOT_FOUND',
    cites: 'RFC 9110 §15.5.5',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const path = `${context.paths.actions}/prt_items/prt_no_such_action`
        expectRestError(
          await rest.send('POST', path, {}),
          404,
          ['ACTION_NOT_FOUND'],
          `POST ${path}`,
        )
        return pass()
      }),
  },
]
