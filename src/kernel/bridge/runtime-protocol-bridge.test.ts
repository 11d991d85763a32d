import { describe, expect, it } from 'vitest'
import { expectCode, startKernel, thrown } from '../kernel.test-utils.js'

async function bridged() {
  const { kernel } = await startKernel()
  await kernel.createMany('task', [
    { id: 't1', title: 'a', priority: 1 },
    { id: 't2', title: 'b', priority: 2 },
    { id: 't3', title: 'c', priority: 2 },
    { id: 't4', title: 'd', priority: 2 },
  ])
  return { kernel, bridge: kernel.bridge }
}

describe('RuntimeProtocolBridge metadata', () => {
  it('lists object names and items, and answers hasObject/getMetaItem', async () => {
    const { bridge, kernel } = await bridged()
    expect(bridge.getMetaTypes()).toEqual(['user', 'project', 'task'])
    expect(bridge.getMetaItem('task')).toBe(kernel.getObject('task'))
    expect(bridge.getAllMetaItems('object')).toHaveLength(3)
    expect(bridge.getAllMetaItems()).toEqual(kernel.getObjects())
    expect(bridge.getAllMetaItems('view')).toEqual([])
    expect(bridge.hasObject('task')).toBe(true)
    expect(bridge.hasObject('nope')).toBe(false)
    expect(thrown(() => bridge.getMetaItem('nope')).code).toBe('OBJECT_NOT_FOUND')
  })
})

describe('RuntimeProtocolBridge data', () => {
  it('findData returns the page and the total matching count', async () => {
    const { bridge } = await bridged()
    const page = await bridge.findData('task', {
      filters: [['priority', '=', 2]],
      sort: 'title',
      top: 2,
      skip: 1,
      select: ['title'],
    })
    expect(page).toEqual({
      value: [
        { id: 't3', title: 'c' },
        { id: 't4', title: 'd' },
      ],
      count: 3,
    })
    expect(await bridge.findData('task')).toMatchObject({ count: 4 })
    await expectCode(
      bridge.findData('task', { where: { priority: { $bad: 1 } } }),
      'INVALID_FILTER',
    )
  })

  it('getData returns the record or fails with NOT_FOUND', async () => {
    const { bridge } = await bridged()
    expect(await bridge.getData('task', 't1')).toMatchObject({ id: 't1', title: 'a' })
    await expectCode(bridge.getData('task', 'missing'), 'NOT_FOUND')
    await expectCode(bridge.getData('nope', 't1'), 'OBJECT_NOT_FOUND')
  })

  it('counts, creates, updates and deletes through the pipeline', async () => {
    const { bridge, kernel } = await bridged()
    const fired: string[] = []
    kernel.on('beforeCreate', 'task', (ctx) => void fired.push(`create by ${String(ctx.user?.id)}`))
    expect(await bridge.countData('task', { priority: 2 })).toBe(3)
    expect(await bridge.countData('task', { where: { priority: 1 } })).toBe(1)
    const created = await bridge.createData('task', { title: 'e' }, { user: { id: 'api' } })
    expect(fired).toEqual(['create by api'])
    expect((await bridge.updateData('task', created.id, { priority: 3 })).priority).toBe(3)
    await expectCode(bridge.updateData('task', 'missing', { priority: 3 }), 'NOT_FOUND')
    await expectCode(bridge.createData('task', { title: 'x', nope: 1 }), 'INVALID_FIELD')
    expect(await bridge.deleteData('task', created.id)).toBe(true)
    expect(await bridge.deleteData('task', created.id)).toBe(false)
    expect(await bridge.countData('task')).toBe(4)
  })

  it('executes and lists actions', async () => {
    const { bridge, kernel } = await bridged()
    kernel.registerAction(
      'task',
      'close',
      async ({ id, api }) => api.update('task', String(id), { status: 'done' }),
      { params: {}, label: 'Close' },
    )
    expect(await bridge.executeAction('task', 'close', { id: 't1' })).toMatchObject({
      id: 't1',
      status: 'done',
    })
    await expectCode(bridge.executeAction('task', 'reopen', {}), 'ACTION_NOT_FOUND')
    expect(bridge.getActions()).toEqual([
      { object: 'task', name: 'close', params: {}, label: 'Close' },
    ])
  })
})
