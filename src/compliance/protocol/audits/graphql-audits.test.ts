import { beforeAll, describe, expect, it } from 'vitest'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolRequest, ProtocolTransport } from '../protocol-transport.js'
import {
  auditIn,
  expectNoRecordsLeft,
  itPassesOnOurServer,
  ourServerPerSuite,
  rewrittenTransport,
  runAudit,
  tamperedTransport,
  withJsonBody,
} from './protocol-audit.test-utils.js'
import { GRAPHQL_AUDITS } from './graphql-audits.js'

const audit = (id: string): ProtocolAudit => auditIn(GRAPHQL_AUDITS, id)

function isGraphQL(request: ProtocolRequest): boolean {
  return request.path.startsWith('/graphql')
}

/** The parsed JSON body of a POSTed GraphQL request. */
function requestBody(request: ProtocolRequest): {
  query: string
  variables?: Record<string, unknown>
} {
  return JSON.parse(String(request.body)) as { query: string; variables?: Record<string, unknown> }
}

describe('GRAPHQL_AUDITS', () => {
  const ours = ourServerPerSuite()

  itPassesOnOurServer(GRAPHQL_AUDITS, ours)

  describe('bite a server that gets it wrong', () => {
    let transport: ProtocolTransport
    beforeAll(() => {
      transport = ours().transport
    })

    it('PRT-GQL-002 fails when every answer claims application/json', async () => {
      const wrong = tamperedTransport(transport, (request, response) =>
        isGraphQL(request)
          ? { ...response, headers: { ...response.headers, 'content-type': 'application/json' } }
          : undefined,
      )
      expect(await runAudit(audit('PRT-GQL-002'), wrong)).toMatchObject({ status: 'fail' })
    })

    it('PRT-GQL-004 fails, and cleans up, when a GET mutation is executed', async () => {
      const executesGet = rewrittenTransport(transport, (request) => {
        if (request.method !== 'GET' || !isGraphQL(request)) return undefined
        const query = new URLSearchParams(request.path.split('?')[1] ?? '').get('query') ?? ''
        return {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query }),
        }
      })
      const outcome = await runAudit(audit('PRT-GQL-004'), executesGet)
      expect(outcome).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-GQL-006 fails when a syntax error is answered 200 with data: null', async () => {
      const wrong = tamperedTransport(transport, (request, response) => {
        if (!isGraphQL(request) || response.status < 400) return undefined
        const body = JSON.parse(response.text) as Record<string, unknown>
        return withJsonBody({ ...response, status: 200 }, { ...body, data: null })
      })
      expect(await runAudit(audit('PRT-GQL-006'), wrong)).toMatchObject({ status: 'fail' })
    })

    it('PRT-GQL-012 fails when the list ignores the run filter', async () => {
      const dropsFilter = rewrittenTransport(transport, (request) => {
        if (request.method !== 'POST' || !isGraphQL(request)) return undefined
        const body = requestBody(request)
        if (!body.query.includes('prtItemsList(where: $where, limit: 100)')) return undefined
        return { ...request, body: JSON.stringify({ ...body, variables: { where: {} } }) }
      })
      expect(await runAudit(audit('PRT-GQL-012'), dropsFilter)).toMatchObject({ status: 'fail' })
    })

    it('PRT-GQL-017 fails when totalCount is the page length', async () => {
      const pageCount = tamperedTransport(transport, (request, response) => {
        if (!isGraphQL(request) || !response.text.includes('"totalCount"')) return undefined
        return { ...response, text: response.text.replace(/"totalCount":\d+/g, '"totalCount":1') }
      })
      expect(await runAudit(audit('PRT-GQL-017'), pageCount)).toMatchObject({ status: 'fail' })
    })

    it('PRT-GQL-018 fails when after is ignored', async () => {
      const ignoresAfter = rewrittenTransport(transport, (request) => {
        if (request.method !== 'POST' || !isGraphQL(request)) return undefined
        const body = requestBody(request)
        if (body.variables?.['after'] === undefined) return undefined
        return {
          ...request,
          body: JSON.stringify({ ...body, variables: { ...body.variables, after: null } }),
        }
      })
      expect(await runAudit(audit('PRT-GQL-018'), ignoresAfter)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-GQL-019 fails when lookups resolve to null', async () => {
      const noLookups = tamperedTransport(transport, (request, response) => {
        if (!isGraphQL(request) || !response.text.includes('"owner_ref"')) return undefined
        return {
          ...response,
          text: response.text.replace(/"owner_ref":\{[^}]*\}/g, '"owner_ref":null'),
        }
      })
      expect(await runAudit(audit('PRT-GQL-019'), noLookups)).toMatchObject({ status: 'fail' })
    })

    it('PRT-GQL-021 fails when errors lose their extensions', async () => {
      const bare = tamperedTransport(transport, (request, response) => {
        if (!isGraphQL(request) || !response.text.includes('"extensions"')) return undefined
        const body = JSON.parse(response.text) as { errors?: Record<string, unknown>[] }
        const errors = body.errors?.map(({ extensions: _dropped, ...rest }) => rest)
        return withJsonBody(response, { ...body, errors })
      })
      expect(await runAudit(audit('PRT-GQL-021'), bare)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })
  })
})
