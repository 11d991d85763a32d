import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse, expectStatus } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import type { ProtocolResponse } from '../protocol-transport.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import { checkSameItem, expectedItem } from './cross-protocol-records.js'
import type { ItemSeed } from './cross-protocol-records.js'
import {
  checkErrorResponse,
  createEntity,
  entityPath,
  itemRows,
  jsonObject,
  linkPath,
  odataRemover,
  odataRequest,
  resourcePath,
} from './odata-client.js'

const NEEDS = ['odata'] as const

const SEED: ItemSeed = {
  name: "Quote ' and ü",
  qty: 4,
  price: 19.99,
  active: true,
  status: 'open',
  due: '2025-12-31',
  notes: null,
}

async function readEntity(ctx: ProtocolAuditContext, id: string): Promise<ProtocolResponse> {
  return odataRequest(ctx, 'GET', entityPath(ctx, PRT_ITEMS, id))
}

function checkEmpty(response: ProtocolResponse, what: string): void {
  check(
    response.text === '',
    `${what}: a ${response.status} has no body`,
    describeResponse(response),
  )
}

/** Reading entities by key and creating, updating and deleting them. */
export const ODATA_WRITE_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-ODATA-027',
    level: 'MUST',
    group: 'odata',
    title: 'GET <set>(key) returns the entity with its values and an /$entity context URL',
    cites: 'OData v4.01 Part 1 §11.2.2, §10.3; JSON Format v4.01 §4.5.1',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const id = (await createEntity(ctx, tracker, PRT_ITEMS, { ...SEED, run: ctx.runId }))[
          'id'
        ] as string
        const response = await readEntity(ctx, id)
        expectStatus(response, 200, 'GET the entity by key')
        const entity = jsonObject(response, 'GET the entity by key')
        const context = entity['@odata.context']
        check(
          typeof context === 'string' &&
            context.includes(`$metadata#${PRT_ITEMS}`) &&
            context.endsWith('$entity'),
          `the context URL of an entity is <metadata>#${PRT_ITEMS}/$entity`,
          { context },
        )
        checkSameItem(entity, expectedItem(SEED, id, ctx.runId), 'GET by key')
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-028',
    level: 'MUST',
    group: 'odata',
    title: 'GET of a key that does not exist is 404 with an OData error body',
    cites: 'OData v4.01 Part 1 §9.2.1, §11.2.2; JSON Format v4.01 §21.1',
    needs: NEEDS,
    async run(ctx) {
      const response = await readEntity(ctx, `${ctx.runId}-missing`)
      expectStatus(response, 404, 'GET of a missing key')
      checkErrorResponse(response, 'GET of a missing key')
      return pass()
    },
  },
  {
    id: 'PRT-ODATA-029',
    level: 'MUST',
    group: 'odata',
    title: 'POST to the entity set is 201 with the entity and a Location that reads it back',
    cites: 'OData v4.01 Part 1 §11.4.2, §8.3.3, §9.1.2',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const path = resourcePath(ctx, PRT_ITEMS)
        const response = await odataRequest(ctx, 'POST', path, { ...SEED, run: ctx.runId })
        if (response.status < 300 && response.text.startsWith('{')) {
          const id = jsonObject(response, 'POST')['id']
          if (typeof id === 'string') tracker.add(PRT_ITEMS, id)
        }
        expectStatus(response, 201, `POST ${path}`)
        const created = jsonObject(response, `POST ${path}`)
        const id = created['id'] as string
        checkSameItem(created, expectedItem(SEED, id, ctx.runId), 'the created entity')
        const location = response.headers['location']
        check(
          location !== undefined,
          'a create must answer with a Location header',
          describeResponse(response),
        )
        const read = await odataRequest(ctx, 'GET', linkPath(ctx, location))
        expectStatus(read, 200, `GET Location (${location})`)
        check(
          jsonObject(read, 'GET Location')['id'] === id,
          'Location must address the new entity',
          {
            location,
          },
        )
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-030',
    level: 'MUST',
    group: 'odata',
    title: 'POST with Prefer: return=minimal is 204 with OData-EntityId and Location (or 201)',
    cites: 'OData v4.01 Part 1 §8.2.8.7, §8.3.4, §11.4.2',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const path = resourcePath(ctx, PRT_ITEMS)
        const response = await odataRequest(
          ctx,
          'POST',
          path,
          { name: 'minimal', run: ctx.runId },
          {
            prefer: 'return=minimal',
          },
        )
        for (const row of await itemRows(ctx, undefined)) tracker.add(PRT_ITEMS, String(row['id']))
        expectStatus(response, [201, 204], 'POST with return=minimal')
        if (response.status === 201) return pass('return=minimal not applied (201)')
        checkEmpty(response, 'POST with return=minimal')
        const entityId = response.headers['odata-entityid']
        check(
          entityId !== undefined && response.headers['location'] !== undefined,
          'a 204 create needs OData-EntityId and Location',
          describeResponse(response),
        )
        const read = await odataRequest(ctx, 'GET', linkPath(ctx, response.headers['location']))
        expectStatus(read, 200, 'GET Location of the minimal create')
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-031',
    level: 'MUST',
    group: 'odata',
    title:
      'PATCH merges the given properties: 204, or 200 with the entity for return=representation',
    cites: 'OData v4.01 Part 1 §11.4.3, §8.2.8.7',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const seed: ItemSeed = { ...SEED, notes: 'to clear' }
        const id = (await createEntity(ctx, tracker, PRT_ITEMS, { ...seed, run: ctx.runId }))[
          'id'
        ] as string
        const path = entityPath(ctx, PRT_ITEMS, id)
        const first = await odataRequest(ctx, 'PATCH', path, { qty: 9, notes: null })
        expectStatus(first, 204, 'PATCH without Prefer')
        checkEmpty(first, 'PATCH')
        let expected = expectedItem({ ...seed, qty: 9, notes: null }, id, ctx.runId)
        const afterFirst = await readEntity(ctx, id)
        expectStatus(afterFirst, 200, 'GET after PATCH')
        checkSameItem(jsonObject(afterFirst, 'GET after PATCH'), expected, 'after PATCH')
        const second = await odataRequest(
          ctx,
          'PATCH',
          path,
          { status: 'done' },
          {
            prefer: 'return=representation',
          },
        )
        expectStatus(second, [200, 204], 'PATCH with return=representation')
        expected = expectedItem({ ...seed, qty: 9, notes: null, status: 'done' }, id, ctx.runId)
        if (second.status === 200)
          checkSameItem(jsonObject(second, 'PATCH'), expected, 'PATCH answer')
        const afterSecond = await readEntity(ctx, id)
        checkSameItem(jsonObject(afterSecond, 'GET after PATCH'), expected, 'after second PATCH')
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-032',
    level: 'MUST',
    group: 'odata',
    title: 'DELETE is 204 without a body; the entity is then 404, and so is a second DELETE',
    cites: 'OData v4.01 Part 1 §11.4.5, §9.1.4, §9.2.1',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const id = (
          await createEntity(ctx, tracker, PRT_ITEMS, { name: 'doomed', run: ctx.runId })
        )['id'] as string
        const path = entityPath(ctx, PRT_ITEMS, id)
        const deleted = await odataRequest(ctx, 'DELETE', path)
        expectStatus(deleted, 204, 'DELETE')
        checkEmpty(deleted, 'DELETE')
        tracker.forget(PRT_ITEMS, id)
        expectStatus(await readEntity(ctx, id), 404, 'GET after DELETE')
        expectStatus(await odataRequest(ctx, 'DELETE', path), 404, 'a second DELETE')
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-033',
    level: 'MUST',
    group: 'odata',
    title:
      'A create that breaks the model (required name missing) is a 4xx error and stores nothing',
    cites: 'OData v4.01 Part 1 §11.4.2, §13.1.1 (10); JSON Format v4.01 §21.1',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const response = await odataRequest(ctx, 'POST', resourcePath(ctx, PRT_ITEMS), {
          run: ctx.runId,
          qty: 1,
        })
        const stored = await itemRows(ctx, undefined)
        for (const row of stored) tracker.add(PRT_ITEMS, String(row['id']))
        checkErrorResponse(response, 'POST without the required name')
        check(
          response.status < 500,
          'invalid input is a client error (4xx)',
          describeResponse(response),
        )
        check(stored.length === 0, 'the invalid entity was stored', { stored })
        return pass()
      })
    },
  },
]
