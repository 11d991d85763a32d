import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { compileProjection, projectRecord } from './record-projector.js'
import type { DataRecord } from '../spec/object-config.js'

const stored: DataRecord = { id: 'r1', a: 1, b: { deep: [1, 2] }, c: null }

describe('compileProjection', () => {
  it('keeps exactly the listed keys plus id, leaving missing ones absent', () => {
    const projected = projectRecord(stored, ['b', 'missing'])
    expect(Object.keys(projected).sort()).toEqual(['b', 'id'])
    expect(projected).toEqual({ id: 'r1', b: { deep: [1, 2] } })
  })

  it('returns deep copies, with and without fields', () => {
    for (const fields of [undefined, ['b']]) {
      const copy = projectRecord(stored, fields)
      ;(copy['b'] as { deep: number[] }).deep.push(3)
      expect(stored['b']).toEqual({ deep: [1, 2] })
    }
  })

  it('keeps a field named __proto__ as a plain key', () => {
    const record = JSON.parse('{"id":"p","__proto__":{"polluted":true}}') as DataRecord
    const projected = compileProjection(['__proto__'])(record)
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype)
    expect(Object.keys(projected)).toContain('__proto__')
  })

  it('rejects unknown fields and non-array fields', () => {
    const schema = {
      fields: new Set(['id', 'a']),
      dateFields: new Set<string>(),
      numericFields: new Set<string>(),
    }
    expect(() => compileProjection(['zzz'], schema)).toThrow(/unknown field/)
    let thrown: unknown
    try {
      compileProjection('a' as unknown as string[])
    } catch (error) {
      thrown = error
    }
    expect(hasErrorCode(thrown, 'INVALID_QUERY')).toBe(true)
  })
})
