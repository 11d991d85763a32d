import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { AuditFailure, check, describeResponse } from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import { createEntity, itemRows, odataRemover, queryItems } from './odata-client.js'
import type { ODataObject } from './odata-client.js'
import {
  FILTER_SEEDS,
  isProperRefusal,
  seededNames,
  withFilterSeeds,
} from './odata-filter-cases.js'
import { fetchMetadata, ownerNavigation } from './odata-metadata.js'

const NEEDS = ['odata'] as const

/** `$expand`, and system query options a service may not implement (`$apply`, `$compute`). */
export const ODATA_OPTION_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-ODATA-025',
    level: 'SHOULD',
    group: 'odata',
    title: '$expand of the owner navigation property inlines the owner, null when unset',
    cites: 'OData v4.01 Part 1 §11.2.5.2, §13.1.2 (14); JSON Format v4.01 §8.3',
    needs: NEEDS,
    async run(ctx) {
      const nav = ownerNavigation(await fetchMetadata(ctx))
      check(nav !== undefined, `$metadata declares no navigation property to ${PRT_OWNERS}`)
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const owner = await createEntity(ctx, tracker, PRT_OWNERS, {
          name: 'Ö owner',
          run: ctx.runId,
        })
        const ownerId = owner['id'] as string
        await createEntity(ctx, tracker, PRT_ITEMS, {
          name: 'owned',
          run: ctx.runId,
          owner: ownerId,
        })
        await createEntity(ctx, tracker, PRT_ITEMS, { name: 'unowned', run: ctx.runId })
        const rows = await itemRows(ctx, undefined, { $expand: nav })
        check(rows.length === 2, 'expected the two entities of the run', { rows })
        for (const row of rows) {
          const related = row[nav] as ODataObject | null | undefined
          if (row['name'] === 'owned') {
            check(
              related?.['id'] === ownerId && related['name'] === 'Ö owner',
              `${nav} must be the owner entity`,
              { row },
            )
          } else {
            check(related === null, `${nav} of an entity without owner must be null`, { row })
          }
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-026',
    level: 'MUST',
    group: 'odata',
    title: 'A system query option the service does not implement is refused, never ignored',
    cites: 'OData v4.01 Part 2 §5.1; Part 1 §13.1.1 (7)',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        const applied = await queryItems(ctx, undefined, { $apply: 'filter(qty gt 3)' })
        if (applied.ok) {
          const got = seededNames(seeded, applied.rows).sort()
          const expected = FILTER_SEEDS.filter((s) => s.qty != null && s.qty > 3)
            .map((s) => s.name)
            .sort()
          check(
            JSON.stringify(got) === JSON.stringify(expected),
            '$apply=filter(...) was ignored',
            {
              expected,
              got,
            },
          )
        } else if (!isProperRefusal(applied.response)) {
          throw new AuditFailure('$apply: a refusal must be 4xx or 501 with an OData error body', {
            response: describeResponse(applied.response),
          })
        }
        const computed = await queryItems(ctx, undefined, {
          $compute: 'qty mul 2 as dbl',
          $select: 'id,name,dbl',
        })
        if (computed.ok) {
          for (const row of computed.rows) {
            const qty = seeded.get(String(row['id']))?.qty ?? null
            check(Object.is(row['dbl'], qty === null ? null : qty * 2), '$compute was ignored', {
              row,
            })
          }
        } else if (!isProperRefusal(computed.response)) {
          throw new AuditFailure(
            '$compute: a refusal must be 4xx or 501 with an OData error body',
            {
              response: describeResponse(computed.response),
            },
          )
        }
        return pass()
      })
    },
  },
]
