import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  cellKindOf,
  cellPrimitive,
  decodeCell,
  encodeCell,
  escapeCellText,
  unescapeCellText,
} from './excel-cell-codec.js'

const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)
// Characters XML 1.0 cannot hold, which an escaped cell text must not contain.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0B-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('excel cell codec', () => {
  it('escaping is reversible and leaves nothing XML cannot hold (property, seeded)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        '_x0041_',
        '_x00ab_',
        '_x005F_',
        'a_x0041_b_xZZZZ_',
        '\r\n',
        '\uD800',
        '\uDFFF\uD800',
      ),
    )
    fc.assert(
      fc.property(text, (value) => {
        const escaped = escapeCellText(value)
        expect(XML_INVALID.test(escaped)).toBe(false)
        expect(unescapeCellText(escaped)).toBe(value)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('maps field types to cell kinds', () => {
    expect(cellKindOf('id', undefined)).toBe('text')
    expect(cellKindOf('created_at', undefined)).toBe('datetime')
    expect(cellKindOf('other', undefined)).toBe('scalar')
    expect(cellKindOf('x', { type: 'currency' })).toBe('number')
    expect(cellKindOf('x', { type: 'toggle' })).toBe('boolean')
    expect(cellKindOf('x', { type: 'text', multiple: true })).toBe('json')
    expect(cellKindOf('x', { type: 'tags' })).toBe('json')
    expect(cellKindOf('x', { type: 'select' })).toBe('scalar')
    expect(cellKindOf('x', { type: 'email' })).toBe('text')
  })

  it('stores canonical datetimes from 1900-03-01 on as date cells, others as exact text', () => {
    const dated = encodeCell('datetime', '2024-02-29T23:59:59.999Z')
    expect(dated).toEqual({
      value: new Date('2024-02-29T23:59:59.999Z'),
      numFmt: expect.any(String),
    })
    for (const text of [
      '1899-12-31T00:00:00.000Z',
      '2024-01-01T00:00:00Z',
      '2024-01-01T01:00:00+01:00',
    ]) {
      expect(encodeCell('datetime', text)).toEqual({ value: text })
    }
    expect(encodeCell('date', '2024-02-29')).toEqual({
      value: new Date('2024-02-29T00:00:00.000Z'),
      numFmt: 'yyyy-mm-dd',
    })
    expect(encodeCell('date', '1900-01-01')).toEqual({ value: '1900-01-01' })
  })

  it('every millisecond instant in date-cell range reads back exactly (property, seeded)', () => {
    const instant = fc
      .date({
        min: new Date('1900-03-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString())
    fc.assert(
      fc.property(instant, (iso) => {
        const cell = encodeCell('datetime', iso)
        if (typeof cell === 'string') throw new Error(cell)
        // exceljs' own conversion on save and load: serial = ms / day + 25569, rounded back.
        const serial = (cell.value as Date).getTime() / 86_400_000 + 25_569
        const read = new Date(Math.round((serial - 25_569) * 86_400_000))
        expect(decodeCell('datetime', read)).toEqual({ value: iso })
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('refuses values a cell cannot hold, with a reason', () => {
    expect(encodeCell('number', Number.POSITIVE_INFINITY)).toMatch(/finite number/)
    expect(encodeCell('text', 5)).toMatch(/string/)
    expect(encodeCell('datetime', '2024-13-01T00:00:00Z')).toMatch(/ISO-8601/)
    expect(encodeCell('json', { d: new Date() })).toMatch(/Date/)
    expect(encodeCell('scalar', [1])).toMatch(/declare the field as json/)
    expect(encodeCell('text', 'x'.repeat(32_768))).toMatch(/32767/)
  })

  it('reads cells as people type them, and refuses what does not fit', () => {
    expect(decodeCell('number', ' 42.5 ')).toEqual({ value: 42.5 })
    expect(decodeCell('number', 'abc')).toMatch(/expected a number/)
    expect(decodeCell('boolean', 1)).toEqual({ value: true })
    expect(decodeCell('boolean', 'FALSE')).toEqual({ value: false })
    expect(decodeCell('boolean', 'yes')).toMatch(/expected a boolean/)
    expect(decodeCell('text', 12)).toEqual({ value: '12' })
    expect(decodeCell('text', true)).toEqual({ value: 'TRUE' })
    expect(decodeCell('time', new Date('1899-12-30T09:30:00.000Z'))).toEqual({ value: '09:30:00' })
    expect(decodeCell('date', new Date('2024-05-06T00:00:00.000Z'))).toEqual({
      value: '2024-05-06',
    })
    expect(decodeCell('json', '[1,"a"]')).toEqual({ value: [1, 'a'] })
    expect(decodeCell('scalar', { error: '#N/A' })).toMatch(/#N\/A/)
    expect(decodeCell('text', null)).toEqual({ value: null })
  })

  it('reduces rich text, hyperlinks and formulas to their values', () => {
    expect(cellPrimitive({ richText: [{ text: 'a_x0041_' }, { text: 'b' }] })).toBe('aAb')
    expect(cellPrimitive({ text: 'link', hyperlink: 'https://x' })).toBe('link')
    expect(cellPrimitive({ formula: 'A1*2', result: 4 })).toBe(4)
    expect(cellPrimitive({ sharedFormula: 'B2', result: 'x' })).toBe('x')
    expect(cellPrimitive({ formula: 'NOW()' })).toBeNull()
    expect(cellPrimitive({ error: '#DIV/0!' })).toEqual({ error: '#DIV/0!' })
  })
})
