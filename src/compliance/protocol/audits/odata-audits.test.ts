import { describe, expect, it } from 'vitest'
import { sqlDriverFromUrl } from '../../../drivers/sql/index.js'
import { createInProcessProtocolServer } from '../in-process-protocol-server.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolRequest, ProtocolResponse } from '../protocol-transport.js'
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
import { ODATA_AUDITS } from './odata-audits.js'

const audit = (id: string): ProtocolAudit => auditIn(ODATA_AUDITS, id)

function isOData(request: ProtocolRequest): boolean {
  return request.path.startsWith('/odata')
}

/** Rewrites the `$filter` of OData GETs (a server that misreads the expression). */
function filterRewrite(rewrite: (filter: string) => string) {
  return (request: ProtocolRequest): ProtocolRequest | undefined => {
    if (request.method !== 'GET' || !isOData(request)) return undefined
    const [path, query = ''] = request.path.split('?')
    const params = new URLSearchParams(query)
    const filter = params.get('$filter')
    if (filter === null) return undefined
    params.set('$filter', rewrite(filter))
    const rebuilt = [...params.entries()]
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('&')
    return { ...request, path: `${path ?? ''}?${rebuilt}` }
  }
}

function jsonOf(response: ProtocolResponse): Record<string, unknown> {
  return JSON.parse(response.text) as Record<string, unknown>
}

