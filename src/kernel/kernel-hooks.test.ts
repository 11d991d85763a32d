import { describe, expect, it } from 'vitest'
import { ObjectQLError } from './errors.js'
import type { HookContext } from './hooks/hook-context.js'
import { expectCode, startKernel, thrown } from './kernel.test-utils.js'

describe('hook registration on the kernel', () => {
  it('KRN-HOOK-001 runs aliases as one event, in priority then registration order, for the object and *', async () => {
    const { kernel } = await startKernel()
    const order: string[] = []
    kernel.on('before:create', 'task', () => void order.push('colon'))
    kernel.on('beforeInsert', '*', () => void order.push('insert-any'))
    kernel.on('beforeCreate', 'task', () => void order.push('early'), { priority: 10 })
    kernel.on('beforeCreate', 'user', () => void order.push('user-only'))
    await kernel.create('task', { title: 'x' })
    expect(order).toEqual(['early', 'colon', 'insert-any'])
  })

  it('fails unknown events with HOOK_INVALID; unsubscribe stops a hook', async () => {
    const { kernel } = await startKernel()
    expect(thrown(() => kernel.on('beforeSave', 'task', () => undefined)).code).toBe('HOOK_INVALID')
    let calls = 0
    const off = kernel.on('afterCreate', 'task', () => void calls++)
    await kernel.create('task', { title: 'a' })
    off()
    await kernel.create('task', { title: 'b' })
    expect(calls).toBe(1)
  })

  it('compiles each chain once: no rebuild between registrations, one after a change', async () => {
    const { kernel } = await startKernel()
    kernel.on('beforeFind', 'task', () => undefined)
    await kernel.find('task')
    const builds = kernel.hooks.chainBuilds
    for (let i = 0; i < 20; i++) await kernel.find('task')
    expect(kernel.hooks.chainBuilds).toBe(builds)
    kernel.on('afterFind', '*', () => undefined)
    await kernel.find('task')
    const rebuilt = kernel.hooks.chainBuilds
    expect(rebuilt).toBe(builds + 2) // beforeFind and afterFind of 'task', once each
    for (let i = 0; i < 20; i++) await kernel.find('task')
    expect(kernel.hooks.chainBuilds).toBe(rebuilt)
  })
})

