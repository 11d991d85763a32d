import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import type { DriverOptions } from './driver/driver.js'
import type { OperationContext } from './pipeline/middleware.js'
import { isDeepFrozen } from './spec/deep-freeze.js'
import type { DataRecord } from './spec/object-config.js'
import type { QueryAST } from './spec/query-ast.js'
import { expectCode, startKernel } from './kernel.test-utils.js'

/**
 * The read path without hooks or middleware skips their machinery (no contexts, no copies, a
 * cached AST for "no query"). These tests pin that nothing of the kernel's behaviour went with
 * it: whatever is registered later takes effect, results stay private copies, queries stay
 * frozen and checked, errors stay coded.
 */

/** A memory driver that records the query each `findOne` receives. */
class SpyDriver extends MemoryDriver {
  readonly queries: (QueryAST | undefined)[] = []
  override async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    this.queries.push(query)
    return super.findOne(object, id, query, options)
  }
}

async function started(): Promise<Awaited<ReturnType<typeof startKernel>> & { spy: SpyDriver }> {
  const spy = new SpyDriver()
  const fixture = await startKernel({ drivers: { default: spy } })
  return { ...fixture, spy }
}

describe('kernel.findOne without hooks or middleware', () => {
  it('runs a hook registered after earlier calls, and stops running it once removed', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a' })
    for (let i = 0; i < 3; i++) expect(await kernel.findOne('task', task.id)).not.toBeNull()

    const seen: string[] = []
    const offBefore = kernel.on(
      'beforeFindOne',
      'task',
      (ctx) => void seen.push(`before ${ctx.id}`),
    )
    const offAfter = kernel.on('afterFindOne', '*', (ctx) => {
      seen.push('after')
      ctx.result = { replaced: true }
    })
    expect(await kernel.findOne('task', task.id)).toEqual({ replaced: true })
    expect(seen).toEqual([`before ${task.id}`, 'after'])

    offBefore()
    offAfter()
    expect(await kernel.findOne('task', task.id)).toMatchObject({ id: task.id, title: 'a' })
    expect(seen).toHaveLength(2)
  })

  it('runs middleware registered after earlier calls, per object, until removed', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a' })
    const user = await kernel.create('user', { name: 'u' })
    await kernel.findOne('task', task.id)
    await kernel.findOne('user', user.id)

    const off = kernel.useMiddleware(() => 'from middleware', { object: 'task' })
    expect(await kernel.findOne('task', task.id)).toBe('from middleware')
    expect(await kernel.findOne('user', user.id)).toMatchObject({ id: user.id })
    off()
    expect(await kernel.findOne('task', task.id)).toMatchObject({ id: task.id })
  })

  it('returns a copy: mutating it (nested values too) never reaches the stored record', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a', meta: { tags: ['x'] } })
    const first = await kernel.findOne('task', task.id)
    if (first === null) throw new Error('expected the record')
    first['title'] = 'changed'
    ;(first['meta'] as { tags: string[] }).tags.push('y')
    const second = await kernel.findOne('task', task.id)
    expect(second).toMatchObject({ title: 'a', meta: { tags: ['x'] } })
    expect(second).not.toBe(first)
  })

  it('hands middleware and the driver the same deeply frozen canonical query', async () => {
    const { kernel, spy } = await started()
    const task = await kernel.create('task', { title: 'a' })
    const seen: (QueryAST | undefined)[] = []
    kernel.useMiddleware((ctx: OperationContext, next) => {
      seen.push(ctx.query)
      return next()
    })
    await kernel.findOne('task', task.id)
    await kernel.findOne('task', task.id)
    const [first, second] = seen
    expect(first).toEqual({ object: 'task', orderBy: [{ field: 'id', order: 'asc' }] })
    expect(isDeepFrozen(first)).toBe(true)
    // "No query" is normalized once and shared: safe only because nobody can change it.
    expect(second).toBe(first)
    expect(spy.queries.slice(-2)).toEqual([first, first])
    expect(spy.queries.every((query) => isDeepFrozen(query))).toBe(true)
  })

  it('still refuses an unknown field, paging and a bad id, as rejections', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a' })
    await expectCode(kernel.findOne('task', task.id, { fields: ['nope'] }), 'INVALID_FIELD')
    await expectCode(kernel.findOne('task', task.id, { where: { nope: 1 } }), 'INVALID_FIELD')
    await expectCode(kernel.findOne('task', task.id, { limit: 1 }), 'INVALID_QUERY')
    await expectCode(kernel.findOne('task', ''), 'VALIDATION_FAILED')
    await expectCode(kernel.findOne('nope', task.id), 'OBJECT_NOT_FOUND')
  })

  it('keeps driver failures coded: a plain Error becomes DRIVER_ERROR', async () => {
    const { kernel, spy } = await started()
    spy.findOne = () => Promise.reject(new Error('disk on fire'))
    const error = await expectCode(kernel.findOne('task', 'x'), 'DRIVER_ERROR')
    expect(error.message).toContain('disk on fire')
  })

  it('counts with the cached "no query" and with a filter alike', async () => {
    const { kernel } = await started()
    await kernel.create('task', { title: 'a' })
    await kernel.create('task', { title: 'b' })
    expect(await kernel.count('task')).toBe(2)
    expect(await kernel.count('task', null)).toBe(2)
    expect(await kernel.count('task', { title: 'a' })).toBe(1)
    expect(await kernel.count('task', { where: { title: 'b' } })).toBe(1)
  })
})

