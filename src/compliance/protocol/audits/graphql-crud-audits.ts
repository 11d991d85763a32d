import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import type { RecordTracker } from './cross-protocol-cleanup.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import { ITEM_FIELDS, checkSameItem, expectedItem } from './cross-protocol-records.js'
import type { ItemSeed } from './cross-protocol-records.js'
import {
  GQL_NAMES,
  ITEM_SELECTION,
  gqlCreateItem,
  gqlCreateOwner,
  gqlData,
  gqlListItems,
  gqlPost,
  gqlRemover,
} from './graphql-client.js'

const NEEDS = ['graphql'] as const

/** Names with a quote, a double quote, non-Latin letters and an astral character. */
const AWKWARD_NAME = 'O\'Brien "Zoë" 東京 🚀'

async function getItem(
  ctx: ProtocolAuditContext,
  id: string,
): Promise<Record<string, unknown> | null> {
  const data = await gqlData(
    ctx,
    `query ($id: ID!) { ${GQL_NAMES.one}(id: $id) { ${ITEM_SELECTION} } }`,
    { id },
    `${GQL_NAMES.one}(id)`,
  )
  const item = data[GQL_NAMES.one]
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : null
}

async function createFull(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
): Promise<{ seed: ItemSeed; id: string }> {
  const owner = await gqlCreateOwner(ctx, tracker, 'Owner A')
  const seed: ItemSeed = {
    name: AWKWARD_NAME,
    qty: 12.5,
    price: 3.25,
    active: true,
    status: 'open',
    due: '2024-02-29',
    notes: null,
    owner,
  }
  const created = await gqlCreateItem(ctx, tracker, seed)
  const id = created['id'] as string
  checkSameItem(created, expectedItem(seed, id, ctx.runId), `${GQL_NAMES.create} result`)
  return { seed, id }
}

