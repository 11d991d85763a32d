import fc from 'fast-check'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { POSTGRES_TYPES, parseTimestamptz } from './sql-postgres-types.js'

const SEED = 2024
const POSTGRES_URL = process.env['OBJECTQL_POSTGRES_URL']
const pgDefault = pg.types.getTypeParser(1184) as (text: string) => unknown

const instants = fc.date({
  noInvalidDate: true,
  min: new Date('0001-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
})

/** A UTC instant as PostgreSQL prints a timestamptz(3) in a UTC session (fraction trimmed). */
function postgresText(date: Date, extraDigits = ''): string {
  const iso = date.toISOString()
  const fraction = `${iso.slice(20, 23)}${extraDigits}`.replace(/0+$/, '')
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}+00`
}

describe('parseTimestamptz', () => {
  it('turns UTC timestamptz text into the canonical ISO string a Date would give', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom('', '4', '999'), (date, extra) => {
        const text = postgresText(date, extra)
        expect(parseTimestamptz(text)).toBe(date.toISOString())
        // The same answer as pg's own parser followed by toISOString (the former path).
        expect(parseTimestamptz(text)).toBe((pgDefault(text) as Date).toISOString())
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it.each([
    ['2024-01-01 00:00:00+00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01 00:00:00.5+00', '2024-01-01T00:00:00.500Z'],
    ['2024-01-01 00:00:00.05+00', '2024-01-01T00:00:00.050Z'],
    ['0099-06-30 12:00:00.123456+00', '0099-06-30T12:00:00.123Z'],
  ])('%s -> %s', (text, iso) => {
    expect(parseTimestamptz(text)).toBe(iso)
  })

  it("leaves what is not UTC ISO text to pg's parser (the codec turns Dates into text)", () => {
    for (const text of [
      '2024-01-01 02:00:00+02',
      '2024-01-01 00:00:00-03:30',
      '0044-03-15 12:00:00+00 BC',
      '12024-01-01 00:00:00+00',
    ]) {
      const parsed = parseTimestamptz(text)
      expect(parsed).toBeInstanceOf(Date)
      expect((parsed as Date).getTime()).toBe((pgDefault(text) as Date).getTime())
    }
    expect(parseTimestamptz('infinity')).toBe(Infinity)
    expect(parseTimestamptz('-infinity')).toBe(-Infinity)
  })

  it('is the pool parser of timestamptz; int8 and numeric are numbers, date and json text', () => {
    expect(POSTGRES_TYPES.getTypeParser(1184, 'text')).toBe(parseTimestamptz)
    const parse = (oid: number, text: string): unknown =>
      (POSTGRES_TYPES.getTypeParser(oid, 'text') as (t: string) => unknown)(text)
    expect(parse(20, '42')).toBe(42)
    expect(parse(1700, '1.5')).toBe(1.5)
    expect(parse(1082, '2024-02-29')).toBe('2024-02-29')
    expect(parse(114, '{"b":1,"a":2}')).toBe('{"b":1,"a":2}')
    expect(parse(16, 't')).toBe(true)
  })
})

describe.skipIf(POSTGRES_URL === undefined)(
  `parseTimestamptz against the server${POSTGRES_URL === undefined ? ' (skipped: OBJECTQL_POSTGRES_URL not set)' : ''}`,
  () => {
    it("reads the server's own timestamptz(3) text back as the instant that was sent", async () => {
      const sent = fc.sample(instants, { seed: SEED, numRuns: 300 }).map((d) => d.toISOString())
      const client = new pg.Client({ connectionString: POSTGRES_URL, types: POSTGRES_TYPES })
      await client.connect()
      try {
        const { rows } = await client.query<{ t: unknown }>(
          'SELECT x::timestamptz(3) AS t FROM unnest($1::text[]) WITH ORDINALITY AS u(x, i) ORDER BY i',
          [sent],
        )
        expect(rows.map((row) => row.t)).toEqual(sent)
      } finally {
        await client.end()
      }
    })
  },
)
