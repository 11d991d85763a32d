import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check } from '../protocol-checks.js'
import { expectedMatches } from './item-filter-arbitrary.js'
import { createItem, rpcItem, expectApplicationError, expectValues } from './rpc-records.js'
import { asRecord, sampleItems } from './sample-items.js'
import { RPC_CODES, withRpc } from './rpc-session.js'

const RPC = ['json-rpc'] as const

/** JSON-RPC audits of the data methods (upstream's names and parameter orders). */
export const RPC_DATA_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-RPC-016',
    level: 'MUST',
    group: 'json-rpc',
    title: 'object.create returns the new record; object.get reads it back equal',
    cites: 'ObjectQL JSON-RPC; JSON-RPC 2.0 §4',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const values = rpcItem(context)
        const created = await createItem(rpc, values)
        expectValues(values, created, 'object.create')
        expectValues(
          created,
          await rpc.result('object.get', ['prt_items', created.id]),
          'object.get',
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-017',
    level: 'MUST',
    group: 'json-rpc',
    title: 'object.find and object.count agree with the records a filter matches',
    cites: 'ObjectQL JSON-RPC; docs/SPEC.md DRV-AGG-001',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const values = sampleItems(context.runId)
        const stored = []
        for (const value of values) stored.push({ ...value, id: (await createItem(rpc, value)).id })
        for (const where of [
          { status: { $eq: 'open' } },
          { qty: { $gte: 3 } },
          { $or: [{ active: { $eq: false } }, { due: { $null: true } }] },
        ]) {
          const expected = expectedMatches(where, stored).sort()
          const found = (await rpc.find(where)).map((record) => String(record['id'])).sort()
          check(
            JSON.stringify(found) === JSON.stringify(expected),
            `object.find ${JSON.stringify(where)} found ${found.length} records, expected ${expected.length}`,
            { where, expected, found },
          )
          const count = await rpc.result('object.count', [
            'prt_items',
            { $and: [{ run: context.runId }, where] },
          ])
          check(
            count === expected.length,
            `object.count ${JSON.stringify(where)} is ${JSON.stringify(count)}, expected ${expected.length}`,
            { where },
          )
        }
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-018',
    level: 'MUST',
    group: 'json-rpc',
    title: 'object.update merges the given fields and returns the whole record',
    cites: 'ObjectQL JSON-RPC; docs/SPEC.md DRV-WRITE',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const values = rpcItem(context)
        const created = await createItem(rpc, values)
        const expected = { ...values, qty: 42, notes: null }
        expectValues(
          expected,
          await rpc.result('object.update', ['prt_items', created.id, { qty: 42, notes: null }]),
          'object.update',
        )
        expectValues(
          expected,
          await rpc.result('object.get', ['prt_items', created.id]),
          'object.get after update',
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-019',
    level: 'MUST',
    group: 'json-rpc',
    title: 'object.delete returns true, then object.get is NOT_FOUND and a second delete false',
    cites: 'ObjectQL JSON-RPC; JSON-RPC 2.0 §5.1',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const created = await createItem(rpc, rpcItem(context))
        const first = await rpc.result('object.delete', ['prt_items', created.id])
        check(first === true, `object.delete of a record returned ${JSON.stringify(first)}`)
        const error = await rpc.error(
          'object.get',
          ['prt_items', created.id],
          'object.get after delete',
        )
        expectApplicationError(error, 'NOT_FOUND', 'object.get after delete')
        const second = await rpc.result('object.delete', ['prt_items', created.id])
        check(second === false, `a second object.delete returned ${JSON.stringify(second)}`)
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-020',
    level: 'MUST',
    group: 'json-rpc',
    title: 'an unknown field or operator in a query is -32602, never a widened result',
    cites: 'JSON-RPC 2.0 §5.1; docs/SPEC.md KRN-AST-006, KRN-AST-007',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        await createItem(rpc, rpcItem(context))
        const cases: [string, unknown, string][] = [
          ['object.find', ['prt_items', { where: { prt_undeclared: 1 } }], 'INVALID_FIELD'],
          ['object.find', ['prt_items', { where: { qty: { $almost: 1 } } }], 'INVALID_FILTER'],
          ['object.count', ['prt_items', { prt_undeclared: 1 }], 'INVALID_FIELD'],
        ]
        for (const [method, params, code] of cases) {
          const error = await rpc.error(method, params, `${method} ${JSON.stringify(params)}`)
          check(
            error['code'] === RPC_CODES.invalidParams && asRecord(error['data'])?.['code'] === code,
            `${method} ${JSON.stringify(params)}: expected -32602 with data.code ${code}`,
            error,
          )
        }
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-021',
    level: 'MUST',
    group: 'json-rpc',
    title:
      'errors carry the ObjectQL catalog code in data.code, and field problems in data.details',
    cites: 'JSON-RPC 2.0 §5.1; ObjectQL JSON-RPC',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const missing = await rpc.error(
          'object.get',
          ['prt_items', `${context.runId}-missing`],
          'object.get of an unknown id',
        )
        expectApplicationError(missing, 'NOT_FOUND', 'object.get of an unknown id')
        const object = await rpc.error(
          'metadata.get',
          ['prt_no_such_object'],
          'metadata.get of an unknown object',
        )
        expectApplicationError(object, 'OBJECT_NOT_FOUND', 'metadata.get of an unknown object')
        const invalid = await rpc.error(
          'object.create',
          ['prt_items', { run: context.runId, name: 5, qty: -1 }],
          'an invalid object.create',
        )
        const data = asRecord(invalid['data'])
        const errors = asRecord(data?.['details'])?.['errors']
        const fields = Array.isArray(errors) ? errors.map((e) => asRecord(e)?.['field']) : []
        check(
          invalid['code'] === RPC_CODES.invalidParams && data?.['code'] === 'VALIDATION_FAILED',
          'an invalid object.create needs -32602 with data.code VALIDATION_FAILED',
          invalid,
        )
        check(
          fields.includes('name') && fields.includes('qty'),
          'data.details.errors must name name and qty',
          invalid,
        )
        check((await rpc.find()).length === 0, 'the refused object.create stored a record')
        return pass()
      }),
  },
]