describe('hook context', () => {
  it('gives create hooks objectName, operation, event, data, id, user, state and api', async () => {
    const { kernel } = await startKernel()
    const seen: Record<string, unknown>[] = []
    kernel.on('beforeCreate', 'task', (ctx) => {
      ctx.state['t0'] = 'before'
      seen.push({
        objectName: ctx.objectName,
        operation: ctx.operation,
        event: ctx.event,
        id: ctx.id,
        user: ctx.user,
      })
    })
    kernel.on('afterCreate', 'task', async (ctx) => {
      seen.push({ event: ctx.event, state: ctx.state['t0'], result: ctx.result })
      // The api is hook-aware: this create runs the user hooks, with the same user.
      await ctx.api.create('user', { name: `owner of ${String(ctx.data?.['title'])}` })
    })
    const userSeen: unknown[] = []
    kernel.on('afterCreate', 'user', (ctx) => void userSeen.push(ctx.user?.id))
    const created = await kernel.create(
      'task',
      { title: 'x' },
      { user: { id: 'u9', roles: ['admin'] } },
    )
    expect(seen).toEqual([
      {
        objectName: 'task',
        operation: 'create',
        event: 'beforeCreate',
        id: created.id,
        user: { id: 'u9', roles: ['admin'] },
      },
      { event: 'afterCreate', state: 'before', result: created },
    ])
    expect(userSeen).toEqual(['u9'])
  })

  it('lets before hooks edit data (validated afterwards) and after hooks replace the result', async () => {
    const { kernel } = await startKernel()
    kernel.on('beforeCreate', 'task', (ctx) => {
      if (ctx.data !== undefined) ctx.data['title'] = String(ctx.data['title']).toUpperCase()
    })
    kernel.on('afterFindOne', 'task', (ctx) => {
      ctx.result = { ...(ctx.result as object), decorated: true }
    })
    const created = await kernel.create('task', { title: 'shout' })
    expect(created.title).toBe('SHOUT')
    expect(await kernel.findOne('task', created.id)).toMatchObject({
      title: 'SHOUT',
      decorated: true,
    })

    kernel.on('beforeCreate', 'task', (ctx) => {
      if (ctx.data !== undefined) ctx.data['priority'] = 99
    })
    const error = await expectCode(kernel.create('task', { title: 'x' }), 'VALIDATION_FAILED')
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ field: 'priority', rule: 'max' }),
    ])
    expect(await kernel.count('task')).toBe(1)
  })

  it('lets before find/count hooks narrow the query (a tenant filter) and re-validates it', async () => {
    const { kernel } = await startKernel()
    await kernel.createMany('task', [
      { id: 'a', title: 'a', tenant_id: 't1' },
      { id: 'b', title: 'b', tenant_id: 't2' },
    ])
    const tenantFilter = (ctx: HookContext): void => {
      if (ctx.query === undefined) return
      const tenant = { tenant_id: ctx.user?.tenantId ?? null }
      ctx.query.where = ctx.query.where === undefined ? tenant : { $and: [ctx.query.where, tenant] }
    }
    for (const event of ['beforeFind', 'beforeFindOne', 'beforeCount'] as const)
      kernel.on(event, 'task', tenantFilter)
    const user = { id: 'u', tenantId: 't1' }
    expect((await kernel.find('task', {}, { user })).map((r) => r.id)).toEqual(['a'])
    expect(await kernel.count('task', {}, { user })).toBe(1)
    // Asking for another tenant's id directly is filtered too.
    expect(await kernel.findOne('task', 'b', undefined, { user })).toBeNull()
    expect((await kernel.findOne('task', 'a', undefined, { user }))?.id).toBe('a')

    kernel.on('beforeFind', 'task', (ctx) => {
      if (ctx.query !== undefined) ctx.query.where = { title: { $like: 'x' } }
    })
    await expectCode(kernel.find('task', {}, { user }), 'INVALID_FILTER')
  })

  it('fires hooks for count, aggregate and distinct, with an editable query', async () => {
    const { kernel } = await startKernel()
    await kernel.createMany('task', [
      { title: 'a', priority: 1, tenant_id: 't1' },
      { title: 'b', priority: 2, tenant_id: 't2' },
    ])
    const onlyT1 = (ctx: HookContext): void => {
      if (ctx.query !== undefined) ctx.query.where = { tenant_id: 't1' }
    }
    kernel.on('beforeAggregate', 'task', onlyT1)
    kernel.on('beforeDistinct', 'task', (ctx) => {
      expect(ctx.field).toBe('priority')
      onlyT1(ctx)
    })
    kernel.on('afterCount', 'task', (ctx) => {
      ctx.result = Number(ctx.result) * 10
    })
    const rows = await kernel.aggregate('task', {
      aggregations: [{ function: 'sum', field: 'priority', alias: 'total' }],
    })
    expect(rows).toEqual([{ total: 1 }])
    expect(await kernel.distinct('task', 'priority')).toEqual([1])
    expect(await kernel.count('task')).toBe(20)
  })

  it('KRN-HOOK-003 gives update hooks previous and a real isModified', async () => {
    const { kernel } = await startKernel()
    const created = await kernel.create('task', { title: 'Same', meta: { a: [1, 2] }, priority: 1 })
    const report: Record<string, unknown> = {}
    kernel.on('beforeUpdate', 'task', (ctx) => {
      report['previous'] = ctx.previous
      report['title'] = ctx.isModified('title')
      report['meta'] = ctx.isModified('meta')
      report['priority'] = ctx.isModified('priority')
      report['due'] = ctx.isModified('due')
    })
    await kernel.update('task', created.id, { title: 'Same', meta: { a: [1, 2] }, priority: 2 })
    expect(report).toEqual({
      previous: created,
      title: false,
      meta: false,
      priority: true,
      due: false,
    })
  })

  it('gives delete hooks previous; a missing record runs no hooks', async () => {
    const { kernel } = await startKernel()
    const created = await kernel.create('task', { title: 'x' })
    const previous: unknown[] = []
    kernel.on('beforeDelete', 'task', (ctx) => void previous.push(ctx.previous))
    kernel.on('afterDelete', 'task', (ctx) => void previous.push(ctx.result))
    expect(await kernel.delete('task', created.id)).toBe(true)
    expect(await kernel.delete('task', created.id)).toBe(false)
    expect(previous).toEqual([created, true])
  })
})

