import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { AuditFailure, check } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import { READERS, restCreate, restRemover, rpcCall } from './cross-protocol-client.js'
import type { CrossCondition, CrossQuery } from './cross-protocol-client.js'
import { expectedItem, firstDifference, normalizeItem } from './cross-protocol-records.js'
import type { ItemSeed, NormalizedItem } from './cross-protocol-records.js'
import {
  answersOf,
  checkSameAnswers,
  runCondition,
  scenarioSeeds,
  seedScenario,
} from './cross-protocol-scenario.js'
import { gqlCreateItem, gqlCreateOwner } from './graphql-client.js'
import { entityPath, odataRequest } from './odata-client.js'
import { expectStatus } from '../protocol-checks.js'

const NEEDS = ['rest', 'json-rpc', 'graphql', 'odata'] as const
const CITES = 'ObjectQL (one kernel, one answer on every protocol)'
const TIMEOUT = 60_000

type Seed = ReturnType<typeof scenarioSeeds>[number]

function matches(seed: Seed, condition: CrossCondition): boolean {
  const value = seed[condition.field as keyof Seed] ?? null
  if (condition.op === 'eq') return value === condition.value
  if (condition.op === 'ne') return value !== condition.value
  return value !== null && condition.value !== null && value > condition.value
}

/** How many scenario items match `where` (the run condition always holds). */
function modelCount(where: readonly CrossCondition[]): number {
  return scenarioSeeds().filter((seed) => where.every((c) => c.field === 'run' || matches(seed, c)))
    .length
}

/**
 * Runs `query` through every protocol and fails unless the reference answer has as many rows as
 * the scenario says (the page of the matching records) and every protocol returns the same rows.
 */
async function expectSamePage(ctx: ProtocolAuditContext, query: CrossQuery): Promise<void> {
  const answers = await answersOf(ctx, query)
  const matching = modelCount(query.where) - (query.offset ?? 0)
  const expected = Math.max(0, Math.min(query.limit ?? Infinity, matching))
  check(answers[0]?.rows.length === expected, `expected a page of ${expected} records`, {
    query,
    rest: answers[0]?.rows,
  })
  checkSameAnswers(answers, query)
}

/**
 * Reads one record through every protocol and fails at the first that differs from `expected`
 * (or, when `expected` is null, the first that still finds it).
 */
async function checkEverywhere(
  ctx: ProtocolAuditContext,
  id: string,
  expected: NormalizedItem | null,
  what: string,
): Promise<void> {
  for (const reader of READERS) {
    const found = await reader.get(ctx, id)
    if (expected === null) {
      check(found === null, `${what}: ${reader.protocol} still finds the record`, { id, found })
      continue
    }
    check(found !== null, `${what}: ${reader.protocol} does not find the record`, { id })
    const got = normalizeItem(found)
    const field = firstDifference(got, expected)
    if (field !== undefined) {
      throw new AuditFailure(`${what}: ${reader.protocol} reads '${field}' differently`, {
        id,
        field,
        expected: expected[field],
        [reader.protocol]: got[field],
      })
    }
  }
}

