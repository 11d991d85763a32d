import { fail, pass } from '../../common/audit-result.js'
import { checkLaw } from '../../driver/properties/property-runner.js'
import { compareByCodePoints, specCompare } from '../../model/spec-model-order.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check } from '../protocol-checks.js'
import { expectRestError, idList } from './rest-checks.js'
import { withRest } from './rest-session.js'
import type { RestRecord, RestSession } from './rest-session.js'
import { ITEM_FILTER, expectedMatches } from './item-filter-arbitrary.js'
import { mismatchedFields, sampleItems } from './sample-items.js'
import type { ItemValues } from './sample-items.js'

const REST = ['rest'] as const

/** A sample item as sent, with the id the server gave it. */
type Stored = ItemValues & { readonly id: string }

/** Creates the sample items of this run and pairs each with its server id. */
async function seed(rest: RestSession): Promise<Stored[]> {
  const values = sampleItems(rest.context.runId)
  const created = await rest.createAll(values)
  return created.map((record, index) => ({ ...values[index], id: record.id }))
}

/** `alpha#1f3c`: a readable label for messages. */
function labels(ids: readonly string[], stored: readonly Stored[]): string[] {
  return ids.map((id) => {
    const record = stored.find((item) => item.id === id)
    return record === undefined ? `unknown id ${id}` : `${String(record['name'])}#${id.slice(-4)}`
  })
}

/** The sample items in the order `keys` gives (`-qty` descending), then by id. */
function sortedIds(stored: readonly Stored[], keys: readonly string[]): string[] {
  const compare = (a: Stored, b: Stored): number => {
    for (const key of keys) {
      const desc = key.startsWith('-')
      const field = desc ? key.slice(1) : key
      const order = specCompare(a[field] ?? null, b[field] ?? null, field === 'due')
      if (order !== 0) return desc ? -order : order
    }
    return compareByCodePoints(a.id, b.id)
  }
  return [...stored].sort(compare).map((record) => record.id)
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index])
}

/** Follows `meta.next_cursor` from the first page; fails when a cursor repeats or never ends. */
async function cursorPages(
  rest: RestSession,
  sort: string,
  limit: number,
): Promise<RestRecord[][]> {
  const pages: RestRecord[][] = []
  const seen = new Set<string>()
  let cursor: string | undefined
  for (let step = 0; step < 20; step++) {
    const page = await rest.list(cursor === undefined ? { sort, limit } : { sort, limit, cursor })
    pages.push([...page.items])
    const next = page.meta['next_cursor']
    if (next === undefined || next === null) return pages
    check(
      typeof next === 'string' && !seen.has(next),
      `meta.next_cursor must be a new string, got ${JSON.stringify(next)}`,
      page.meta,
    )
    seen.add(next)
    cursor = next
  }
  throw new Error('cursor paging did not end after 20 pages of 7 records')
}

