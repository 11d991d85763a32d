import { describe, expect, it } from 'vitest'
import { expectCode, startKernel } from './kernel.test-utils.js'

describe('validation in the pipeline', () => {
  it('KRN-VAL-001 lists every failing field of a create and writes nothing', async () => {
    const { kernel } = await startKernel()
    const error = await expectCode(
      kernel.create('task', {
        title: 'x'.repeat(41),
        status: 'archived',
        priority: '3',
        due: 'tomorrow',
        watchers: 'u1',
      }),
      'VALIDATION_FAILED',
    )
    expect(error.details?.['errors']).toEqual([
      { field: 'title', rule: 'maxLength', message: expect.stringContaining('title') },
      { field: 'status', rule: 'options', message: expect.stringContaining('open') },
      { field: 'priority', rule: 'type', message: expect.stringContaining('number') },
      { field: 'due', rule: 'type', message: expect.stringContaining('ISO-8601') },
      { field: 'watchers', rule: 'type', message: expect.stringContaining('array') },
    ])
    expect(error.status).toBe(400)
    expect(await kernel.count('task')).toBe(0)
  })

  it('reports a missing required field and applies defaults', async () => {
    const { kernel } = await startKernel()
    const error = await expectCode(kernel.create('task', { priority: 1 }), 'VALIDATION_FAILED')
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ field: 'title', rule: 'required' }),
    ])
    expect((await kernel.create('task', { title: 'x' })).status).toBe('open')
  })

  it('fails unknown fields with INVALID_FIELD and writes nothing', async () => {
    const { kernel } = await startKernel()
    const error = await expectCode(
      kernel.create('task', { title: 'x', colour: 'red' }),
      'INVALID_FIELD',
    )
    expect(error.details).toMatchObject({ fields: ['colour'] })
    const created = await kernel.create('task', { title: 'y' })
    await expectCode(kernel.update('task', created.id, { colour: 'red' }), 'INVALID_FIELD')
    expect(await kernel.find('task')).toEqual([created])
  })

  it('normalizes datetimes to UTC ISO strings and accepts Date objects', async () => {
    const { kernel } = await startKernel()
    const a = await kernel.create('task', { title: 'a', due: '2024-03-10T09:30:00+01:00' })
    const b = await kernel.create('task', {
      title: 'b',
      due: new Date(Date.UTC(2024, 2, 10, 8, 30)),
    })
    expect(a.due).toBe('2024-03-10T08:30:00.000Z')
    expect(b.due).toBe('2024-03-10T08:30:00.000Z')
    expect(await kernel.count('task', { due: '2024-03-10T08:30:00.000Z' })).toBe(2)
  })

  it('KRN-VAL-001 on update checks only given fields; clearing a required field fails and changes nothing', async () => {
    const { kernel } = await startKernel()
    const created = await kernel.create('task', { title: 'x', priority: 2 })
    expect((await kernel.update('task', created.id, { priority: null })).priority).toBeNull()
    for (const title of [null, '']) {
      const error = await expectCode(
        kernel.update('task', created.id, { title, priority: 9 }),
        'VALIDATION_FAILED',
      )
      expect(error.details?.['errors']).toEqual([
        expect.objectContaining({ field: 'title', rule: 'required' }),
        expect.objectContaining({ field: 'priority', rule: 'max' }),
      ])
    }
    expect((await kernel.findOne('task', created.id))?.title).toBe('x')
  })

  it('KRN-VAL-001 enforces unique values on create and update (a record may keep its own value)', async () => {
    const { kernel } = await startKernel()
    const ann = await kernel.create('user', { name: 'Ann', email: 'ann@x.io' })
    const bob = await kernel.create('user', { name: 'Bob', email: 'bob@x.io' })
    const dup = await expectCode(
      kernel.create('user', { name: 'Ann 2', email: 'ann@x.io' }),
      'VALIDATION_FAILED',
    )
    expect(dup.details?.['errors']).toEqual([
      expect.objectContaining({ field: 'email', rule: 'unique' }),
    ])
    await expectCode(kernel.update('user', bob.id, { email: 'ann@x.io' }), 'VALIDATION_FAILED')
    expect((await kernel.update('user', ann.id, { email: 'ann@x.io', name: 'Ann B' })).name).toBe(
      'Ann B',
    )
    expect(await kernel.count('user')).toBe(2)
    expect((await kernel.findOne('user', bob.id))?.email).toBe('bob@x.io')
  })
})

describe('actions on the kernel', () => {
  it('validates params, runs the handler with a hook-aware api and the caller', async () => {
    const { kernel } = await startKernel()
    const task = await kernel.create('task', { title: 'x' })
    const hookUsers: unknown[] = []
    kernel.on('beforeUpdate', 'task', (ctx) => void hookUsers.push(ctx.user?.id))
    kernel.registerAction(
      'task',
      'prioritize',
      async ({ id, input, api, user }) => {
        expect(user?.id).toBe('u1')
        return api.update('task', String(id), { priority: input['level'] })
      },
      { params: { level: { type: 'number', required: true, min: 0, max: 5 } } },
    )
    expect(kernel.listActions('task').map((a) => a.name)).toEqual(['prioritize'])
    const updated = await kernel.executeAction(
      'task',
      'prioritize',
      { id: task.id, level: 4 },
      { user: { id: 'u1' } },
    )
    expect(updated).toMatchObject({ priority: 4 })
    expect(hookUsers).toEqual(['u1'])
    const error = await expectCode(
      kernel.executeAction('task', 'prioritize', { id: task.id, level: 8 }),
      'VALIDATION_FAILED',
    )
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ field: 'level', rule: 'max' }),
    ])
    await expectCode(kernel.executeAction('task', 'nope', {}), 'ACTION_NOT_FOUND')
    expect((await kernel.findOne('task', task.id))?.priority).toBe(4)
  })
})
