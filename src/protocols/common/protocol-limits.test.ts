import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import {
  DEFAULT_PROTOCOL_LIMITS,
  assertDepth,
  assertPageSize,
  jsonDepth,
  resolveLimits,
} from './protocol-limits.js'

describe('protocol limits', () => {
  it('fills defaults and keeps given values', () => {
    expect(resolveLimits()).toEqual(DEFAULT_PROTOCOL_LIMITS)
    expect(resolveLimits({ maxPageSize: 5, defaultPageSize: 5 }).maxPageSize).toBe(5)
  })

  it('rejects nonsense limits with CONFIG_INVALID', () => {
    for (const bad of [
      { maxDepth: 0 },
      { maxBodyBytes: -1 },
      { maxPageSize: 1.5 },
      { defaultPageSize: 2000 },
    ]) {
      expect(() => resolveLimits(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
    }
  })

  it('measures depth iteratively and enforces maxDepth and maxPageSize', () => {
    let deep: unknown = 1
    for (let i = 0; i < 50_000; i++) deep = [deep]
    expect(jsonDepth(deep)).toBe(50_000)
    expect(jsonDepth({ a: [1, { b: {} }] })).toBe(4)
    expect(jsonDepth('x')).toBe(0)
    let error: unknown
    try {
      assertDepth(deep, 10)
    } catch (e) {
      error = e
    }
    expect(hasErrorCode(error, 'LIMIT_EXCEEDED')).toBe(true)
    expect(() => assertPageSize(1001, 1000)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    )
    expect(() => assertPageSize(1000, 1000)).not.toThrow()
  })
})
