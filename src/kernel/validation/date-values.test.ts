import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeDate, normalizeDatetime } from './date-values.js'

describe('normalizeDatetime', () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00.123456Z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T12:30:00+02:00', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T12:30:00+0200', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T00:30:00-01:00', '2024-05-01T01:30:00.000Z'],
    ['2024-05-01T10:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:05', '2024-05-01T10:00:05.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-02-29T23:59:59.9z', '2024-02-29T23:59:59.900Z'],
    ['0050-03-01T00:00:00Z', '0050-03-01T00:00:00.000Z'],
  ])('%s -> %s (no offset means UTC)', (input, expected) => {
    expect(normalizeDatetime(input)).toBe(expected)
  })

  it.each([
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:60:00Z',
    '2024-05-01T10:00:00+25:00',
    'yesterday',
    '1714557600000',
    '',
    '2024-5-1',
  ])('rejects %j', (input) => {
    expect(normalizeDatetime(input)).toBeUndefined()
  })

  it('converts Date objects and rejects invalid ones and other types', () => {
    expect(normalizeDatetime(new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)))).toBe(
      '2020-01-02T03:04:05.006Z',
    )
    expect(normalizeDatetime(new Date(Number.NaN))).toBeUndefined()
    expect(normalizeDatetime(1714557600000)).toBeUndefined()
    expect(normalizeDatetime(null)).toBeUndefined()
  })

  it('is the identity on toISOString output and agrees with Date for any offset (seed 4242)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9000-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const iso = date.toISOString()
          expect(normalizeDatetime(iso)).toBe(iso)
          // The same instant written in another offset normalizes back to it.
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23)
          const sign = offsetMinutes < 0 ? '-' : '+'
          const abs = Math.abs(offsetMinutes)
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          expect(normalizeDatetime(`${local}${offset}`)).toBe(iso)
        },
      ),
      { seed: 4242, numRuns: 300 },
    )
  })
})

describe('normalizeDate', () => {
  it('accepts real calendar dates and Date objects (UTC day)', () => {
    expect(normalizeDate('2024-02-29')).toBe('2024-02-29')
    expect(normalizeDate(new Date(Date.UTC(2021, 11, 31, 23, 59)))).toBe('2021-12-31')
  })

  it.each(['2023-02-29', '2024-04-31', '2024-00-10', '2024-05-01T00:00:00Z', '20240501', 20240501])(
    'rejects %j',
    (input) => {
      expect(normalizeDate(input)).toBeUndefined()
    },
  )
})