/** Cross-protocol equivalence: one kernel behind four protocols gives one answer. */
export const CROSS_PROTOCOL_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-X-001',
    level: 'MUST',
    group: 'cross',
    title: 'A filtered, sorted, paged query returns the same records on all four protocols',
    cites: CITES,
    needs: NEEDS,
    timeoutMs: TIMEOUT,
    async run(ctx) {
      return withCleanup(restRemover(ctx), async (tracker) => {
        await seedScenario(ctx, tracker)
        const where: CrossCondition[] = [
          runCondition(ctx),
          { field: 'qty', op: 'gt', value: 3 },
          { field: 'status', op: 'eq', value: 'open' },
        ]
        await expectSamePage(ctx, { where, orderBy: ['name', 'id'], limit: 4, offset: 1 })
        return pass()
      })
    },
  },
  {
    id: 'PRT-X-002',
    level: 'MUST',
    group: 'cross',
    title: 'Counts agree on all four protocols and with the number of records listed',
    cites: CITES,
    needs: NEEDS,
    timeoutMs: TIMEOUT,
    async run(ctx) {
      return withCleanup(restRemover(ctx), async (tracker) => {
        await seedScenario(ctx, tracker)
        const filters: CrossCondition[][] = [
          [runCondition(ctx)],
          [
            runCondition(ctx),
            { field: 'qty', op: 'gt', value: 3 },
            { field: 'status', op: 'eq', value: 'open' },
          ],
          [runCondition(ctx), { field: 'notes', op: 'ne', value: 'note 1' }],
          [runCondition(ctx), { field: 'notes', op: 'eq', value: null }],
        ]
        for (const where of filters) {
          const expected = modelCount(where)
          const counts: Record<string, number> = {}
          for (const reader of READERS) counts[reader.protocol] = await reader.count(ctx, where)
          const listed = (await READERS[0]?.list(ctx, { where, orderBy: ['id'] }))?.length
          const disagree = Object.entries(counts).find(([, count]) => count !== expected)
          if (disagree !== undefined || listed !== expected) {
            throw new AuditFailure(
              disagree === undefined
                ? `the counts agree but ${String(listed)} records are listed, ${expected} match`
                : `${disagree[0]} counts ${disagree[1]}, ${expected} records match`,
              { where, expected, listed, counts },
            )
          }
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-X-003',
    level: 'MUST',
    group: 'cross',
    title: 'A record created through GraphQL reads the same through REST, JSON-RPC and OData',
    cites: CITES,
    needs: NEEDS,
    timeoutMs: TIMEOUT,
    async run(ctx) {
      return withCleanup(restRemover(ctx), async (tracker) => {
        const owner = await gqlCreateOwner(ctx, tracker, 'GraphQL owner')
        const seed: ItemSeed = {
          name: 'Gra"ph\'QL ✓ 🚀',
          qty: 0.1,
          price: 1234.5,
          active: false,
          status: 'done',
          due: '2024-12-31',
          notes: null,
          owner,
        }
        const id = (await gqlCreateItem(ctx, tracker, seed))['id'] as string
        await checkEverywhere(ctx, id, expectedItem(seed, id, ctx.runId), 'created via GraphQL')
        return pass()
      })
    },
  },
  {
    id: 'PRT-X-004',
    level: 'MUST',
    group: 'cross',
    title: 'An update through OData PATCH shows on GraphQL, REST and JSON-RPC',
    cites: CITES,
    needs: NEEDS,
    timeoutMs: TIMEOUT,
    async run(ctx) {
      return withCleanup(restRemover(ctx), async (tracker) => {
        const seed: ItemSeed = {
          name: 'before',
          qty: 1,
          price: 2,
          active: true,
          status: 'open',
          notes: 'old',
        }
        const id = await restCreate(ctx, tracker, PRT_ITEMS, { ...seed, run: ctx.runId })
        const changes = { name: "after 'ü'", qty: 42.5, status: 'done', notes: null } as const
        const patched = await odataRequest(ctx, 'PATCH', entityPath(ctx, PRT_ITEMS, id), changes)
        expectStatus(patched, [200, 204], 'OData PATCH')
        await checkEverywhere(
          ctx,
          id,
          expectedItem({ ...seed, ...changes }, id, ctx.runId),
          'updated via OData',
        )
        return pass()
      })
    },
  },
  {
    id: 'PRT-X-005',
    level: 'MUST',
    group: 'cross',
    title: 'A delete through JSON-RPC is gone from every protocol, reads and lists',
    cites: CITES,
    needs: NEEDS,
    timeoutMs: TIMEOUT,
    async run(ctx) {
      return withCleanup(restRemover(ctx), async (tracker) => {
        const ids: string[] = []
        for (const name of ['kept', 'deleted']) {
          ids.push(await restCreate(ctx, tracker, PRT_ITEMS, { name, run: ctx.runId }))
        }
        const [kept, deleted] = ids as [string, string]
        const reply = await rpcCall(ctx, 'object.delete', [PRT_ITEMS, deleted])
        check(reply.result === true, 'JSON-RPC object.delete of a record must be true', reply)
        tracker.forget(PRT_ITEMS, deleted)
        await checkEverywhere(ctx, deleted, null, 'deleted via JSON-RPC')
        for (const reader of READERS) {
          const listed = (
            await reader.list(ctx, { where: [runCondition(ctx)], orderBy: ['id'] })
          ).map((row) => row['id'])
          check(
            listed.length === 1 && listed[0] === kept,
            `${reader.protocol} still lists the deleted record`,
            { listed, kept, deleted },
          )
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-X-006',
    level: 'MUST',
    group: 'cross',
    title: 'Null semantics (ne, eq null) and null ordering agree on all four protocols',
    cites: CITES,
    needs: NEEDS,
    timeoutMs: TIMEOUT,
    async run(ctx) {
      return withCleanup(restRemover(ctx), async (tracker) => {
        await seedScenario(ctx, tracker)
        const queries: CrossQuery[] = [
          {
            where: [runCondition(ctx), { field: 'notes', op: 'ne', value: 'note 1' }],
            orderBy: ['name', 'id'],
          },
          {
            where: [runCondition(ctx), { field: 'notes', op: 'eq', value: null }],
            orderBy: ['id'],
          },
          { where: [runCondition(ctx)], orderBy: ['qty', 'id'], limit: 5, offset: 0 },
          { where: [runCondition(ctx)], orderBy: ['notes', 'name', 'id'], limit: 6, offset: 3 },
        ]
        for (const query of queries) await expectSamePage(ctx, query)
        return pass()
      })
    },
  },
]
