import { fail } from '../../common/audit-result.js'
import type { DriverAuditContext } from '../audit-context.js'
import { firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { MULTI, SCALARS, STRUCTURED } from '../fixtures.js'
import { deepEqual, preview } from '../record-compare.js'

/** Sets a property without throwing on frozen objects (a frozen copy is a fine copy). */
function mutate(target: unknown, key: string, value: unknown): void {
  if (typeof target === 'object' && target !== null) Reflect.set(target, key, value)
}

interface CopyCase {
  readonly name: string
  readonly needs?: 'jsonFields' | 'arrayFields'
  /** Stores a record, mutates what it was given or got back, returns the id, field and the value that must still be stored. */
  readonly act: (
    context: DriverAuditContext,
  ) => Promise<{ object: string; id: string; field: string; want: unknown }>
}

const CASES: readonly CopyCase[] = [
  {
    name: 'the object given to create',
    async act(context) {
      const object = await context.defineObject(SCALARS)
      const input = { id: 'c1', s: 'original' }
      await context.driver.create(object, input)
      input.s = 'mutated'
      return { object, id: 'c1', field: 's', want: 'original' }
    },
  },
  {
    name: 'the record create returned',
    async act(context) {
      const object = await context.defineObject(SCALARS)
      const created = await context.driver.create(object, { id: 'c2', s: 'original' })
      mutate(created, 's', 'mutated')
      return { object, id: 'c2', field: 's', want: 'original' }
    },
  },
  {
    name: 'a record find returned',
    async act(context) {
      const object = await context.defineObject(SCALARS)
      await context.driver.create(object, { id: 'c3', s: 'original' })
      const rows = await context.driver.find(object, {
        object,
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      mutate(rows[0], 's', 'mutated')
      return { object, id: 'c3', field: 's', want: 'original' }
    },
  },
  {
    name: 'the record findOne returned',
    async act(context) {
      const object = await context.defineObject(SCALARS)
      await context.driver.create(object, { id: 'c4', s: 'original' })
      mutate(await context.driver.findOne(object, 'c4'), 's', 'mutated')
      return { object, id: 'c4', field: 's', want: 'original' }
    },
  },
  {
    name: 'the data given to update and the record it returned',
    async act(context) {
      const object = await context.defineObject(SCALARS)
      await context.driver.create(object, { id: 'c5', s: 'original' })
      const data = { s: 'updated' }
      const updated = await context.driver.update(object, 'c5', data)
      data.s = 'mutated input'
      mutate(updated, 's', 'mutated output')
      return { object, id: 'c5', field: 's', want: 'updated' }
    },
  },
  {
    name: 'nested json in the input and in returned records',
    needs: 'jsonFields',
    async act(context) {
      const object = await context.defineObject(STRUCTURED)
      const input = { id: 'c6', meta: { a: { b: 1 }, list: [1] } }
      const created = await context.driver.create(object, input)
      input.meta.a.b = 2
      input.meta.list.push(2)
      const found = await context.driver.findOne(object, 'c6')
      for (const record of [created, found]) {
        const meta = record?.['meta'] as { a?: { b?: number }; list?: number[] } | undefined
        mutate(meta?.a, 'b', 3)
        if (Array.isArray(meta?.list) && !Object.isFrozen(meta.list)) meta.list.push(3)
      }
      return { object, id: 'c6', field: 'meta', want: { a: { b: 1 }, list: [1] } }
    },
  },
  {
    name: 'arrays in the input and in returned records',
    needs: 'arrayFields',
    async act(context) {
      const object = await context.defineObject(MULTI)
      const tags = ['x']
      const created = await context.driver.create(object, { id: 'c7', tags })
      tags.push('from input')
      const returned = created['tags']
      if (Array.isArray(returned) && !Object.isFrozen(returned)) returned.push('from create')
      return { object, id: 'c7', field: 'tags', want: ['x'] }
    },
  },
]

/** DRV-WRITE-005: records are copies in both directions. */
export const COPY_AUDITS = defineAudits([
  {
    id: 'DRV-WRITE-005',
    level: 'MUST',
    group: 'copies',
    title: 'returned records and write inputs are copies, never live references',
    run: (context) =>
      firstFailure(
        CASES.filter((item) => item.needs === undefined || context.capabilities[item.needs]),
        (item) => `mutating ${item.name}`,
        async (item) => {
          const { object, id, field, want } = await item.act(context)
          const stored = await context.driver.findOne(object, id)
          if (deepEqual(stored?.[field], want)) return undefined
          return fail(
            `mutating ${item.name} changed stored data: ${field} is now ${preview(stored?.[field])}, was ${preview(want)}`,
            { minimalCase: { mutated: item.name, field, expected: want, stored: stored?.[field] } },
          )
        },
      ),
  },
])