describe('aborting and short-circuiting', () => {
  it('KRN-HOOK-002 a throwing before hook aborts: nothing written, coded errors kept, others INTERNAL_ERROR', async () => {
    const { kernel } = await startKernel()
    const existing = await kernel.create('task', { title: 'keep' })
    const events: string[] = []
    kernel.events.on('data:created', () => void events.push('created'))
    kernel.events.on('data:updated', () => void events.push('updated'))
    kernel.events.on('data:deleted', () => void events.push('deleted'))
    const off1 = kernel.on(
      'beforeCreate',
      'task',
      () => {
        throw new Error('nope')
      },
      { name: 'guard' },
    )
    const wrapped = await expectCode(kernel.create('task', { title: 'x' }), 'INTERNAL_ERROR')
    expect(wrapped.message).toMatch(/beforeCreate hook 'guard' on 'task' failed: nope/)
    expect(wrapped.cause).toBeInstanceOf(Error)
    off1()
    const coded = new ObjectQLError('VALIDATION_FAILED', 'custom rule')
    kernel.on('beforeUpdate', 'task', () => Promise.reject(coded))
    kernel.on('beforeDelete', 'task', () => {
      throw coded
    })
    expect(
      await expectCode(kernel.update('task', existing.id, { title: 'y' }), 'VALIDATION_FAILED'),
    ).toBe(coded)
    await expectCode(kernel.delete('task', existing.id), 'VALIDATION_FAILED')
    expect(await kernel.find('task')).toEqual([existing])
    expect(events).toEqual([])
  })

  it('shortCircuit and ctx.result in a before hook skip validation and the driver', async () => {
    const { kernel } = await startKernel()
    kernel.on('beforeFind', 'task', (ctx) =>
      ctx.shortCircuit([{ id: 'cached', title: 'from cache' }]),
    )
    kernel.on('beforeCreate', 'task', (ctx) => {
      ctx.result = { id: 'fake', title: 'not stored' }
    })
    let afterSaw: unknown
    kernel.on('afterCreate', 'task', (ctx) => void (afterSaw = ctx.result))
    const events: string[] = []
    kernel.events.on('data:created', () => void events.push('created'))
    expect(await kernel.find('task')).toEqual([{ id: 'cached', title: 'from cache' }])
    expect(await kernel.create('task', { title: '' })).toEqual({ id: 'fake', title: 'not stored' })
    expect(afterSaw).toEqual({ id: 'fake', title: 'not stored' })
    expect(events).toEqual([])
    expect(await kernel.count('task')).toBe(0)
  })
})

describe('middleware in the pipeline', () => {
  it('wraps hooks and the driver, sees the normalized query, and can replace results', async () => {
    const { kernel } = await startKernel()
    const trace: string[] = []
    kernel.on('beforeFind', 'task', () => void trace.push('hook'))
    kernel.useMiddleware(
      async (op, next) => {
        trace.push(`mw ${op.operation} ${JSON.stringify(op.query?.orderBy)}`)
        const result = await next()
        trace.push('mw out')
        return (result as unknown[]).length
      },
      { object: 'task' },
    )
    expect(await kernel.find('task', { sort: '-title' })).toBe(0)
    expect(trace).toEqual([
      'mw find [{"field":"title","order":"desc"},{"field":"id","order":"asc"}]',
      'hook',
      'mw out',
    ])
  })

  it('a middleware that short-circuits a write prevents it; a plain throw is INTERNAL_ERROR', async () => {
    const { kernel } = await startKernel()
    const off = kernel.useMiddleware((op) =>
      op.operation === 'create' ? { id: 'blocked' } : undefined,
    )
    expect(await kernel.create('task', { title: 'x' })).toEqual({ id: 'blocked' })
    off()
    expect(await kernel.count('task')).toBe(0)
    kernel.useMiddleware(() => {
      throw new TypeError('mw bug')
    })
    const error = await expectCode(kernel.find('task'), 'INTERNAL_ERROR')
    expect(error.cause).toBeInstanceOf(TypeError)
  })
})

describe('data events', () => {
  it('are emitted after successful writes only, with copies, actor and changed fields', async () => {
    const { kernel } = await startKernel()
    const events: { name: string; payload: Record<string, unknown> }[] = []
    for (const name of ['data:created', 'data:updated', 'data:deleted'] as const) {
      kernel.events.on(name, (payload) => {
        events.push({ name, payload: payload as unknown as Record<string, unknown> })
        if ('record' in payload) payload.record.title = 'mutated by a listener'
      })
    }
    const user = { id: 'u1', tenantId: 't1' }
    const created = await kernel.create('task', { title: 'a' }, { user })
    expect(created.title).toBe('a')
    const updated = await kernel.update(
      'task',
      created.id,
      { title: 'b', priority: 2, status: 'open' },
      { user },
    )
    await kernel.delete('task', created.id)
    await expectCode(kernel.create('task', { title: '' }), 'VALIDATION_FAILED')
    expect(events.map((e) => e.name)).toEqual(['data:created', 'data:updated', 'data:deleted'])
    expect(events[0]?.payload).toMatchObject({
      object: 'task',
      id: created.id,
      actor: { userId: 'u1', tenantId: 't1' },
    })
    expect(events[1]?.payload).toMatchObject({ previous: created, changed: ['title', 'priority'] })
    expect(events[2]?.payload).toMatchObject({ id: created.id, previous: updated })
    expect(events[2]?.payload['actor']).toBeUndefined()
  })
})
