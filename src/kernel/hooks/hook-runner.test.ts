import { describe, expect, it } from 'vitest'
import { ObjectQLError, hasErrorCode } from '../errors.js'
import type { DataApi } from '../pipeline/data-api.js'
import type { ObjectConfig } from '../spec/object-config.js'
import type { HookContext } from './hook-context.js'
import { HookRegistry } from './hook-registry.js'
import { OperationHookContext, runAfterHooks, runBeforeHooks } from './hook-runner.js'

const task: ObjectConfig = {
  name: 'task',
  fields: { title: { type: 'text' }, meta: { type: 'json' } },
}
// The runner never calls the api; a context just has to carry one.
const api = {} as DataApi

function context(init: Partial<ConstructorParameters<typeof OperationHookContext>[0]> = {}) {
  return new OperationHookContext({ object: task, operation: 'update', api, state: {}, ...init })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('runBeforeHooks / runAfterHooks', () => {
  it('runs hooks in chain order, shares state, and lets after hooks replace the result', async () => {
    const registry = new HookRegistry()
    const seen: string[] = []
    registry.register('beforeUpdate', 'task', (ctx) => {
      seen.push(`1:${ctx.event}:${ctx.timing}`)
      ctx.state['mark'] = 'from before'
    })
    registry.register('beforeUpdate', '*', () => void seen.push('2'), { priority: 200 })
    registry.register('afterUpdate', 'task', (ctx) => {
      seen.push(`after:${String(ctx.state['mark'])}:${ctx.event}`)
      ctx.result = { replaced: ctx.result }
    })
    const ctx = context()
    await runBeforeHooks(registry.chain('beforeUpdate', 'task'), ctx)
    const result = await runAfterHooks(registry.chain('afterUpdate', 'task'), ctx, 'driver')
    expect(seen).toEqual(['1:beforeUpdate:before', '2', 'after:from before:afterUpdate'])
    expect(result).toEqual({ replaced: 'driver' })
  })

  it('stops the before phase on shortCircuit and on an assigned result', async () => {
    for (const end of [
      (c: HookContext) => c.shortCircuit(null),
      (c: HookContext) => void (c.result = 7),
    ]) {
      const registry = new HookRegistry()
      const ran: number[] = []
      registry.register('beforeUpdate', 'task', (c) => {
        ran.push(1)
        end(c)
      })
      registry.register('beforeUpdate', 'task', () => void ran.push(2))
      const ctx = context()
      await runBeforeHooks(registry.chain('beforeUpdate', 'task'), ctx)
      expect(ran).toEqual([1])
      expect(ctx.shortCircuited).toBe(true)
    }
  })

  it('refuses shortCircuit in after hooks with HOOK_INVALID', async () => {
    const registry = new HookRegistry()
    registry.register('afterUpdate', 'task', (c) => c.shortCircuit(1))
    const error = await rejection(
      runAfterHooks(registry.chain('afterUpdate', 'task'), context(), 0),
    )
    expect(hasErrorCode(error, 'HOOK_INVALID')).toBe(true)
  })

  it('keeps coded errors and wraps plain ones as INTERNAL_ERROR naming the hook, with cause', async () => {
    const registry = new HookRegistry()
    const coded = new ObjectQLError('VALIDATION_FAILED', 'no')
    registry.register('beforeUpdate', 'task', () => {
      throw coded
    })
    expect(await rejection(runBeforeHooks(registry.chain('beforeUpdate', 'task'), context()))).toBe(
      coded,
    )

    const other = new HookRegistry()
    const plain = new TypeError('boom')
    other.register('beforeUpdate', 'task', () => Promise.reject(plain), { name: 'audit' })
    const error = await rejection(runBeforeHooks(other.chain('beforeUpdate', 'task'), context()))
    expect(hasErrorCode(error, 'INTERNAL_ERROR')).toBe(true)
    expect((error as Error).message).toMatch(/beforeUpdate hook 'audit' on 'task' failed: boom/)
    expect((error as Error).cause).toBe(plain)
  })
})

describe('hook invocation', () => {
  it('finishes an async hook before the next one starts, mixed with sync hooks', async () => {
    const registry = new HookRegistry()
    const trace: string[] = []
    registry.register('beforeUpdate', 'task', () => void trace.push('sync 1'))
    registry.register('beforeUpdate', 'task', async () => {
      trace.push('async in')
      await new Promise((resolve) => setTimeout(resolve, 5))
      trace.push('async out')
    })
    registry.register('beforeUpdate', 'task', () => void trace.push('sync 2'))
    // A thenable that is not a native promise is awaited as well.
    const thenable = { then: (resolve: () => void) => void setTimeout(resolve, 1) }
    registry.register('beforeUpdate', 'task', () => thenable as unknown as Promise<void>)
    registry.register('beforeUpdate', 'task', () => void trace.push('last'))
    await runBeforeHooks(registry.chain('beforeUpdate', 'task'), context())
    expect(trace).toEqual(['sync 1', 'async in', 'async out', 'sync 2', 'last'])
  })

  it('runs synchronous hooks without waiting for a microtask between them', async () => {
    const registry = new HookRegistry()
    const trace: string[] = []
    for (const name of ['a', 'b', 'c']) {
      registry.register('afterUpdate', 'task', () => void trace.push(name))
    }
    const done = runAfterHooks(registry.chain('afterUpdate', 'task'), context(), 'result')
    // Nothing awaited a promise yet, so every synchronous hook has already run.
    expect(trace).toEqual(['a', 'b', 'c'])
    expect(await done).toBe('result')
  })

  it('maps a hook that throws synchronously like one that rejects, and stops the chain', async () => {
    const registry = new HookRegistry()
    const plain = new Error('sync boom')
    let laterRan = false
    registry.register(
      'afterUpdate',
      'task',
      () => {
        throw plain
      },
      { name: 'thrower' },
    )
    registry.register('afterUpdate', 'task', () => void (laterRan = true))
    const pending = runAfterHooks(registry.chain('afterUpdate', 'task'), context(), 1)
    const error = await rejection(pending)
    expect(hasErrorCode(error, 'INTERNAL_ERROR')).toBe(true)
    expect((error as Error).message).toMatch(/afterUpdate hook 'thrower' on 'task' failed/)
    expect((error as Error).cause).toBe(plain)
    expect(laterRan).toBe(false)
  })
})

describe('isModified', () => {
  it('KRN-HOOK-003 is true only for given fields whose value changed (deep equality for json)', () => {
    const ctx = context({
      previous: { id: 'a', title: 'Same', meta: { tags: ['x'], n: 1 } },
      data: { title: 'Same', meta: { n: 1, tags: ['x'] } },
    })
    expect(ctx.isModified('title')).toBe(false)
    expect(ctx.isModified('meta')).toBe(false)
    expect(ctx.isModified('missing')).toBe(false)
    ctx.data = { title: 'Other', meta: { n: 1, tags: ['x', 'y'] } }
    expect(ctx.isModified('title')).toBe(true)
    expect(ctx.isModified('meta')).toBe(true)
  })

  it('treats every present field as modified on create and none without data', () => {
    const created = context({ data: { title: 'New', meta: null } })
    expect(created.isModified('title')).toBe(true)
    expect(created.isModified('meta')).toBe(true)
    expect(context().isModified('title')).toBe(false)
  })

  it('exposes previous under the upstream name previousData', () => {
    const previous = { id: 'a', title: 't' }
    expect(context({ previous }).previousData).toBe(previous)
  })
})
