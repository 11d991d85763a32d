import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import {
  GQL_NAMES,
  checkErrors,
  checkRequestError,
  gqlCreateItem,
  gqlCreateOwner,
  gqlData,
  gqlListItems,
  gqlPost,
  gqlRemover,
} from './graphql-client.js'
import type { GqlReply } from './graphql-client.js'

const NEEDS = ['graphql'] as const

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return []
  return list.map((entry) => String((entry as { name?: unknown }).name))
}

interface Page {
  readonly edges: { cursor: string; node: { id: string; name: string } }[]
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null }
  readonly totalCount: number
}

async function connectionPage(
  ctx: ProtocolAuditContext,
  first: number,
  after: string | null,
): Promise<Page> {
  const query = `query ($where: ${GQL_NAMES.itemFilter}, $first: Int, $after: String) {
    ${GQL_NAMES.connection}(where: $where, orderBy: [{ field: "name", direction: ASC }], first: $first, after: $after) {
      totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor }
    }
  }`
  const data = await gqlData(
    ctx,
    query,
    { where: { run: { eq: ctx.runId } }, first, after },
    `${GQL_NAMES.connection}(first: ${first})`,
  )
  const page = data[GQL_NAMES.connection] as Page | null
  check(
    page !== null && Array.isArray(page.edges) && typeof page.pageInfo === 'object',
    `${GQL_NAMES.connection} must have edges and pageInfo`,
    data,
  )
  return page
}

/** An invalid create (qty below its minimum 0): a field error raised by the kernel. */
async function invalidCreate(ctx: ProtocolAuditContext): Promise<GqlReply> {
  return gqlPost(
    ctx,
    `mutation ($input: ${GQL_NAMES.itemInput}!) { ${GQL_NAMES.create}(input: $input) { id } }`,
    { input: { name: 'below minimum', run: ctx.runId, qty: -1 } },
  )
}

