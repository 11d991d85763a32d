import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dateToIso, isTimeOfDay, toCanonicalDate, toCanonicalDateTime } from './iso-date.js'

describe('toCanonicalDateTime', () => {
  it.each([
    ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.5Z', '2024-03-01T10:00:00.500Z'],
    ['2024-03-01T10:00:00.123456789Z', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01T10:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00+02:00', '2024-03-01T08:00:00.000Z'],
    ['2024-03-01T01:00:00+0230', '2024-02-29T22:30:00.000Z'],
    ['2024-03-01T23:00:00-05:00', '2024-03-02T04:00:00.000Z'],
    ['2024-03-01 10:00:00', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['0050-01-01', '0050-01-01T00:00:00.000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toCanonicalDateTime(input)).toBe(expected)
  })

  it.each([
    'yesterday',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-03-01T24:00:00Z',
    '2024-03-01T10:60:00Z',
    '2024-03-01T10:00:00+25:00',
    '2024-3-1',
    'Fri, 01 Mar 2024 10:00:00 GMT',
    '2024-03-01T10:00:00Zjunk',
    '',
  ])('%s is not a date-time', (input) => {
    expect(toCanonicalDateTime(input)).toBeUndefined()
  })

  it('is a fixed point on its own output and agrees with Date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString()
          expect(toCanonicalDateTime(iso)).toBe(iso)
          expect(dateToIso(date)).toBe(iso)
        },
      ),
      { seed: 7, numRuns: 500 },
    )
  })
})

describe('toCanonicalDate, isTimeOfDay, dateToIso', () => {
  it('accepts real calendar dates only', () => {
    expect(toCanonicalDate('2024-02-29')).toBe('2024-02-29')
    expect(toCanonicalDate('2023-02-29')).toBeUndefined()
    expect(toCanonicalDate('2024-02-29T00:00:00Z')).toBeUndefined()
  })

  it('accepts 24-hour times', () => {
    for (const time of ['00:00', '23:59', '12:30:15', '12:30:15.250'])
      expect(isTimeOfDay(time)).toBe(true)
    for (const time of ['24:00', '12:60', '1:00', '12:30:61', 'noon'])
      expect(isTimeOfDay(time)).toBe(false)
  })

  it('rejects invalid Dates and years outside 0000-9999', () => {
    expect(dateToIso(new Date(Number.NaN))).toBeUndefined()
    expect(dateToIso(new Date('+010000-01-01T00:00:00Z'))).toBeUndefined()
  })
})
