import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toCanonicalDateTime } from '../../kernel/spec/iso-date.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { dialectFor } from './sql-dialects.js'
import type { ColumnModel, StorageKind } from './sql-object-model.js'
import { buildObjectModel } from './sql-object-model.js'
import { allColumns, decodeRow } from './sql-record-codec.js'
import { rowDecoder } from './sql-row-decoder.js'
import { encodeNul, encodeTagged } from './sql-text-codec.js'
import { decodeValue } from './sql-value-codec.js'

const SEED = 4242

// Field names that would break (or run) anything evaluating them as source text.
const AWKWARD_NAMES = [
  "it's",
  'back\\slash',
  'new\nline',
  '`tick${1}`',
  '}) ; throw new Error("x") //',
  'constructor',
  'toString',
  'ünï',
]

const OBJECT: ObjectConfig = {
  name: 'shape',
  fields: {
    title: { type: 'text' },
    qty: { type: 'number' },
    done: { type: 'boolean' },
    day: { type: 'date' },
    due: { type: 'datetime' },
    at: { type: 'time' },
    meta: { type: 'json' },
    tags: { type: 'tags' },
    rank: { type: 'select' },
    ...Object.fromEntries(AWKWARD_NAMES.map((name) => [name, { type: 'text' }])),
  },
}

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })

/**
 * Datetime-shaped text, valid or not: the canonical 24-character shape with any digits, and
 * look-alikes of the same length (another separator or zone letter) that are not canonical.
 */
const canonicalShaped = fc
  .tuple(
    digits(4),
    digits(2),
    digits(2),
    fc.constantFrom('T', 'T', 't', ' '),
    digits(2),
    digits(2),
    digits(2),
    digits(3),
    fc.constantFrom('Z', 'Z', 'z'),
  )
  .map(([y, mo, d, t, h, mi, s, ms, z]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}.${ms}${z}`)

/** What a client may hand back for a column of each storage kind (NULL included). */
function rawValue(storage: StorageKind): fc.Arbitrary<unknown> {
  const value = ((): fc.Arbitrary<unknown> => {
    switch (storage) {
      case 'string':
        return fc.string().map(encodeNul)
      case 'number':
        return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant('12.5'))
      case 'boolean':
        return fc.constantFrom(true, false, 0, 1, '1', '0')
      case 'date':
        return fc.oneof(fc.constant('2024-02-29'), fc.constant(new Date(Date.UTC(2020, 0, 2))))
      case 'datetime':
        return fc.oneof(
          canonicalShaped,
          fc.constant('2024-01-02 03:04:05.678'),
          fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(2 ** 42) }),
          fc.string(),
        )
      case 'time':
        return fc.constantFrom('10:20', '23:59:59.5')
      case 'json':
        return fc.jsonValue().map((v) => JSON.stringify(v))
      case 'tagged':
        return fc
          .oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean())
          .map((v) => encodeTagged(v, encodeNul))
    }
  })()
  return fc.option(value, { nil: null })
}

function rowOf(columns: readonly ColumnModel[]): fc.Arbitrary<unknown[]> {
  return fc.tuple(...columns.map((column) => rawValue(column.storage)))
}

describe('rowDecoder: compiled per shape, same records as decodeRow', () => {
  for (const client of ['sqlite', 'postgres', 'mysql', 'mssql'] as const) {
    it(`${client}: array rows decode to the records object rows decode to`, () => {
      const dialect = dialectFor(client)
      const model = buildObjectModel(OBJECT, 'p_', client !== 'postgres')
      const columns = allColumns(model)
      const decode = rowDecoder(columns, dialect)
      fc.assert(
        fc.property(rowOf(columns), (row) => {
          const byName = Object.fromEntries(columns.map((c, i) => [c.column, row[i]]))
          const record = decode(row)
          expect(record).toEqual(decodeRow(byName, columns, dialect))
          // Same key order, NULL columns left out.
          const present = columns.filter((_, i) => row[i] !== null).map((c) => c.name)
          expect(Object.keys(record)).toEqual(present)
        }),
        { seed: SEED, numRuns: 300 },
      )
    })
  }

  it('decodes projections (any subset, any order) by position', () => {
    const dialect = dialectFor('postgres')
    const model = buildObjectModel(OBJECT, 'p_', false)
    const [title, qty, due] = ['title', 'qty', 'due'].map((n) => model.columns.get(n))
    const decode = rowDecoder([due, title, qty] as ColumnModel[], dialect)
    expect(decode(['2024-01-02T03:04:05.000Z', 'x\u0001\u0001\u0001\u0002y', '3'])).toEqual({
      due: '2024-01-02T03:04:05.000Z',
      title: 'x\u0000y',
      qty: 3,
    })
    expect(Object.keys(decode([null, 'a', 1]))).toEqual(['title', 'qty'])
  })
})

/** MariaDB's whole-second text, valid or not (any digits), and same-length look-alikes. */
const upTo = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))
const wholeSeconds = fc
  .tuple(
    digits(4),
    fc.oneof(upTo(13), fc.constantFrom('+1', ' 1', '1e')),
    upTo(32),
    fc.constantFrom(' ', ' ', 'T'),
    upTo(24),
    upTo(60),
    upTo(60),
  )
  .map(([y, mo, d, t, h, mi, s]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}`)

describe('datetime decoding: the fast paths change no answer', () => {
  it('canonical-shaped and whole-second text decode exactly as canonicalization would', () => {
    const column = buildObjectModel(OBJECT, 'p_').columns.get('due') as ColumnModel
    fc.assert(
      fc.property(fc.oneof(canonicalShaped, wholeSeconds), (text) => {
        expect(decodeValue(text, column, dialectFor('sqlite'))).toBe(
          toCanonicalDateTime(text) ?? text,
        )
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})
