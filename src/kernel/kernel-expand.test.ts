import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import { expectCode, startKernel } from './kernel.test-utils.js'
import type { DataRecord } from './spec/object-config.js'
import type { QueryAST } from './spec/query-ast.js'

/** Observation only: records every find the kernel sends to the driver. */
class CountingDriver extends MemoryDriver {
  readonly finds: { object: string; where: unknown }[] = []
  override async find(object: string, query: QueryAST): Promise<DataRecord[]> {
    this.finds.push({ object, where: query.where })
    return super.find(object, query)
  }
}

async function seeded() {
  const driver = new CountingDriver()
  const started = await startKernel({ drivers: { default: driver } })
  const { kernel } = started
  await kernel.createMany('user', [
    { id: 'u1', name: 'Ann', tenant_id: 't1' },
    { id: 'u2', name: 'Bob', tenant_id: 't2' },
  ])
  await kernel.createMany('project', [
    { id: 'p1', title: 'Spec', lead: 'u1' },
    { id: 'p2', title: 'Bench', lead: 'u2' },
  ])
  await kernel.createMany('task', [
    { id: 't1', title: 'a', project: 'p1', watchers: ['u1', 'u2'] },
    { id: 't2', title: 'b', project: 'p1', watchers: ['u2', 'gone'] },
    { id: 't3', title: 'c', project: 'p2' },
    { id: 't4', title: 'd', project: 'deleted' },
  ])
  driver.finds.length = 0
  return { ...started, driver }
}

describe('expand', () => {
  it('replaces lookup ids with records using one batched $in query per relation', async () => {
    const { kernel, driver } = await seeded()
    const rows = await kernel.find('task', {
      expand: { project: { fields: ['title'] }, watchers: {} },
    })
    expect(rows.map((r) => [r.id, r['project']])).toEqual([
      ['t1', { id: 'p1', title: 'Spec' }],
      ['t2', { id: 'p1', title: 'Spec' }],
      ['t3', { id: 'p2', title: 'Bench' }],
      ['t4', 'deleted'],
    ])
    const watchers = rows.map((r) =>
      (r['watchers'] as (string | DataRecord)[] | undefined)?.map((w) =>
        typeof w === 'string' ? w : w.name,
      ),
    )
    expect(watchers).toEqual([['Ann', 'Bob'], ['Bob', 'gone'], undefined, undefined])
    expect(driver.finds).toEqual([
      { object: 'task', where: undefined },
      { object: 'project', where: { id: { $in: ['p1', 'p2', 'deleted'] } } },
      { object: 'user', where: { id: { $in: ['u1', 'u2', 'gone'] } } },
    ])
    // Each placement is its own copy.
    expect(rows[0]?.['project']).not.toBe(rows[1]?.['project'])
  })

  it('expands nested relations, one query per relation per level, and on findOne', async () => {
    const { kernel, driver } = await seeded()
    const rows = await kernel.find('task', {
      where: { id: { $in: ['t1', 't3'] } },
      expand: { project: { expand: { lead: { fields: ['name'] } } } },
    })
    expect(rows.map((r) => (r['project'] as DataRecord)['lead'])).toEqual([
      { id: 'u1', name: 'Ann' },
      { id: 'u2', name: 'Bob' },
    ])
    expect(driver.finds.map((f) => f.object)).toEqual(['task', 'project', 'user'])
    const one = await kernel.findOne('task', 't2', { expand: ['project'] })
    expect(one?.['project']).toMatchObject({ id: 'p1', title: 'Spec' })
  })

  it('keeps ids the sub-query filters out, and adds expanded fields to a projection', async () => {
    const { kernel } = await seeded()
    const rows = await kernel.find('task', {
      fields: ['title'],
      expand: { project: { where: { title: 'Bench' } } },
    })
    expect(rows.map((r) => r['project'])).toEqual([
      'p1',
      'p1',
      expect.objectContaining({ id: 'p2' }),
      'deleted',
    ])
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['id', 'project', 'title'])
  })

  it('runs the referenced object’s hooks on expanded records', async () => {
    const { kernel } = await seeded()
    kernel.on('beforeFind', 'user', (ctx) => {
      if (ctx.query !== undefined) {
        const tenant = { tenant_id: ctx.user?.tenantId ?? null }
        ctx.query.where =
          ctx.query.where === undefined ? tenant : { $and: [ctx.query.where, tenant] }
      }
    })
    const [row] = await kernel.find(
      'task',
      { where: { id: 't1' }, expand: { watchers: {} } },
      { user: { id: 'x', tenantId: 't1' } },
    )
    expect(row?.['watchers']).toEqual([expect.objectContaining({ id: 'u1' }), 'u2'])
  })

  it('refuses bad expands at the door: depth > 3, non-lookups, unknown fields, paging', async () => {
    const { kernel, driver } = await seeded()
    await kernel.registerObject({
      name: 'node',
      fields: { name: { type: 'text' }, parent: { type: 'lookup', reference: 'node' } },
    })
    const deep = {
      expand: {
        parent: { expand: { parent: { expand: { parent: { expand: { parent: {} } } } } } },
      },
    }
    await expectCode(kernel.find('node', deep), 'LIMIT_EXCEEDED')
    expect(await kernel.find('node', deep.expand.parent)).toEqual([]) // three levels are allowed
    await expectCode(kernel.find('task', { expand: { title: {} } }), 'INVALID_QUERY')
    await expectCode(kernel.find('task', { expand: { nope: {} } }), 'INVALID_FIELD')
    await expectCode(kernel.find('task', { expand: { project: { limit: 1 } } }), 'INVALID_QUERY')
    await expectCode(
      kernel.find('task', { expand: { project: { where: { nope: 1 } } } }),
      'INVALID_FIELD',
    )
    expect(driver.finds.filter((f) => f.object === 'task')).toEqual([])
  })
})