describe('kernel.findOne with before hooks editing the query', () => {
  it("keeps a hook's edits to its copy out of the shared AST of later calls", async () => {
    const { kernel, spy } = await started()
    const task = await kernel.create('task', { title: 'a' })
    const off = kernel.on('beforeFindOne', 'task', (ctx) => {
      if (ctx.query !== undefined) ctx.query.where = { title: { $eq: 'someone else' } }
    })
    // The added filter applies (the kernel runs find with id AND where), so nothing matches.
    expect(await kernel.findOne('task', task.id)).toBeNull()
    off()
    expect(await kernel.findOne('task', task.id)).toMatchObject({ id: task.id })
    expect(spy.queries.at(-1)).toEqual({ object: 'task', orderBy: [{ field: 'id', order: 'asc' }] })
  })

  it('passes the canonical AST on when the hooks left the query as it was', async () => {
    const { kernel, spy } = await started()
    const task = await kernel.create('task', { title: 'a' })
    const seen: (QueryAST | undefined)[] = []
    kernel.useMiddleware((ctx, next) => {
      seen.push(ctx.query)
      return next()
    })
    kernel.on('beforeFindOne', 'task', (ctx) => {
      // Read, and even replaced by an equal copy: nothing that needs normalizing again.
      ctx.query = JSON.parse(JSON.stringify(ctx.query)) as typeof ctx.query
    })
    expect(await kernel.findOne('task', task.id)).toMatchObject({ id: task.id })
    expect(spy.queries.at(-1)).toBe(seen.at(-1))
  })

  it('normalizes an edited query again: an unknown field or operator is still refused', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a' })
    const off = kernel.on('beforeFindOne', 'task', (ctx) => {
      if (ctx.query !== undefined) ctx.query.fields = ['nope']
    })
    await expectCode(kernel.findOne('task', task.id), 'INVALID_FIELD')
    off()
    kernel.on('beforeFindOne', 'task', (ctx) => {
      if (ctx.query !== undefined) ctx.query.where = { title: { $regexish: 'a' } }
    })
    await expectCode(kernel.findOne('task', task.id), 'INVALID_FILTER')
  })

  it('gives hooks a mutable copy and the frozen AST stays untouched for middleware', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a' })
    let hookQuery: unknown
    let middlewareQuery: QueryAST | undefined
    kernel.useMiddleware((ctx, next) => {
      middlewareQuery = ctx.query
      return next()
    })
    kernel.on('beforeFindOne', 'task', (ctx) => {
      hookQuery = ctx.query
      if (ctx.query !== undefined) ctx.query.fields = ['title']
    })
    expect(await kernel.findOne('task', task.id)).toEqual({ id: task.id, title: 'a' })
    expect(Object.isFrozen(hookQuery)).toBe(false)
    expect(isDeepFrozen(middlewareQuery)).toBe(true)
    expect(middlewareQuery?.fields).toBeUndefined()
  })
})

describe('the api hooks receive', () => {
  it('is shared and frozen for callers without a user; its calls get a context nobody can edit', async () => {
    const { kernel } = await started()
    const user = await kernel.create('user', { name: 'u' })
    const task = await kernel.create('task', { title: 'a' })
    const apis: unknown[] = []
    kernel.on('afterFindOne', 'task', async (ctx) => {
      apis.push(ctx.api)
      await ctx.api.findOne('user', user.id)
    })
    kernel.useMiddleware(
      (ctx, next) => {
        // A middleware that tries to slip a user into the shared context must fail, not leak.
        ;(ctx.context as { user?: unknown }).user = { id: 'intruder' }
        return next()
      },
      { object: 'user' },
    )
    await expectCode(kernel.findOne('task', task.id), 'INTERNAL_ERROR')
    await expectCode(kernel.findOne('task', task.id), 'INTERNAL_ERROR')
    expect(apis[0]).toBe(apis[1])
    expect(Object.isFrozen(apis[0])).toBe(true)
  })

  it('still carries the caller user when there is one', async () => {
    const { kernel } = await started()
    const task = await kernel.create('task', { title: 'a' })
    const users: unknown[] = []
    kernel.on('afterFindOne', 'task', async (ctx) => {
      await ctx.api.count('user')
    })
    kernel.on('beforeCount', 'user', (ctx) => void users.push(ctx.user?.id))
    await kernel.findOne('task', task.id)
    await kernel.findOne('task', task.id, undefined, { user: { id: 'u1' } })
    await kernel.findOne('task', task.id)
    expect(users).toEqual([undefined, 'u1', undefined])
  })
})