/** Variables, counting, Relay pagination, lookups and field errors. */
export const GRAPHQL_QUERY_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-GQL-016',
    level: 'MUST',
    group: 'graphql',
    title: 'Variables supply argument values; a variable of the wrong type is a request error',
    cites: 'GraphQL §5.8, §6.1.2; GraphQL over HTTP §5.4.2',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const qtys = [1, 4, 6]
        const byQty = new Map<string, number>()
        for (const qty of qtys) {
          const created = await gqlCreateItem(ctx, tracker, { name: `v${qty}`, qty })
          byQty.set(created['id'] as string, qty)
        }
        const query = `query ($run: String!, $min: Float!) { ${GQL_NAMES.list}(where: { run: { eq: $run }, qty: { gt: $min } }) { id name } }`
        const data = await gqlData(ctx, query, { run: ctx.runId, min: 3 }, 'a query with variables')
        const expected = qtys
          .filter((qty) => qty > 3)
          .map((qty) => `v${qty}`)
          .sort()
        const got = names(data[GQL_NAMES.list]).sort()
        check(JSON.stringify(got) === JSON.stringify(expected), 'variables were not applied', {
          expected,
          got,
        })
        const bad = await gqlPost(
          ctx,
          query,
          { run: ctx.runId, min: 'not a number' },
          'application/graphql-response+json',
        )
        checkRequestError(bad, 'a Float variable given a string')
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-017',
    level: 'MUST',
    group: 'graphql',
    title: 'totalCount and the count query equal the number of matching records, not the page',
    cites: 'ObjectQL (totalCount); Relay Cursor Connections §2',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const qtys = [1, 2, 3, 4, 5, 9]
        for (const qty of qtys) await gqlCreateItem(ctx, tracker, { name: `c${qty}`, qty })
        const expected = qtys.filter((qty) => qty > 2).length
        const where = { run: { eq: ctx.runId }, qty: { gt: 2 } }
        const data = await gqlData(
          ctx,
          `query ($where: ${GQL_NAMES.itemFilter}) {
            page: ${GQL_NAMES.connection}(where: $where, first: 1) { totalCount edges { cursor } }
            count: ${GQL_NAMES.count}(where: $where)
          }`,
          { where },
          'counts',
        )
        const page = data['page'] as { totalCount?: unknown; edges?: unknown[] } | null
        check(
          page?.totalCount === expected && data['count'] === expected,
          `expected ${expected} matching records from totalCount and ${GQL_NAMES.count}`,
          { totalCount: page?.totalCount, count: data['count'], expected },
        )
        check(page.edges?.length === 1, 'first: 1 must return one edge', { page })
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-018',
    level: 'MUST',
    group: 'graphql',
    title: 'Paging a connection with first/after visits every record once, in order',
    cites: 'Relay Cursor Connections §4.1, §4.3, §4.4, §5',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const all = ['p3', 'p0', 'p6', 'p1', 'p5', 'p2', 'p4']
        const ids = new Set<string>()
        for (const name of all)
          ids.add((await gqlCreateItem(ctx, tracker, { name }))['id'] as string)
        const seen: { id: string; name: string }[] = []
        let after: string | null = null
        for (let pageNo = 0; pageNo <= all.length; pageNo++) {
          const page = await connectionPage(ctx, 2, after)
          check(page.edges.length <= 2, 'a page holds at most `first` edges', { page })
          seen.push(...page.edges.map((edge) => edge.node))
          if (!page.pageInfo.hasNextPage) break
          check(
            page.edges.length > 0 && typeof page.pageInfo.endCursor === 'string',
            'a page with a next page needs edges and an endCursor',
            { page },
          )
          after = page.pageInfo.endCursor
        }
        const seenIds = seen.map((node) => node.id)
        check(
          seenIds.length === ids.size &&
            new Set(seenIds).size === ids.size &&
            seenIds.every((id) => ids.has(id)),
          'the pages must partition the records (each exactly once)',
          { expected: [...ids], seen: seenIds },
        )
        const names = seen.map((node) => node.name)
        const sorted = [...all].sort()
        check(JSON.stringify(names) === JSON.stringify(sorted), 'the pages must follow orderBy', {
          expected: sorted,
          seen: names,
        })
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-019',
    level: 'MUST',
    group: 'graphql',
    title: 'A lookup resolves to the referenced record through <field>_ref, null when unset',
    cites: 'ObjectQL GraphQL naming (<field>_ref)',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const owner = await gqlCreateOwner(ctx, tracker, 'Lookup Owner ü')
        await gqlCreateItem(ctx, tracker, { name: 'owned 1', owner })
        await gqlCreateItem(ctx, tracker, { name: 'owned 2', owner })
        await gqlCreateItem(ctx, tracker, { name: 'unowned' })
        const listed = await gqlListItems(ctx, {}, `name owner ${GQL_NAMES.ownerRef} { id name }`)
        check(listed.length === 3, 'expected the three items of the run', { listed })
        for (const item of listed) {
          const ref = item[GQL_NAMES.ownerRef] as { id?: unknown; name?: unknown } | null
          if (item['name'] === 'unowned') {
            check(ref === null, `${GQL_NAMES.ownerRef} of an item without owner must be null`, item)
          } else {
            check(
              ref !== null && ref.id === owner && ref.name === 'Lookup Owner ü',
              `${GQL_NAMES.ownerRef} must resolve to the owner record`,
              { item, owner },
            )
          }
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-020',
    level: 'MUST',
    group: 'graphql',
    title: 'A field error carries message, locations and the path of the failing field',
    cites: 'GraphQL §6.4.4, §7.1.2',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const reply = await invalidCreate(ctx)
        const leaked = await gqlListItems(ctx, {}, 'id')
        for (const item of leaked) tracker.add(PRT_ITEMS, String(item['id']))
        const errors = checkErrors(reply, 'a create that fails validation')
        check(
          errors.some(
            (error) => Array.isArray(error['path']) && error['path'][0] === GQL_NAMES.create,
          ),
          `the error must name the failing field in 'path' ([${JSON.stringify(GQL_NAMES.create)}])`,
          describeResponse(reply.response),
        )
        check(leaked.length === 0, 'the invalid record was stored', { leaked })
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-021',
    level: 'SHOULD',
    group: 'graphql',
    title: "A kernel error keeps its catalog code in extensions.code ('VALIDATION_FAILED')",
    cites: 'GraphQL §7.1.2 (extensions); ObjectQL error catalog',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const reply = await invalidCreate(ctx)
        for (const item of await gqlListItems(ctx, {}, 'id')) {
          tracker.add(PRT_ITEMS, String(item['id']))
        }
        const errors = checkErrors(reply, 'a create that fails validation')
        const codes = errors.map(
          (error) => (error['extensions'] as { code?: unknown } | undefined)?.code,
        )
        check(codes.includes('VALIDATION_FAILED'), "expected extensions.code 'VALIDATION_FAILED'", {
          codes,
          response: describeResponse(reply.response),
        })
        return pass()
      })
    },
  },
]
