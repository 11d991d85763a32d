import { afterAll, describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import {
  RedisTestBed,
  REDIS_URL,
  expectCode,
  idsWhere,
  snapshot,
  suiteTitle,
} from './redis-driver.test-utils.js'
import type { ErrorCode } from '../../kernel/errors.js'
import type { RecordInput } from '../../kernel/spec/object-config.js'

const ODD_IDS = [
  'a:b',
  ':',
  '::',
  '%',
  '%3A',
  '%25',
  '%uD800',
  '\u0000',
  'nul\u0000inside',
  '\uD800',
  '\uDC00x',
  '\uFFFD',
  '\u{1F600}',
  ' ',
  'A',
  'a',
  '*',
  '?',
  '[a]',
  '\\',
  "'; DROP TABLE x; --",
  '{tag}',
  'x'.repeat(10_000),
]

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver: types, ids, writes, bulk'),
  () => {
    const bed = new RedisTestBed('write')
    afterAll(() => bed.close())

    it('DRV-TYPE-001 booleans come back as booleans', async () => {
      const driver = await bed.driver([
        { id: 't', done: true },
        { id: 'f', done: false },
      ])
      expect((await driver.findOne('task', 't'))?.['done']).toBe(true)
      expect((await driver.findOne('task', 'f'))?.['done']).toBe(false)
      expect(await idsWhere(driver, { done: { $eq: false } })).toEqual(['f'])
    })

    it('DRV-TYPE-002 numbers come back as equal numbers (also -0, fractions, safe extremes)', async () => {
      const values = [
        0,
        -0,
        -1,
        0.1 + 0.2,
        1e-7,
        1e21,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
        5e-324,
      ]
      const driver = await bed.driver(values.map((n, i) => ({ id: `n${i}`, n, m: n })))
      for (const [i, n] of values.entries()) {
        const stored = (await driver.findOne('task', `n${i}`))?.['n']
        expect(Object.is(stored, n), `${n} came back as ${String(stored)}`).toBe(true)
        expect(await idsWhere(driver, { n: { $eq: n } }), String(n)).toContain(`n${i}`)
      }
    })

    it('DRV-TYPE-003 datetimes and dates come back as the stored ISO strings', async () => {
      const due = '2024-02-29T23:59:59.999Z'
      const driver = await bed.driver([{ id: 'd', due, day: '1970-01-01' }])
      expect(await driver.findOne('task', 'd')).toEqual({ id: 'd', due, day: '1970-01-01' })
    })

    it('DRV-TYPE-004 json values come back deep-equal', async () => {
      const meta = { a: [1, { b: null, c: [[]] }], 'c d': 'é\u{1F600}', n: -0.5, t: true, e: {} }
      const driver = await bed.driver([
        { id: 'j', meta },
        { id: 'k', meta: [1, 'two', null] },
        { id: 'l', meta: 'text' },
      ])
      expect((await driver.findOne('task', 'j'))?.['meta']).toEqual(meta)
      expect((await driver.findOne('task', 'k'))?.['meta']).toEqual([1, 'two', null])
      expect((await driver.findOne('task', 'l'))?.['meta']).toBe('text')
    })

    it('DRV-TYPE-005 multi-value fields come back as equal arrays', async () => {
      const driver = await bed.driver([
        { id: 'm', tags: ['b', 'a', '', '\u{1F600}'] },
        { id: 'e', tags: [] },
      ])
      expect((await driver.findOne('task', 'm'))?.['tags']).toEqual(['b', 'a', '', '\u{1F600}'])
      expect((await driver.findOne('task', 'e'))?.['tags']).toEqual([])
    })

    it('DRV-TYPE-006 null comes back as null or absent, never as a default', async () => {
      const driver = await bed.driver([
        { id: 'z', title: null, n: null, done: null, tags: null, meta: null },
      ])
      const record: Record<string, unknown> = (await driver.findOne('task', 'z')) ?? {}
      for (const field of ['title', 'n', 'done', 'tags', 'meta'])
        expect(record[field] ?? null).toBeNull()
    })

    it('DRV-ID-001 DRV-ID-002 ids are strings; generated ids are unique', async () => {
      const driver = await bed.driver()
      const created = await driver.bulkCreate(
        'task',
        Array.from({ length: 200 }, (_, n) => ({ n })),
      )
      const ids = created.map((record) => record.id)
      expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true)
      expect(new Set(ids).size).toBe(200)
      expect(await driver.count('task', undefined)).toBe(200)
      expect((await driver.findOne('task', ids[17] as string))?.['n']).toBe(17)
    })

    it('DRV-ID-003 a given id is kept exactly, whatever characters it holds', async () => {
      const driver = await bed.driver(ODD_IDS.map((id, i) => ({ id, n: i })))
      expect(await driver.count('task', undefined)).toBe(ODD_IDS.length)
      for (const [i, id] of ODD_IDS.entries()) {
        expect(await driver.findOne('task', id), JSON.stringify(id.slice(0, 20))).toEqual({
          id,
          n: i,
        })
        expect(await idsWhere(driver, { id: { $eq: id } })).toEqual([id])
      }
      // In code point order a lone surrogate (U+D800) sorts after U+FFFD.
      expect(await idsWhere(driver, { id: { $in: ['\uD800', '\uFFFD', 'missing'] } })).toEqual([
        '\uFFFD',
        '\uD800',
      ])
      expect((await driver.update('task', 'a:b', { n: -1 })).n).toBe(-1)
      expect(await driver.delete('task', '%3A')).toBe(true)
      expect(await driver.findOne('task', ':')).toEqual({ id: ':', n: 1 })
      expect(await driver.count('task', undefined)).toBe(ODD_IDS.length - 1)
    })

    it('DRV-ID-004 creating an existing id fails with DUPLICATE_RECORD and changes nothing', async () => {
      const driver = await bed.driver([{ id: 'x', title: 'first' }])
      await expectCode(driver.create('task', { id: 'x', title: 'second' }), 'DUPLICATE_RECORD')
      expect(await snapshot(driver)).toEqual([{ id: 'x', title: 'first' }])
    })

    it('DRV-WRITE-001 create returns the stored record: the given values plus the id', async () => {
      const driver = await bed.driver()
      const created = await driver.create('task', { title: 'Hi', n: 1, meta: { a: 1 } })
      expect(created).toEqual({ title: 'Hi', n: 1, meta: { a: 1 }, id: created.id })
      expect(await driver.findOne('task', created.id)).toEqual(created)
    })

    it('DRV-WRITE-002 update merges shallowly and returns the whole record', async () => {
      const driver = await bed.driver([{ id: 'u', title: 'a', n: 1, meta: { x: 1, y: 2 } }])
      const updated = await driver.update('task', 'u', { n: 2, meta: { x: 9 }, title: undefined })
      expect(updated).toEqual({ id: 'u', n: 2, meta: { x: 9 } })
      expect(await driver.findOne('task', 'u')).toEqual(updated)
      expect(await driver.update('task', 'u', { id: 'u' })).toEqual(updated)
      expect(await driver.update('task', 'u', { id: undefined })).toEqual(updated)
      await expectCode(driver.update('task', 'u', { id: 'other' }), 'VALIDATION_FAILED')
    })

    it('DRV-WRITE-003 update of a missing id fails with NOT_FOUND and creates nothing', async () => {
      const driver = await bed.driver()
      await expectCode(driver.update('task', 'ghost', { n: 1 }), 'NOT_FOUND')
      expect(await driver.count('task', undefined)).toBe(0)
    })

    it('DRV-WRITE-004 delete returns true for an existing record, false otherwise', async () => {
      const driver = await bed.driver([{ id: 'd', n: 3 }])
      expect(await driver.delete('task', 'd')).toBe(true)
      expect(await driver.delete('task', 'd')).toBe(false)
      expect(await driver.findOne('task', 'd')).toBeNull()
      expect(await idsWhere(driver, { n: { $eq: 3 } })).toEqual([]) // gone from the index too
    })

    it('DRV-WRITE-005 returned records and given inputs are never shared with storage', async () => {
      const driver = await bed.driver()
      const input = { id: 'c', meta: { deep: [1] }, tags: ['a'] }
      const created = await driver.create('task', input)
      input.meta.deep.push(2)
      input.tags.push('b')
      ;(created['meta'] as { deep: number[] }).deep.push(3)
      const found = (await driver.find('task', { object: 'task' }))[0] as Record<string, unknown>
      ;(found['tags'] as string[]).push('z')
      const one = (await driver.findOne('task', 'c')) as Record<string, unknown>
      expect(one).toEqual({ id: 'c', meta: { deep: [1] }, tags: ['a'] })
      const patch = { meta: { deep: [7] } }
      const updated = await driver.update('task', 'c', patch)
      patch.meta.deep.push(8)
      ;(updated['meta'] as { deep: number[] }).deep.push(9)
      expect((await driver.findOne('task', 'c'))?.['meta']).toEqual({ deep: [7] })
    })

    it('DRV-WRITE-006 a failed write changes nothing', async () => {
      const driver = await bed.driver([{ id: 'keep', n: 1, title: 'k' }])
      const before = await snapshot(driver)
      const circular: Record<string, unknown> = {}
      circular['self'] = circular
      const bad: [() => Promise<unknown>, ErrorCode][] = [
        [() => driver.create('task', { id: 'n1', n: Infinity }), 'VALIDATION_FAILED'],
        [() => driver.create('task', { id: 'n2', due: new Date() }), 'VALIDATION_FAILED'],
        [() => driver.create('task', { id: 'n3', meta: circular }), 'VALIDATION_FAILED'],
        [() => driver.create('task', { id: 'n4', meta: { f: () => 1 } }), 'VALIDATION_FAILED'],
        [() => driver.create('task', { id: 'n5', nope: 1 }), 'INVALID_FIELD'],
        [() => driver.create('task', { id: '' }), 'VALIDATION_FAILED'],
        [() => driver.create('task', null as unknown as RecordInput), 'VALIDATION_FAILED'],
        [() => driver.update('task', 'keep', { n: NaN }), 'VALIDATION_FAILED'],
        [() => driver.update('task', 'keep', { nope: 2 }), 'INVALID_FIELD'],
        [
          () => driver.bulkCreate('task', [{ id: 'ok1' }, { id: 'bad', n: 10n }]),
          'VALIDATION_FAILED',
        ],
        [
          () =>
            driver.bulkUpdate('task', [
              { id: 'keep', data: { n: 5 } },
              { id: 'keep', data: { m: Infinity } },
            ]),
          'VALIDATION_FAILED',
        ],
      ]
      for (const [write, code] of bad) {
        const error = await expectCode(write(), code)
        if (
          code === 'VALIDATION_FAILED' &&
          isObjectQLError(error) &&
          error.details?.['errors'] !== undefined
        ) {
          expect(Array.isArray(error.details['errors'])).toBe(true)
        }
      }
      expect(await snapshot(driver)).toEqual(before)
    })
  },
)
