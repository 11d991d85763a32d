import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FieldConfig } from '../spec/object-config.js'
import { checkFieldValue } from './field-value-check.js'

function stored(field: FieldConfig, value: unknown): unknown {
  const checked = checkFieldValue('f', field, value)
  return checked.ok ? checked.value : `${checked.rule} error`
}

describe('datetime values', () => {
  const datetime: FieldConfig = { type: 'datetime' }

  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00.123456Z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T12:30:00+02:00', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T10:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
  ])('stores %s as %s (no offset means UTC)', (input, expected) => {
    expect(stored(datetime, input)).toBe(expected)
  })

  it.each(['2023-02-29T00:00:00Z', '2024-05-01T24:00:00Z', 'yesterday', '', 1714557600000, true])(
    'rejects %j with a type error',
    (input) => {
      expect(stored(datetime, input)).toBe('type error')
    },
  )

  it('converts Date objects and rejects invalid ones', () => {
    expect(stored(datetime, new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)))).toBe(
      '2020-01-02T03:04:05.006Z',
    )
    expect(stored(datetime, new Date(Number.NaN))).toBe('type error')
  })

  it('stores any instant, written in any offset, as its toISOString (seed 4242)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-01T00:00:00Z'),
          max: new Date('9000-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const iso = date.toISOString()
          expect(stored(datetime, iso)).toBe(iso)
          expect(stored(datetime, date)).toBe(iso)
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23)
          const abs = Math.abs(offsetMinutes)
          const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          expect(stored(datetime, `${local}${offset}`)).toBe(iso)
        },
      ),
      { seed: 4242, numRuns: 300 },
    )
  })
})

describe('date and time values', () => {
  it('stores dates as YYYY-MM-DD and Date objects as their UTC day', () => {
    expect(stored({ type: 'date' }, '2024-02-29')).toBe('2024-02-29')
    expect(stored({ type: 'date' }, new Date(Date.UTC(2021, 11, 31, 23, 59)))).toBe('2021-12-31')
    for (const bad of ['2023-02-29', '2024-04-31', '2024-05-01T00:00:00Z', 20240501]) {
      expect(stored({ type: 'date' }, bad)).toBe('type error')
    }
  })

  it('accepts 24-hour times only', () => {
    expect(stored({ type: 'time' }, '23:59:59.5')).toBe('23:59:59.5')
    expect(stored({ type: 'time' }, '24:00')).toBe('type error')
  })
})

describe('other field types', () => {
  it.each<[FieldConfig, unknown, unknown]>([
    [{ type: 'toggle' }, false, false],
    [{ type: 'currency' }, 1.5, 1.5],
    [{ type: 'percent' }, Number.NaN, 'type error'],
    [{ type: 'email' }, 'a@b.c', 'a@b.c'],
    [{ type: 'autonumber' }, 7, 'type error'],
    [{ type: 'radio', options: [{ label: 'One', value: 1 }] }, 1, 1],
    [{ type: 'radio', options: [{ label: 'One', value: 1 }] }, '1', 'options error'],
    [{ type: 'select' }, 'anything', 'anything'],
    [{ type: 'select', multiple: true, options: [{ label: 'A', value: 'a' }] }, ['a'], ['a']],
    [{ type: 'select', multiple: true, options: [{ label: 'A', value: 'a' }] }, 'a', 'type error'],
    [{ type: 'checkboxes' }, [1, 'x'], [1, 'x']],
    [{ type: 'tags' }, ['x', 'y'], ['x', 'y']],
    [{ type: 'master_detail', reference: 'p' }, '', 'type error'],
    [{ type: 'vector' }, [0.1, 2], [0.1, 2]],
    [{ type: 'file' }, { name: 'a.pdf', size: 3 }, { name: 'a.pdf', size: 3 }],
    [{ type: 'json' }, [1, { a: null }], [1, { a: null }]],
    [{ type: 'json' }, { when: new Date(0) }, 'type error'],
    [{ type: 'json' }, { n: Number.POSITIVE_INFINITY }, 'type error'],
    [{ type: 'text', pattern: '^\\p{Lu}' }, 'Élan', 'Élan'],
  ])('%j stores %j as %j', (field, value, expected) => {
    expect(stored(field, value)).toEqual(expected)
  })

  it('copies json values so the caller’s object is not stored by reference', () => {
    const value = { nested: { a: 1 } }
    const result = checkFieldValue('f', { type: 'json' }, value)
    expect(result.ok && result.value).toEqual(value)
    expect(result.ok && result.value).not.toBe(value)
  })

  it('names the offending path in json errors', () => {
    const result = checkFieldValue('meta', { type: 'json' }, { list: [1, () => 2] })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(/meta\.list\[1\] is a function/)
  })
})
