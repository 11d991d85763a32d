import { describe, expect, it } from 'vitest'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolRequest } from '../protocol-transport.js'
import { CROSS_PROTOCOL_AUDITS } from './cross-protocol-audits.js'
import {
  auditIn,
  decodedPath,
  expectNoRecordsLeft,
  itPassesOnOurServer,
  ourServerPerSuite,
  rewrittenTransport,
  runAudit,
  tamperedTransport,
  withJsonBody,
} from './protocol-audit.test-utils.js'
import { firstDifference, normalizeItem } from './cross-protocol-records.js'

const audit = (id: string): ProtocolAudit => auditIn(CROSS_PROTOCOL_AUDITS, id)

function jsonRequest(request: ProtocolRequest): Record<string, unknown> {
  return JSON.parse(String(request.body)) as Record<string, unknown>
}

describe('normalizeItem', () => {
  it('reads missing as null, numeric strings as numbers and date-times as dates', () => {
    const a = normalizeItem({ id: 'x', name: 'n', qty: '4.5', due: '2024-01-02T00:00:00Z' })
    expect(a).toMatchObject({ qty: 4.5, due: '2024-01-02', notes: null, owner: null })
    expect(
      firstDifference(a, normalizeItem({ id: 'x', name: 'n', qty: 4.5, due: '2024-01-02' })),
    ).toBeUndefined()
    expect(firstDifference(a, normalizeItem({ id: 'x', name: 'n', qty: 4.5, notes: '' }))).toBe(
      'due',
    )
  })
})

describe('CROSS_PROTOCOL_AUDITS', () => {
  const ours = ourServerPerSuite()

  itPassesOnOurServer(CROSS_PROTOCOL_AUDITS, ours)

  describe('bite a server whose protocols disagree', () => {
    it('PRT-X-001 names the pair and both values when GraphQL ignores offset', async () => {
      const noOffset = rewrittenTransport(ours().transport, (request) => {
        if (request.method !== 'POST' || !request.path.startsWith('/graphql')) return undefined
        const body = jsonRequest(request)
        const variables = body['variables'] as Record<string, unknown> | undefined
        if (variables?.['offset'] === undefined) return undefined
        return {
          ...request,
          body: JSON.stringify({ ...body, variables: { ...variables, offset: 0 } }),
        }
      })
      const outcome = await runAudit(audit('PRT-X-001'), noOffset)
      expect(outcome).toMatchObject({
        status: 'fail',
        minimalCase: {
          pair: ['rest', 'graphql'],
          rest: expect.any(Array),
          graphql: expect.any(Array),
        },
      })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-X-002 fails when OData /$count is off by one', async () => {
      const offByOne = tamperedTransport(ours().transport, (request, response) =>
        decodedPath(request).includes('/$count?')
          ? { ...response, text: String(Number(response.text) + 1) }
          : undefined,
      )
      const outcome = await runAudit(audit('PRT-X-002'), offByOne)
      expect(outcome).toMatchObject({ status: 'fail', message: expect.stringContaining('odata') })
    })

    it('PRT-X-003 fails when REST reads null notes as an empty string', async () => {
      const emptyNotes = tamperedTransport(ours().transport, (request, response) => {
        if (request.method !== 'GET' || !/^\/api\/data\/prt_items\/[^?]+$/.test(request.path)) {
          return undefined
        }
        const body = JSON.parse(response.text) as Record<string, unknown>
        return withJsonBody(response, { ...body, notes: body['notes'] ?? '' })
      })
      const outcome = await runAudit(audit('PRT-X-003'), emptyNotes)
      expect(outcome).toMatchObject({
        status: 'fail',
        minimalCase: { field: 'notes', expected: null, rest: '' },
      })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-X-004 fails when the OData PATCH replaces the record', async () => {
      const replaces = rewrittenTransport(ours().transport, (request) =>
        request.method === 'PATCH' && request.path.startsWith('/odata')
          ? { ...request, method: 'PUT' }
          : undefined,
      )
      expect(await runAudit(audit('PRT-X-004'), replaces)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-X-005 fails when the JSON-RPC delete does not delete', async () => {
      const noDelete = rewrittenTransport(ours().transport, (request) => {
        if (!request.path.startsWith('/rpc')) return undefined
        const body = jsonRequest(request)
        return body['method'] === 'object.delete'
          ? { ...request, body: JSON.stringify({ ...body, method: 'object.get' }) }
          : undefined
      })
      expect(await runAudit(audit('PRT-X-005'), noDelete)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-X-006 fails when OData sorts nulls last', async () => {
      const nullsLast = tamperedTransport(ours().transport, (request, response) => {
        if (!decodedPath(request).includes('$orderby=qty,id')) return undefined
        const body = JSON.parse(response.text) as Record<string, unknown>
        const rows = body['value'] as Record<string, unknown>[]
        const value = [
          ...rows.filter((r) => r['qty'] !== null),
          ...rows.filter((r) => r['qty'] === null),
        ]
        return withJsonBody(response, { ...body, value })
      })
      const outcome = await runAudit(audit('PRT-X-006'), nullsLast)
      expect(outcome).toMatchObject({ status: 'fail', minimalCase: { pair: ['rest', 'odata'] } })
      await expectNoRecordsLeft(ours().kernel)
    })
  })
})
