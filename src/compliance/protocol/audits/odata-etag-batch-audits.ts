import { pass, skip } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { AuditFailure, check, describeResponse, expectStatus } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import {
  checkErrorResponse,
  createEntity,
  entityPath,
  itemRows,
  jsonObject,
  odataRemover,
  odataRequest,
  resourcePath,
} from './odata-client.js'
import { isProperRefusal } from './odata-filter-cases.js'

const NEEDS = ['odata'] as const

/** The entity's current ETag from a GET, or undefined when the service sends none. */
async function currentETag(ctx: ProtocolAuditContext, id: string): Promise<string | undefined> {
  const response = await odataRequest(ctx, 'GET', entityPath(ctx, PRT_ITEMS, id))
  expectStatus(response, 200, 'GET the entity')
  return response.headers['etag']
}

/** The qty the entity has now. */
async function currentQty(ctx: ProtocolAuditContext, id: string): Promise<unknown> {
  const response = await odataRequest(ctx, 'GET', entityPath(ctx, PRT_ITEMS, id))
  expectStatus(response, 200, 'GET the entity')
  return jsonObject(response, 'GET the entity')['qty']
}

const NO_ETAG = 'the service sends no ETag for entities (optional, RFC 9110 §8.8.3)'

/** Conditional requests with ETags, and atomic `$batch` changesets. */
export const ODATA_ETAG_BATCH_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-ODATA-034',
    level: 'SHOULD',
    group: 'odata',
    title: 'GET with If-None-Match of the current ETag is 304; after a change it is 200',
    cites: 'OData v4.01 Part 1 §8.2.5, §8.3.2, §9.1.6',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const id = (
          await createEntity(ctx, tracker, PRT_ITEMS, { name: 'tagged', run: ctx.runId, qty: 1 })
        )['id'] as string
        const etag = await currentETag(ctx, id)
        if (etag === undefined) return skip('not-applicable', NO_ETAG)
        const path = entityPath(ctx, PRT_ITEMS, id)
        const unchanged = await odataRequest(ctx, 'GET', path, undefined, { 'if-none-match': etag })
        expectStatus(unchanged, 304, 'GET with If-None-Match of the current ETag')
        check(unchanged.text === '', 'a 304 has no body', describeResponse(unchanged))
        const patched = await odataRequest(ctx, 'PATCH', path, { qty: 2 })
        expectStatus(patched, [200, 204], 'PATCH')
        const changed = await odataRequest(ctx, 'GET', path, undefined, { 'if-none-match': etag })
        expectStatus(changed, 200, 'GET with If-None-Match of an outdated ETag')
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-035',
    level: 'MUST',
    group: 'odata',
    title: 'PATCH or DELETE with If-Match of an outdated ETag is 412 and changes nothing',
    cites: 'OData v4.01 Part 1 §8.2.4, §9.2.5, §11.4.1.1',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const id = (
          await createEntity(ctx, tracker, PRT_ITEMS, { name: 'guarded', run: ctx.runId, qty: 1 })
        )['id'] as string
        const first = await currentETag(ctx, id)
        if (first === undefined) return skip('not-applicable', NO_ETAG)
        const path = entityPath(ctx, PRT_ITEMS, id)
        const matching = await odataRequest(ctx, 'PATCH', path, { qty: 5 }, { 'if-match': first })
        expectStatus(matching, [200, 204], 'PATCH with If-Match of the current ETag')
        const stale = await odataRequest(ctx, 'PATCH', path, { qty: 7 }, { 'if-match': first })
        expectStatus(stale, 412, 'PATCH with If-Match of an outdated ETag')
        checkErrorResponse(stale, 'PATCH with an outdated ETag')
        const qty = await currentQty(ctx, id)
        check(qty === 5, `the refused PATCH changed the entity (qty ${String(qty)})`, { qty })
        const staleDelete = await odataRequest(ctx, 'DELETE', path, undefined, {
          'if-match': first,
        })
        expectStatus(staleDelete, 412, 'DELETE with If-Match of an outdated ETag')
        expectStatus(
          await odataRequest(ctx, 'GET', path),
          200,
          'GET after a refused DELETE (the entity must still exist)',
        )
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-036',
    level: 'MUST',
    group: 'odata',
    title: 'A $batch atomicity group with a failing request leaves none of its changes',
    cites: 'JSON Format v4.01 §19.1, §19.4; OData v4.01 Part 1 §11.7',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const request = (id: string, body: Record<string, unknown>) => ({
          id,
          method: 'POST',
          url: PRT_ITEMS,
          atomicityGroup: 'g1',
          headers: { 'content-type': 'application/json' },
          body: { ...body, run: ctx.runId },
        })
        const response = await odataRequest(ctx, 'POST', resourcePath(ctx, '$batch'), {
          requests: [request('ok', { name: 'in batch' }), request('bad', { qty: 1 })],
        })
        const stored = await itemRows(ctx, undefined)
        for (const row of stored) tracker.add(PRT_ITEMS, String(row['id']))
        if (response.status >= 400) {
          if (isProperRefusal(response)) {
            return skip('not-applicable', `JSON $batch is not supported (${response.status})`)
          }
          throw new AuditFailure('$batch: a refusal must be 4xx or 501 with an OData error body', {
            response: describeResponse(response),
          })
        }
        expectStatus(response, 200, 'POST $batch')
        const responses = jsonObject(response, '$batch')['responses']
        check(Array.isArray(responses), "a JSON batch response has a 'responses' array", {
          response: describeResponse(response),
        })
        const statuses = (responses as { id?: unknown; status?: unknown }[]).map((r) => r.status)
        if (statuses.includes(501) && stored.length === 0) {
          return skip('not-applicable', 'atomicity groups are not supported (501)')
        }
        check(
          stored.length === 0,
          'the atomicity group failed but its successful request was kept',
          { stored, statuses },
        )
        check(
          (responses as { id?: unknown; status?: unknown }[]).some(
            (r) => r.id === 'bad' && typeof r.status === 'number' && r.status >= 400,
          ) || statuses.every((s) => typeof s === 'number' && s >= 400),
          'the failing request must be answered with an error status',
          { statuses },
        )
        return pass()
      })
    },
  },
]
