import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, expectStatus, hasContentType } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import type { ItemSeed } from './cross-protocol-records.js'
import {
  itemRows,
  jsonObject,
  odataRequest,
  resourcePath,
  rowsOf,
  stringLiteral,
  withOptions,
} from './odata-client.js'
import type { ODataObject } from './odata-client.js'
import { FILTER_SEEDS, seededNames, withFilterSeeds } from './odata-filter-cases.js'

const NEEDS = ['odata'] as const

type Key = 'qty' | 'name' | 'due'

/** OData's order: nulls first ascending, last descending (Part 1 §11.2.6.2). */
function compareBy(key: Key, descending: boolean) {
  return (a: ItemSeed, b: ItemSeed): number => {
    const x = a[key] ?? null
    const y = b[key] ?? null
    if (x === y) return 0
    const ascending = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1
    return descending ? -ascending : ascending
  }
}

function expectedOrder(keys: readonly [Key, boolean][]): string[] {
  return [...FILTER_SEEDS]
    .sort((a, b) => {
      for (const [key, descending] of keys) {
        const order = compareBy(key, descending)(a, b)
        if (order !== 0) return order
      }
      return 0
    })
    .map((seed) => seed.name)
}

function runFilter(ctx: ProtocolAuditContext, extra?: string): string {
  const run = `run eq ${stringLiteral(ctx.runId)}`
  return extra === undefined ? run : `${run} and (${extra})`
}

async function collection(
  ctx: ProtocolAuditContext,
  options: Readonly<Record<string, string>>,
): Promise<ODataObject> {
  const path = withOptions(resourcePath(ctx, PRT_ITEMS), options)
  const response = await odataRequest(ctx, 'GET', path)
  expectStatus(response, 200, `GET ${path}`)
  return jsonObject(response, `GET ${path}`)
}

/** `$select`, `$orderby`, `$top`, `$skip` and `$count`. */
export const ODATA_QUERY_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-ODATA-019',
    level: 'MUST',
    group: 'odata',
    title: '$select returns the selected properties with their stored values',
    cites: 'OData v4.01 Part 1 §11.2.5.1, §13.1.2 (3)',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        const rows = await itemRows(ctx, undefined, { $select: 'id,name,qty,due' })
        check(rows.length === seeded.size, 'expected every seeded entity', { rows })
        for (const row of rows) {
          const seed = seeded.get(String(row['id']))
          check(seed !== undefined, 'an entity without its key or of another run', { row })
          for (const name of ['name', 'qty', 'due'] as const) {
            check(
              Object.is(row[name], seed[name] ?? null),
              `selected property '${name}' must hold ${JSON.stringify(seed[name] ?? null)}`,
              { row },
            )
          }
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-020',
    level: 'SHOULD',
    group: 'odata',
    title: '$orderby sorts asc and desc on several keys, nulls first ascending and last descending',
    cites: 'OData v4.01 Part 1 §11.2.6.2, §13.1.2 (17)',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        const cases: [string, [Key, boolean][]][] = [
          [
            'qty desc,name asc',
            [
              ['qty', true],
              ['name', false],
            ],
          ],
          [
            'qty,name desc',
            [
              ['qty', false],
              ['name', true],
            ],
          ],
          ['due desc', [['due', true]]],
        ]
        for (const [orderby, keys] of cases) {
          const got = seededNames(seeded, await itemRows(ctx, undefined, { $orderby: orderby }))
          const expected = expectedOrder(keys)
          check(JSON.stringify(got) === JSON.stringify(expected), `$orderby=${orderby} is wrong`, {
            orderby,
            expected,
            got,
          })
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-021',
    level: 'MUST',
    group: 'odata',
    title: '$top=n returns the first n entities of the ordered result ($top=0 none)',
    cites: 'OData v4.01 Part 1 §11.2.6.3, §13.1.2 (5)',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        const full = expectedOrder([
          ['qty', true],
          ['name', false],
        ])
        for (const top of [2, 0]) {
          const got = seededNames(
            seeded,
            await itemRows(ctx, undefined, { $orderby: 'qty desc,name', $top: String(top) }),
          )
          const expected = full.slice(0, top)
          check(JSON.stringify(got) === JSON.stringify(expected), `$top=${top} is wrong`, {
            expected,
            got,
          })
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-022',
    level: 'SHOULD',
    group: 'odata',
    title: '$skip with $top pages through the ordered result, each entity exactly once',
    cites: 'OData v4.01 Part 1 §11.2.6.3, §11.2.6.4, §13.1.2 (12)',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        const orderby = 'qty,id'
        const full = (await itemRows(ctx, undefined, { $orderby: orderby })).map((r) =>
          String(r['id']),
        )
        const paged: string[] = []
        for (let skip = 0; skip < seeded.size + 2; skip += 2) {
          const rows = await itemRows(ctx, undefined, {
            $orderby: orderby,
            $skip: String(skip),
            $top: '2',
          })
          check(rows.length <= 2, '$top=2 returned more than 2 entities', { skip, rows })
          paged.push(...rows.map((row) => String(row['id'])))
        }
        check(
          full.length === seeded.size &&
            JSON.stringify(paged) === JSON.stringify(full) &&
            new Set(paged).size === seeded.size,
          'the pages must concatenate to the ordered result, each entity once',
          { ordered: full, paged },
        )
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-023',
    level: 'SHOULD',
    group: 'odata',
    title: '$count=true adds @odata.count: every match of $filter, not the page size',
    cites: 'OData v4.01 Part 1 §11.2.6.5, §13.1.2 (13); JSON Format v4.01 §4.5.4',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async () => {
        const expected = FILTER_SEEDS.filter((seed) => seed.qty != null && seed.qty > 2).length
        const body = await collection(ctx, {
          $filter: runFilter(ctx, 'qty gt 2'),
          $count: 'true',
          $top: '1',
        })
        check(body['@odata.count'] === expected, `@odata.count must be ${expected}`, {
          count: body['@odata.count'],
        })
        check(rowsOf(body, '$count=true').length === 1, '$top=1 must still return one entity', {
          body,
        })
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-024',
    level: 'SHOULD',
    group: 'odata',
    title: '/$count answers the number of entities matching $filter as plain text',
    cites: 'OData v4.01 Part 1 §11.2.10; Part 2 §4.8',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async () => {
        const expected = FILTER_SEEDS.filter((seed) => seed.status === 'open').length
        const path = withOptions(resourcePath(ctx, `${PRT_ITEMS}/$count`), {
          $filter: runFilter(ctx, "status eq 'open'"),
        })
        const response = await odataRequest(ctx, 'GET', path, undefined, { accept: 'text/plain' })
        expectStatus(response, 200, `GET ${path}`)
        check(hasContentType(response, 'text/plain'), '/$count must be text/plain', {
          contentType: response.headers['content-type'],
        })
        check(response.text.trim() === String(expected), `/$count must be ${expected}`, {
          body: response.text,
        })
        return pass()
      })
    },
  },
]
