import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { HOOK_EVENTS, HOOK_OPERATIONS, hookEventFor, resolveHookEvent } from './hook-events.js'

describe('resolveHookEvent', () => {
  it('maps beforeCreate, beforeInsert and before:create to one canonical event', () => {
    for (const name of ['beforeCreate', 'beforeInsert', 'before:create', 'before:insert']) {
      expect(resolveHookEvent(name)).toEqual({
        event: 'beforeCreate',
        timing: 'before',
        operation: 'create',
      })
    }
    expect(resolveHookEvent('afterInsert').event).toBe('afterCreate')
    expect(resolveHookEvent('after:create').event).toBe('afterCreate')
  })

  it('accepts every canonical name and its colon form, case-insensitively', () => {
    for (const event of HOOK_EVENTS) {
      const info = resolveHookEvent(event)
      expect(info.event).toBe(event)
      const colon = `${info.timing}:${info.operation}`
      expect(resolveHookEvent(colon).event).toBe(event)
      expect(resolveHookEvent(event.toUpperCase()).event).toBe(event)
    }
  })

  it('has a before and an after event for every operation', () => {
    expect(HOOK_EVENTS).toHaveLength(HOOK_OPERATIONS.length * 2)
    for (const operation of HOOK_OPERATIONS) {
      expect(HOOK_EVENTS).toContain(hookEventFor('before', operation))
      expect(HOOK_EVENTS).toContain(hookEventFor('after', operation))
    }
  })

  it.each(['beforeSave', 'before:', 'create', 'onCreate', '', 'beforeQuery', 'before-create'])(
    'rejects %j with HOOK_INVALID',
    (name) => {
      let caught: unknown
      try {
        resolveHookEvent(name)
      } catch (error) {
        caught = error
      }
      expect(hasErrorCode(caught, 'HOOK_INVALID')).toBe(true)
    },
  )

  it('rejects a non-string event with HOOK_INVALID', () => {
    expect(() => resolveHookEvent(42 as unknown as string)).toThrow(/unknown hook event/)
  })
})
