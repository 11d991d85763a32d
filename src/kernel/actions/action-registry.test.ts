import { describe, expect, it } from 'vitest'
import { ObjectQLError, hasErrorCode } from '../errors.js'
import type { DataApi } from '../pipeline/data-api.js'
import { runAction } from './action-executor.js'
import { ActionRegistry } from './action-registry.js'
import type { ActionContext } from './action-registry.js'

// Handlers here never touch data; the context only has to carry an api.
const api = {} as DataApi

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

function catchSync(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('ActionRegistry', () => {
  it('registers, lists without handlers, and removes by handle and package', () => {
    const registry = new ActionRegistry()
    const off = registry.register('task', 'close', () => 1, { label: 'Close' })
    registry.register('task', 'archive', () => 2, { package: 'p' })
    registry.register('user', 'invite', () => 3, { package: 'p' })
    expect(registry.list('task')).toEqual([
      { object: 'task', name: 'close', label: 'Close' },
      { object: 'task', name: 'archive', package: 'p' },
    ])
    expect(registry.list()).toHaveLength(3)
    expect(registry.unregisterPackage('p')).toBe(2)
    off()
    expect(registry.list()).toEqual([])
  })

  it('fails unknown actions with ACTION_NOT_FOUND and duplicates with CONFIG_INVALID', () => {
    const registry = new ActionRegistry()
    registry.register('task', 'close', () => 1)
    expect(
      hasErrorCode(
        catchSync(() => registry.get('task', 'open')),
        'ACTION_NOT_FOUND',
      ),
    ).toBe(true)
    expect(
      hasErrorCode(
        catchSync(() => registry.get('user', 'close')),
        'ACTION_NOT_FOUND',
      ),
    ).toBe(true)
    const duplicate = catchSync(() => registry.register('task', 'close', () => 2))
    expect(hasErrorCode(duplicate, 'CONFIG_INVALID')).toBe(true)
    expect(registry.get('task', 'close').handler({} as ActionContext)).toBe(1)
    expect(
      hasErrorCode(
        catchSync(() => registry.register('task', '', () => 1)),
        'CONFIG_INVALID',
      ),
    ).toBe(true)
    expect(
      hasErrorCode(
        catchSync(() => registry.register('task', 'x', 5 as never)),
        'CONFIG_INVALID',
      ),
    ).toBe(true)
  })
})

describe('runAction', () => {
  const registry = new ActionRegistry()
  const calls: ActionContext[] = []
  registry.register(
    'task',
    'assign',
    (ctx) => {
      calls.push(ctx)
      return { assigned: ctx.input['owner'] }
    },
    {
      params: {
        owner: { type: 'text', required: true },
        due: { type: 'datetime' },
        notify: { type: 'boolean', defaultValue: true },
      },
    },
  )

  it('validates input, applies defaults, and passes id, api and user to the handler', async () => {
    const user = { id: 'u1' }
    const result = await runAction(
      registry.get('task', 'assign'),
      { id: 't1', owner: 'ann', due: '2024-01-01T10:00:00+01:00' },
      api,
      user,
    )
    expect(result).toEqual({ assigned: 'ann' })
    const ctx = calls.at(-1)
    expect(ctx).toMatchObject({
      objectName: 'task',
      actionName: 'assign',
      id: 't1',
      input: { owner: 'ann', due: '2024-01-01T09:00:00.000Z', notify: true },
      user,
    })
    expect(ctx?.api).toBe(api)
  })

  it('fails bad input with VALIDATION_FAILED listing every param, without calling the handler', async () => {
    const before = calls.length
    const error = await rejection(
      runAction(registry.get('task', 'assign'), { due: 'later', notify: 'yes' }, api, undefined),
    )
    expect(hasErrorCode(error, 'VALIDATION_FAILED')).toBe(true)
    expect((error as ObjectQLError).details?.['errors']).toEqual([
      expect.objectContaining({ field: 'owner', rule: 'required' }),
      expect.objectContaining({ field: 'due', rule: 'type' }),
      expect.objectContaining({ field: 'notify', rule: 'type' }),
    ])
    const unknown = await rejection(
      runAction(registry.get('task', 'assign'), { owner: 'a', x: 1 }, api, undefined),
    )
    expect(hasErrorCode(unknown, 'INVALID_FIELD')).toBe(true)
    const badId = await rejection(
      runAction(registry.get('task', 'assign'), { owner: 'a', id: 3 }, api, undefined),
    )
    expect(hasErrorCode(badId, 'VALIDATION_FAILED')).toBe(true)
    const notObject = await rejection(
      runAction(registry.get('task', 'assign'), 'ann', api, undefined),
    )
    expect(hasErrorCode(notObject, 'VALIDATION_FAILED')).toBe(true)
    expect(calls.length).toBe(before)
  })

  it('passes input through unchecked when no params are declared, and wraps handler errors', async () => {
    const free = new ActionRegistry()
    free.register('task', 'echo', (ctx) => ctx.input)
    free.register('task', 'fail', () => {
      throw new Error('exploded')
    })
    free.register('task', 'coded', () => {
      throw new ObjectQLError('NOT_FOUND', 'gone')
    })
    expect(await runAction(free.get('task', 'echo'), { any: [1] }, api, undefined)).toEqual({
      any: [1],
    })
    expect(await runAction(free.get('task', 'echo'), undefined, api, undefined)).toEqual({})
    const wrapped = await rejection(runAction(free.get('task', 'fail'), {}, api, undefined))
    expect(hasErrorCode(wrapped, 'INTERNAL_ERROR')).toBe(true)
    expect((wrapped as Error).message).toMatch(/action 'task:fail' failed: exploded/)
    expect(
      hasErrorCode(
        await rejection(runAction(free.get('task', 'coded'), {}, api, undefined)),
        'NOT_FOUND',
      ),
    ).toBe(true)
  })
})