/** REST audits of list queries: filter, sort, paging, projection, counting, cursors. */
export const REST_QUERY_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-REST-008',
    level: 'MUST',
    group: 'rest',
    title: 'for generated filters, a list returns exactly the records the spec says match',
    cites: 'ObjectQL REST; docs/SPEC.md DRV-FLT, DRV-NULL, DRV-STR',
    needs: REST,
    timeoutMs: 90_000,
    run: (context) =>
      withRest(context, async (rest) => {
        const stored = await seed(rest)
        const settings = { seed: context.seed, runs: context.numRuns, replayPath: undefined }
        return checkLaw(
          settings,
          ITEM_FILTER,
          async (filter) => {
            const actual = idList((await rest.list({ filter, limit: 50 })).items).sort()
            const expected = expectedMatches(filter, stored).sort()
            if (sameList(actual, expected)) return undefined
            return {
              message: `filter ${JSON.stringify(filter)} returned [${labels(actual, stored).join(', ')}], the spec says [${labels(expected, stored).join(', ')}]`,
              minimalCase: {
                filter,
                expected: labels(expected, stored),
                actual: labels(actual, stored),
              },
            }
          },
          { timeLimitMs: 60_000 },
        )
      }),
  },
  {
    id: 'PRT-REST-009',
    level: 'MUST',
    group: 'rest',
    title: 'sort orders by type (numbers, code points, dates, booleans), nulls first ascending',
    cites: 'ObjectQL REST; docs/SPEC.md DRV-ORD',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const stored = await seed(rest)
        for (const sort of ['-qty,name', 'active,due', 'name,-price']) {
          const actual = idList((await rest.list({ sort, limit: 50 })).items)
          const expected = sortedIds(stored, sort.split(','))
          check(
            sameList(actual, expected),
            `sort=${sort} gave [${labels(actual, stored).join(', ')}], expected [${labels(expected, stored).join(', ')}]`,
            { sort },
          )
        }
        return pass('3 sort keys')
      }),
  },
  {
    id: 'PRT-REST-010',
    level: 'MUST',
    group: 'rest',
    title: 'limit/offset pages partition the sorted result and meta echoes limit and offset',
    cites: 'ObjectQL REST; docs/SPEC.md DRV-PAGE',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const stored = await seed(rest)
        const whole = idList((await rest.list({ sort: '-price', limit: 50 })).items)
        check(
          whole.length === stored.length,
          `the unpaged list has ${whole.length} of ${stored.length} records`,
        )
        const paged: string[] = []
        for (let offset = 0; offset <= stored.length; offset += 3) {
          const page = await rest.list({ sort: '-price', limit: 3, offset })
          check(page.items.length <= 3, `limit=3 returned ${page.items.length} records`, page.meta)
          check(
            page.meta['limit'] === 3 && page.meta['offset'] === offset,
            `meta must echo limit 3 and offset ${offset}`,
            page.meta,
          )
          paged.push(...idList(page.items))
        }
        check(
          sameList(paged, whole),
          `pages of 3 concatenate to [${labels(paged, stored).join(', ')}], the unpaged list is [${labels(whole, stored).join(', ')}]`,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-REST-011',
    level: 'MUST',
    group: 'rest',
    title: 'fields returns exactly the listed fields plus id, with their values',
    cites: 'ObjectQL REST; docs/SPEC.md DRV-PROJ',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const stored = await seed(rest)
        const page = await rest.list({ fields: 'name,qty', limit: 50 })
        check(
          page.items.length === stored.length,
          `fields=name,qty listed ${page.items.length} of ${stored.length} records`,
        )
        for (const item of page.items) {
          const extra = Object.keys(item).filter((key) => !['id', 'name', 'qty'].includes(key))
          check(extra.length === 0, `fields=name,qty returned extra keys ${extra.join(', ')}`, item)
          const source = stored.find((record) => record.id === item.id)
          check(source !== undefined, `fields=name,qty returned an unknown id ${item.id}`, item)
          const wrong = mismatchedFields({ name: source['name'], qty: source['qty'] }, item)
          check(wrong.length === 0, `projected ${wrong.join(', ')} differ from the stored values`, {
            stored: source,
            item,
          })
        }
        return pass()
      }),
  },
  {
    id: 'PRT-REST-012',
    level: 'MUST',
    group: 'rest',
    title: 'count=true puts the total of matching records in meta.total, whatever the page',
    cites: 'ObjectQL REST; docs/SPEC.md DRV-AGG-001',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const stored = await seed(rest)
        const cases = [
          { status: { $eq: 'open' } },
          { qty: { $gte: 3 } },
          { name: { $eq: 'nobody' } },
        ]
        for (const filter of cases) {
          const page = await rest.list({ filter, count: true, limit: 1 })
          const expected = expectedMatches(filter, stored).length
          check(
            page.meta['total'] === expected,
            `count=true with filter ${JSON.stringify(filter)}: meta.total is ${JSON.stringify(page.meta['total'])}, expected ${expected}`,
            page.meta,
          )
          check(
            page.items.length === Math.min(1, expected),
            `limit=1 returned ${page.items.length} records`,
            page.meta,
          )
        }
        return pass()
      }),
  },
  {
    id: 'PRT-REST-013',
    level: 'MUST',
    group: 'rest',
    title: 'following meta.next_cursor partitions the result; the last page has no cursor',
    cites: 'ObjectQL REST',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const stored = await seed(rest)
        const whole = idList((await rest.list({ sort: 'name', limit: 50 })).items)
        const pages = await cursorPages(rest, 'name', 2)
        check(
          pages.length === Math.ceil(stored.length / 2),
          `${stored.length} records in pages of 2 came as ${pages.length} pages`,
          { sizes: pages.map((p) => p.length) },
        )
        const joined = pages.flatMap((page) => idList(page))
        check(
          sameList(joined, whole),
          `cursor pages concatenate to [${labels(joined, stored).join(', ')}], the unpaged list is [${labels(whole, stored).join(', ')}]`,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-REST-014',
    level: 'MUST',
    group: 'rest',
    title: 'a cursor from another query or a forged cursor is 400 INVALID_QUERY, not a page',
    cites: 'ObjectQL REST; RFC 9110 §15.5.1',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        await seed(rest)
        const first = await rest.list({ sort: 'name', limit: 2 })
        const cursor = first.meta['next_cursor']
        if (typeof cursor !== 'string') {
          return fail('the first page of 7 records (limit 2) has no meta.next_cursor', {
            minimalCase: first.meta,
          })
        }
        const other = await rest.send('GET', rest.listPath({ sort: '-name', limit: 2, cursor }))
        expectRestError(other, 400, ['INVALID_QUERY'], 'a cursor used with another sort')
        const forged = await rest.send(
          'GET',
          rest.listPath({ sort: 'name', limit: 2, cursor: `${cursor}x!` }),
        )
        expectRestError(forged, 400, ['INVALID_QUERY'], 'a forged cursor')
        return pass()
      }),
  },
]