/** Introspection and create/read/update/delete through the generated schema. */
export const GRAPHQL_CRUD_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-GQL-010',
    level: 'MUST',
    group: 'graphql',
    title: 'Introspection describes the fixture types, root fields and mutations',
    cites: 'GraphQL §4.2; ObjectQL GraphQL naming',
    needs: NEEDS,
    async run(ctx) {
      const query = `{
        __schema { queryType { fields { name } } mutationType { fields { name } } types { name } }
        item: __type(name: "${GQL_NAMES.itemType}") { kind fields { name } }
      }`
      const data = await gqlData(ctx, query, undefined, 'introspection')
      const schema = data['__schema'] as {
        queryType?: { fields?: { name: string }[] }
        mutationType?: { fields?: { name: string }[] } | null
        types?: { name: string }[]
      }
      const typeNames = new Set((schema.types ?? []).map((type) => type.name))
      const missingTypes = [GQL_NAMES.itemType, GQL_NAMES.ownerType].filter(
        (name) => !typeNames.has(name),
      )
      check(missingTypes.length === 0, `the schema lacks the types ${missingTypes.join(', ')}`, {
        types: [...typeNames],
      })
      const queries = new Set((schema.queryType?.fields ?? []).map((field) => field.name))
      const mutations = new Set((schema.mutationType?.fields ?? []).map((field) => field.name))
      const missingRoots = [
        ...[GQL_NAMES.one, GQL_NAMES.list, GQL_NAMES.connection, GQL_NAMES.count].filter(
          (name) => !queries.has(name),
        ),
        ...[GQL_NAMES.create, GQL_NAMES.update, GQL_NAMES.delete].filter(
          (name) => !mutations.has(name),
        ),
      ]
      check(missingRoots.length === 0, `root fields missing: ${missingRoots.join(', ')}`, {
        queries: [...queries],
        mutations: [...mutations],
      })
      const item = data['item'] as { kind?: string; fields?: { name: string }[] } | null
      const fields = new Set((item?.fields ?? []).map((field) => field.name))
      const expected = [...ITEM_FIELDS, GQL_NAMES.ownerRef]
      const missing = expected.filter((name) => !fields.has(name))
      check(
        item?.kind === 'OBJECT' && missing.length === 0,
        `${GQL_NAMES.itemType} must be an object type with ${expected.join(', ')}; missing ${missing.join(', ')}`,
        { item },
      )
      return pass()
    },
  },
  {
    id: 'PRT-GQL-011',
    level: 'MUST',
    group: 'graphql',
    title: 'A create mutation returns the record as written, and reading it back agrees',
    cites: 'GraphQL §6.2.2; ObjectQL',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const { seed, id } = await createFull(ctx, tracker)
        const read = await getItem(ctx, id)
        check(read !== null, `${GQL_NAMES.one}(id) did not find the record just created`, { id })
        checkSameItem(read, expectedItem(seed, id, ctx.runId), `${GQL_NAMES.one}(id)`)
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-012',
    level: 'MUST',
    group: 'graphql',
    title: 'A list query filtered by run returns exactly the records created in that run',
    cites: 'GraphQL §6.2.1; ObjectQL',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const seeds: ItemSeed[] = [
          { name: 'list a', qty: 1 },
          { name: 'list b', qty: null, notes: 'n' },
          { name: 'list c', active: false },
        ]
        const expected = new Map<string, ItemSeed>()
        for (const seed of seeds) {
          const created = await gqlCreateItem(ctx, tracker, seed)
          expected.set(created['id'] as string, seed)
        }
        const other = await gqlData(
          ctx,
          `mutation ($input: ${GQL_NAMES.itemInput}!) { ${GQL_NAMES.create}(input: $input) { id } }`,
          { input: { name: 'other run', run: `${ctx.runId}-other` } },
          'create an item of another run',
        )
        tracker.add(PRT_ITEMS, String((other[GQL_NAMES.create] as { id?: unknown }).id))
        const listed = await gqlListItems(ctx)
        const ids = listed.map((item) => String(item['id']))
        check(
          ids.length === expected.size && ids.every((id) => expected.has(id)),
          `expected exactly the ${expected.size} records of the run, got ${ids.length}`,
          { expected: [...expected.keys()], listed: ids },
        )
        for (const item of listed) {
          const id = String(item['id'])
          checkSameItem(item, expectedItem(expected.get(id) as ItemSeed, id, ctx.runId), 'listed')
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-013',
    level: 'MUST',
    group: 'graphql',
    title: 'The single-record query finds a record by id and is null for an unknown id',
    cites: 'GraphQL §6.4.3; ObjectQL',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const seed: ItemSeed = { name: 'single', qty: 2, status: 'done' }
        const id = (await gqlCreateItem(ctx, tracker, seed))['id'] as string
        const found = await getItem(ctx, id)
        check(found !== null, `${GQL_NAMES.one}(id) did not find the record`, { id })
        checkSameItem(found, expectedItem(seed, id, ctx.runId), `${GQL_NAMES.one}(id)`)
        const missing = `${ctx.runId}-missing`
        const reply = await gqlPost(ctx, `query ($id: ID!) { ${GQL_NAMES.one}(id: $id) { id } }`, {
          id: missing,
        })
        const data = reply.body?.data as Record<string, unknown> | null | undefined
        check(
          data !== undefined && data !== null && data[GQL_NAMES.one] === null,
          `${GQL_NAMES.one}(id) of an unknown id must resolve to null`,
          { id: missing, response: describeResponse(reply.response) },
        )
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-014',
    level: 'MUST',
    group: 'graphql',
    title: 'An update mutation changes the given fields only and reads back changed',
    cites: 'GraphQL §6.2.2; ObjectQL',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const seed: ItemSeed = { name: 'before', qty: 1, price: 2, status: 'open', notes: 'keep' }
        const id = (await gqlCreateItem(ctx, tracker, seed))['id'] as string
        const changes = { qty: 7, status: 'done', notes: null } as const
        const data = await gqlData(
          ctx,
          `mutation ($id: ID!, $input: ${GQL_NAMES.itemUpdateInput}!) { ${GQL_NAMES.update}(id: $id, input: $input) { ${ITEM_SELECTION} } }`,
          { id, input: changes },
          GQL_NAMES.update,
        )
        const expected = expectedItem({ ...seed, ...changes }, id, ctx.runId)
        const updated = data[GQL_NAMES.update]
        check(
          typeof updated === 'object' && updated !== null,
          `${GQL_NAMES.update} returned no record`,
          data,
        )
        checkSameItem(updated as Record<string, unknown>, expected, `${GQL_NAMES.update} result`)
        const read = await getItem(ctx, id)
        check(read !== null, 'the updated record is gone', { id })
        checkSameItem(read, expected, 'read after update')
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-015',
    level: 'MUST',
    group: 'graphql',
    title: 'A delete mutation removes the record from reads and lists; a second delete is not true',
    cites: 'GraphQL §6.2.2; ObjectQL',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const id = (await gqlCreateItem(ctx, tracker, { name: 'doomed' }))['id'] as string
        const keep = (await gqlCreateItem(ctx, tracker, { name: 'kept' }))['id'] as string
        const mutation = `mutation ($id: ID!) { ${GQL_NAMES.delete}(id: $id) }`
        const first = await gqlData(ctx, mutation, { id }, GQL_NAMES.delete)
        check(
          first[GQL_NAMES.delete] === true,
          `${GQL_NAMES.delete} of a record must be true`,
          first,
        )
        tracker.forget(PRT_ITEMS, id)
        check((await getItem(ctx, id)) === null, 'the deleted record can still be read', { id })
        const listed = (await gqlListItems(ctx, {}, 'id')).map((item) => item['id'])
        check(
          listed.length === 1 && listed[0] === keep,
          'the list must hold only the record that was not deleted',
          { listed, deleted: id, kept: keep },
        )
        const again = await gqlPost(ctx, mutation, { id })
        const data = again.body?.data as Record<string, unknown> | null | undefined
        check(
          data?.[GQL_NAMES.delete] !== true,
          `deleting a record that is gone must not answer true`,
          describeResponse(again.response),
        )
        return pass()
      })
    },
  },
]