describe('ODATA_AUDITS', () => {
  const ours = ourServerPerSuite()

  // PRT-ODATA-016 (tolower/toupper) is a SHOULD our server does not implement (501).
  itPassesOnOurServer(ODATA_AUDITS, ours, { 'PRT-ODATA-016': 'fail' })

  it('send null properties as null on a driver that stores null as missing (SQLite)', async () => {
    const sqlite = await createInProcessProtocolServer({
      driver: sqlDriverFromUrl('sqlite::memory:'),
    })
    try {
      for (const id of ['PRT-ODATA-006', 'PRT-ODATA-019', 'PRT-ODATA-027']) {
        expect(await runAudit(audit(id), sqlite.transport), id).toMatchObject({ status: 'pass' })
      }
    } finally {
      await sqlite.close()
    }
  })

  describe('bite a server that gets it wrong', () => {
    it('PRT-ODATA-003 fails when an error response lacks OData-Version', async () => {
      const wrong = tamperedTransport(ours().transport, (request, response) => {
        if (!isOData(request) || response.status < 400) return undefined
        const { 'odata-version': _dropped, ...headers } = response.headers
        return { ...response, headers }
      })
      expect(await runAudit(audit('PRT-ODATA-003'), wrong)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-ODATA-008 fails when ne drops null values (SQL semantics)', async () => {
      const sqlNe = rewrittenTransport(
        ours().transport,
        filterRewrite((filter) =>
          filter.replace(/\((\w+) ne ('[^']*'|\d+|true)\)$/, '($1 ne $2 and $1 ne null)'),
        ),
      )
      expect(await runAudit(audit('PRT-ODATA-008'), sqlNe)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-ODATA-010 fails when doubled quotes are not undone', async () => {
      const literalQuotes = rewrittenTransport(
        ours().transport,
        filterRewrite((filter) => filter.replace("'O''Hara'", "'O''''Hara'")),
      )
      expect(await runAudit(audit('PRT-ODATA-010'), literalQuotes)).toMatchObject({
        status: 'fail',
      })
    })

    it('PRT-ODATA-013 fails when and/or are grouped left to right', async () => {
      const leftToRight = rewrittenTransport(
        ours().transport,
        filterRewrite((filter) =>
          filter.replace(
            '(qty gt 4 or active eq true and qty lt 2)',
            '((qty gt 4 or active eq true) and qty lt 2)',
          ),
        ),
      )
      const outcome = await runAudit(audit('PRT-ODATA-013'), leftToRight)
      expect(outcome).toMatchObject({ status: 'fail' })
    })

    it('PRT-ODATA-017 fails when an unsupported function is answered 200 with everything', async () => {
      const ignoresTolower = rewrittenTransport(
        ours().transport,
        filterRewrite((filter) =>
          filter.includes('tolower(name)') ? filter.replace(/ and \(.*\)$/, '') : filter,
        ),
      )
      expect(await runAudit(audit('PRT-ODATA-017'), ignoresTolower)).toMatchObject({
        status: 'fail',
      })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-ODATA-017 fails when a refusal is a 500', async () => {
      const crashes = tamperedTransport(ours().transport, (request, response) =>
        isOData(request) && response.status === 501 ? { ...response, status: 500 } : undefined,
      )
      expect(await runAudit(audit('PRT-ODATA-017'), crashes)).toMatchObject({ status: 'fail' })
    })

    it('PRT-ODATA-020 fails when nulls sort last ascending', async () => {
      const nullsLast = tamperedTransport(ours().transport, (request, response) => {
        if (!isOData(request) || !decodedPath(request).includes('$orderby=qty,name desc'))
          return undefined
        const body = jsonOf(response)
        const rows = body['value'] as Record<string, unknown>[]
        const sorted = [
          ...rows.filter((r) => r['qty'] !== null),
          ...rows.filter((r) => r['qty'] === null),
        ]
        return withJsonBody(response, { ...body, value: sorted })
      })
      expect(await runAudit(audit('PRT-ODATA-020'), nullsLast)).toMatchObject({ status: 'fail' })
    })

    it('PRT-ODATA-022 fails when $skip is ignored', async () => {
      const noSkip = rewrittenTransport(ours().transport, (request) =>
        isOData(request) && request.path.includes('$skip=')
          ? { ...request, path: request.path.replace(/\$skip=\d+/, '$skip=0') }
          : undefined,
      )
      expect(await runAudit(audit('PRT-ODATA-022'), noSkip)).toMatchObject({ status: 'fail' })
    })

    it('PRT-ODATA-026 fails when $apply is silently ignored', async () => {
      const ignoresApply = rewrittenTransport(ours().transport, (request) =>
        isOData(request) && request.path.includes('$apply=')
          ? { ...request, path: request.path.replace(/&?\$apply=[^&]*/, '') }
          : undefined,
      )
      expect(await runAudit(audit('PRT-ODATA-026'), ignoresApply)).toMatchObject({ status: 'fail' })
    })

    it('PRT-ODATA-031 fails when PATCH replaces instead of merging', async () => {
      const replaces = rewrittenTransport(ours().transport, (request) =>
        request.method === 'PATCH' && isOData(request) ? { ...request, method: 'PUT' } : undefined,
      )
      expect(await runAudit(audit('PRT-ODATA-031'), replaces)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-ODATA-035 fails when If-Match is ignored', async () => {
      const ignoresIfMatch = rewrittenTransport(ours().transport, (request) => {
        if (!isOData(request) || request.headers?.['if-match'] === undefined) return undefined
        const { 'if-match': _dropped, ...headers } = request.headers
        return { ...request, headers }
      })
      expect(await runAudit(audit('PRT-ODATA-035'), ignoresIfMatch)).toMatchObject({
        status: 'fail',
      })
      await expectNoRecordsLeft(ours().kernel)
    })

    it('PRT-ODATA-036 fails, and cleans up, when a changeset is not atomic', async () => {
      const splitsGroups = rewrittenTransport(ours().transport, (request) => {
        if (!isOData(request) || !request.path.endsWith('$batch')) return undefined
        const body = JSON.parse(String(request.body)) as { requests: Record<string, unknown>[] }
        const requests = body.requests.map(({ atomicityGroup: _dropped, ...rest }) => rest)
        return {
          ...request,
          headers: { ...request.headers, prefer: 'odata.continue-on-error' },
          body: JSON.stringify({ requests }),
        }
      })
      expect(await runAudit(audit('PRT-ODATA-036'), splitsGroups)).toMatchObject({ status: 'fail' })
      await expectNoRecordsLeft(ours().kernel)
    })
  })
})
