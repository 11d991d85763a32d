import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf16String } from './redis-driver.test-utils.js'
import { checkWriteData, decodeRecord, encodeRecord } from './redis-record-codec.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'

const SEED = 20_260_505

describe('redis record codec', () => {
  it('round-trips JSON values exactly, including -0, lone surrogates and __proto__ keys', () => {
    fc.assert(
      fc.property(fc.dictionary(utf16String(6), fc.jsonValue({ maxDepth: 3 })), (body) => {
        const record = { ...body, id: 'x' }
        const decoded = decodeRecord(encodeRecord(record))
        expect(decoded).toStrictEqual(record)
      }),
      { seed: SEED, numRuns: 300 },
    )
    const tricky = JSON.parse('{"__proto__": {"polluted": true}, "id": "p"}') as Record<
      string,
      unknown
    >
    tricky['z'] = -0
    tricky['s'] = 'a\uD800b\u0000'
    const back = decodeRecord(encodeRecord(tricky))
    expect(Object.is(back['z'], -0)).toBe(true)
    expect(back['s']).toBe('a\uD800b\u0000')
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('drops undefined like JSON (keys left out, array slots null)', () => {
    expect(
      decodeRecord(encodeRecord({ id: 'u', a: undefined, b: [undefined, 1], c: { d: undefined } })),
    ).toStrictEqual({
      id: 'u',
      b: [null, 1],
      c: {},
    })
    // eslint-disable-next-line no-sparse-arrays
    expect(encodeRecord({ id: 's', holes: [1, , 3] })).toBe('{"id":"s","holes":[1,null,3]}')
  })

  it('refuses what JSON would change, naming every failing field', () => {
    const circular: Record<string, unknown> = {}
    circular['self'] = circular
    const bad = {
      id: 'b',
      inf: Infinity,
      nan: NaN,
      big: 1n,
      fn: () => 1,
      sym: Symbol('s'),
      date: new Date(0),
      map: new Map(),
      nested: { deep: [1, -Infinity] },
      circular,
    }
    let error: unknown
    try {
      encodeRecord(bad)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
    const fields = (error as { details: { errors: { field: string }[] } }).details.errors.map(
      (e) => e.field,
    )
    expect(fields).toEqual(['inf', 'nan', 'big', 'fn', 'sym', 'date', 'map', 'nested', 'circular'])
  })

  it('keeps shared (non-circular) references and copies the input', () => {
    const shared = { a: [1] }
    const input = { x: shared, y: shared }
    const copy = checkWriteData(input, undefined)
    expect(copy).toEqual({ x: { a: [1] }, y: { a: [1] } })
    shared.a.push(2)
    expect(copy).toEqual({ x: { a: [1] }, y: { a: [1] } })
  })

  it('checks write data against the schema and keeps keys holding undefined', () => {
    const schema: QuerySchema = {
      fields: new Set(['id', 'a']),
      dateFields: new Set(),
      numericFields: new Set(),
    }
    expect(checkWriteData({ a: undefined }, schema)).toEqual({ a: undefined })
    expect(Object.keys(checkWriteData({ a: undefined }, schema))).toEqual(['a'])
    expect(() => checkWriteData({ b: 1 }, schema)).toThrow(
      expect.objectContaining({ code: 'INVALID_FIELD' }),
    )
    for (const bad of [null, [], 'x', new Date()]) {
      expect(() => checkWriteData(bad, undefined)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      )
    }
  })

  it('reports foreign data as DRIVER_ERROR', () => {
    for (const text of ['{oops', '[1]', 'null', '{"no":"id"}', '{"id":5}']) {
      expect(() => decodeRecord(text)).toThrow(expect.objectContaining({ code: 'DRIVER_ERROR' }))
    }
  })
})
