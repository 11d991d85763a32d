import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { MiddlewareRegistry } from './middleware.js'
import type { OperationContext } from './middleware.js'

function op(object = 'task'): OperationContext {
  return { object, operation: 'find', context: {} }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('MiddlewareRegistry', () => {
  it('runs as an onion: first registered is outermost', async () => {
    const registry = new MiddlewareRegistry()
    const trace: string[] = []
    registry.use(async (_ctx, next) => {
      trace.push('a in')
      await next()
      trace.push('a out')
    })
    registry.use(async (_ctx, next) => {
      trace.push('b in')
      await next()
      trace.push('b out')
    })
    const result = await registry.run(op(), () => {
      trace.push('core')
      return Promise.resolve(['row'])
    })
    expect(trace).toEqual(['a in', 'b in', 'core', 'b out', 'a out'])
    expect(result).toEqual(['row'])
  })

  it('short-circuits without calling the core, by return value or by opCtx.result', async () => {
    for (const stop of [
      () => ['cached'],
      (ctx: OperationContext) => {
        ctx.result = ['cached']
      },
    ]) {
      const registry = new MiddlewareRegistry()
      let coreRan = false
      registry.use((ctx) => stop(ctx))
      const result = await registry.run(op(), () => {
        coreRan = true
        return Promise.resolve([])
      })
      expect(result).toEqual(['cached'])
      expect(coreRan).toBe(false)
    }
  })

  it('lets a layer replace the inner result and short-circuit with null', async () => {
    const registry = new MiddlewareRegistry()
    registry.use(async (_ctx, next) => ({ wrapped: await next() }))
    expect(await registry.run(op(), () => Promise.resolve(3))).toEqual({ wrapped: 3 })

    const nulling = new MiddlewareRegistry()
    nulling.use(() => null)
    expect(await nulling.run(op(), () => Promise.resolve(3))).toBeNull()
  })

  it('fails with INTERNAL_ERROR when next() is called twice or no result is given', async () => {
    const twice = new MiddlewareRegistry()
    twice.use(async (_ctx, next) => {
      await next()
      await next()
    })
    let cores = 0
    const error = await rejection(twice.run(op(), () => Promise.resolve(++cores)))
    expect(hasErrorCode(error, 'INTERNAL_ERROR')).toBe(true)
    expect(cores).toBe(1)

    const silent = new MiddlewareRegistry()
    silent.use(() => undefined)
    expect(
      hasErrorCode(await rejection(silent.run(op(), () => Promise.resolve(1))), 'INTERNAL_ERROR'),
    ).toBe(true)
  })

  it('applies object-scoped middleware only to that object', async () => {
    const registry = new MiddlewareRegistry()
    const seen: string[] = []
    registry.use(
      async (ctx, next) => {
        seen.push(ctx.object)
        return next()
      },
      { object: 'task' },
    )
    await registry.run(op('task'), () => Promise.resolve(1))
    await registry.run(op('user'), () => Promise.resolve(1))
    expect(seen).toEqual(['task'])
  })

  it('removes middleware by handle and by package', async () => {
    const registry = new MiddlewareRegistry()
    const off = registry.use(() => 'a')
    registry.use(() => 'b', { package: 'p' })
    registry.use((_c, next) => next(), { package: 'q' })
    off()
    expect(registry.size).toBe(2)
    expect(await registry.run(op(), () => Promise.resolve('core'))).toBe('b')
    expect(registry.unregisterPackage('p')).toBe(1)
    expect(await registry.run(op(), () => Promise.resolve('core'))).toBe('core')
  })

  it('sees registrations and removals made after earlier runs (cached chains are dropped)', async () => {
    const registry = new MiddlewareRegistry()
    const core = (): Promise<string> => Promise.resolve('core')
    expect(await registry.run(op('task'), core)).toBe('core')
    expect(await registry.run(op('user'), core)).toBe('core')

    const offTask = registry.use(() => 'task only', { object: 'task' })
    expect(await registry.run(op('task'), core)).toBe('task only')
    expect(await registry.run(op('user'), core)).toBe('core')

    registry.use(() => 'everyone', { package: 'p' })
    expect(await registry.run(op('user'), core)).toBe('everyone')
    offTask()
    expect(await registry.run(op('task'), core)).toBe('everyone')
    registry.unregisterPackage('p')
    expect(await registry.run(op('task'), core)).toBe('core')
    expect(await registry.run(op('user'), core)).toBe('core')
  })

  it('around() runs the core directly without middleware, and through the chain with some', async () => {
    const registry = new MiddlewareRegistry()
    const fields = { operation: 'findOne' as const, id: 'a1' }
    expect(await registry.around('task', {}, fields, () => Promise.resolve('core'))).toBe('core')

    const seen: OperationContext[] = []
    registry.use(async (ctx, next) => {
      seen.push({ ...ctx })
      return next()
    })
    const context = { state: { x: 1 } }
    expect(await registry.around('task', context, fields, () => Promise.resolve('core'))).toBe(
      'core',
    )
    expect(seen).toEqual([{ object: 'task', operation: 'findOne', id: 'a1', context }])
    // Keys the operation does not have stay absent, as with a spread.
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(['context', 'id', 'object', 'operation'])
  })

  it('turns a synchronous throw into a rejection and awaits a returned thenable', async () => {
    const throwing = new MiddlewareRegistry()
    const boom = new Error('boom')
    throwing.use(() => {
      throw boom
    })
    const pending = throwing.run(op(), () => Promise.resolve(1))
    expect(pending).toBeInstanceOf(Promise)
    expect(await rejection(pending)).toBe(boom)

    const thenable = new MiddlewareRegistry()
    thenable.use((_ctx, next) => ({
      then: (resolve: (value: unknown) => void) => {
        void next().then((inner) => resolve({ wrapped: inner }))
      },
    }))
    expect(await thenable.run(op(), () => Promise.resolve(2))).toEqual({ wrapped: 2 })
  })

  it('rejects a non-function with CONFIG_INVALID', () => {
    expect(() => new MiddlewareRegistry().use('x' as never)).toThrow(/must be a function/)
  })
})
