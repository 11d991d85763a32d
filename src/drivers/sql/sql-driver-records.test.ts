import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { SqlDriver } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'

const isCode = (code: Parameters<typeof hasErrorCode>[1]) => (error: unknown) =>
  hasErrorCode(error, code)

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: records`, () => {
    let opened: OpenedDriver
    let driver: SqlDriver
    const all = async (): Promise<Record<string, unknown>[]> =>
      driver.find('item', { object: 'item', orderBy: [{ field: 'id', order: 'asc' }] })

    beforeAll(async () => {
      opened = await openDriver(dialect, 'rec', [ITEM_OBJECT])
      driver = opened.driver
    })

    beforeEach(async () => {
      const existing = await all()
      await driver.bulkDelete(
        'item',
        existing.map((r) => String(r['id'])),
      )
    })

    afterAll(async () => {
      await opened.close()
      removeTempFiles()
    })

    it('DRV-TYPE-001..006 values come back as the types that went in', async () => {
      const record = {
        id: 'types',
        title: 'héllo 😀 \u0301',
        qty: -12.75,
        done: false,
        due: '2024-02-29T23:59:59.123Z',
        day: '1999-12-31',
        at: '08:30:15',
        status: 'open',
        rank: 7,
        tags: ['b', 'a', 'b'],
        meta: { nested: { list: [1, 2.5, 'x', null, true], empty: {} }, n: 9007199254740991 },
        owner: 'someone',
        code: 'C-1',
      }
      expect(await driver.create('item', record)).toEqual(record)
      const stored = await driver.findOne('item', 'types')
      expect(stored).toEqual(record)
      expect(typeof stored?.['done']).toBe('boolean')
      expect(typeof stored?.['qty']).toBe('number')
      expect(Array.isArray(stored?.['tags'])).toBe(true)
    })

    it('DRV-TYPE-001 true stays true; DRV-TYPE-002 numbers stay numbers', async () => {
      const numbers = [
        0,
        1,
        -1,
        0.1,
        1e-300,
        1e300,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
      ]
      await driver.bulkCreate(
        'item',
        numbers.map((qty, i) => ({ id: `n${i}`, qty, done: i % 2 === 0 })),
      )
      for (const [i, qty] of numbers.entries()) {
        const stored = await driver.findOne('item', `n${i}`)
        expect(stored?.['qty']).toBe(qty)
        expect(stored?.['done']).toBe(i % 2 === 0)
      }
    })

    it('DRV-TYPE-003 datetimes come back in canonical UTC form', async () => {
      await driver.create('item', { id: 'dt', due: '2024-06-01T12:00:00+02:00', day: '2024-06-01' })
      const stored = await driver.findOne('item', 'dt')
      expect(stored?.['due']).toBe('2024-06-01T10:00:00.000Z')
      expect(stored?.['day']).toBe('2024-06-01')
    })

    it('DRV-TYPE-006 null is null or absent, never a default; DRV-STR-005 "" is not null', async () => {
      await driver.create('item', { id: 'nulls', title: '', qty: null, done: null, meta: null })
      const stored = await driver.findOne('item', 'nulls')
      expect(stored?.['title']).toBe('')
      for (const key of ['qty', 'done', 'meta', 'tags', 'due']) {
        expect(stored?.[key] ?? null).toBeNull()
      }
    })

    it('DRV-ID-001/002 generated ids are unique strings', async () => {
      const created = await driver.bulkCreate('item', [{}, {}, {}, { title: 'x' }])
      const ids = created.map((r) => r.id)
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true)
      expect(new Set(ids).size).toBe(4)
      const one = await driver.create('item', { title: 'y' })
      expect(ids).not.toContain(one.id)
      expect(await driver.findOne('item', one.id)).toEqual(one)
    })

    it('DRV-ID-003 a given id is kept exactly, whatever its characters', async () => {
      const ids = ['a\'b"c', 'x\\y%_', ' lead', 'trail ', 'ÄÖ😀', 'A', 'a', 'nul\u0000id']
      for (const id of ids) await driver.create('item', { id, title: id })
      for (const id of ids) expect((await driver.findOne('item', id))?.['title']).toBe(id)
      expect((await all()).map((r) => r['id']).sort()).toEqual([...ids].sort())
    })

    it('DRV-ID-004 a duplicate id fails with DUPLICATE_RECORD and changes nothing', async () => {
      await driver.create('item', { id: 'dup', title: 'first' })
      const error = await driver.create('item', { id: 'dup', title: 'second' }).catch((e) => e)
      expect(hasErrorCode(error, 'DUPLICATE_RECORD')).toBe(true)
      expect((error as Error).cause).toBeDefined()
      expect((await driver.findOne('item', 'dup'))?.['title']).toBe('first')
    })

    it('a duplicate unique value fails with DUPLICATE_RECORD', async () => {
      await driver.create('item', { id: 'u1', code: 'same' })
      await expect(driver.create('item', { id: 'u2', code: 'same' })).rejects.toSatisfy(
        isCode('DUPLICATE_RECORD'),
      )
      expect(await driver.findOne('item', 'u2')).toBeNull()
    })

    it('DRV-WRITE-002 update merges shallowly and returns the whole record', async () => {
      await driver.create('item', { id: 'w', title: 'a', qty: 1, meta: { x: 1, y: 2 } })
      const updated = await driver.update('item', 'w', { qty: 2, meta: { z: 3 }, title: null })
      expect(updated).toEqual({ id: 'w', qty: 2, meta: { z: 3 } })
      expect(await driver.findOne('item', 'w')).toEqual(updated)
      expect(await driver.update('item', 'w', {})).toEqual(updated)
      expect(await driver.update('item', 'w', { qty: 2 })).toEqual(updated)
    })

    it('DRV-WRITE-003 update of a missing id fails with NOT_FOUND and creates nothing', async () => {
      await expect(driver.update('item', 'ghost', { qty: 1 })).rejects.toSatisfy(
        isCode('NOT_FOUND'),
      )
      await expect(driver.update('item', 'ghost', {})).rejects.toSatisfy(isCode('NOT_FOUND'))
      expect(await all()).toEqual([])
    })

    it('DRV-WRITE-004 delete returns true, then false', async () => {
      await driver.create('item', { id: 'del' })
      expect(await driver.delete('item', 'del')).toBe(true)
      expect(await driver.delete('item', 'del')).toBe(false)
      expect(await driver.findOne('item', 'del')).toBeNull()
    })

    it('DRV-WRITE-005 returned records are copies', async () => {
      const input = { id: 'copy', tags: ['a'], meta: { k: [1] } }
      const created = await driver.create('item', input)
      input.tags.push('mutated')
      ;(created['meta'] as { k: number[] }).k.push(2)
      const found = await driver.findOne('item', 'copy')
      expect(found).toEqual({ id: 'copy', tags: ['a'], meta: { k: [1] } })
      ;(found?.['tags'] as string[]).push('x')
      expect((await driver.findOne('item', 'copy'))?.['tags']).toEqual(['a'])
    })

    it('DRV-WRITE-006 a failed write changes nothing; unknown fields never reach the database', async () => {
      await driver.create('item', { id: 'f', qty: 1 })
      await expect(driver.update('item', 'f', { qty: 5, nope: 1 })).rejects.toSatisfy(
        isCode('INVALID_FIELD'),
      )
      await expect(driver.update('item', 'f', { qty: 5, done: 'yes' })).rejects.toSatisfy(
        isCode('VALIDATION_FAILED'),
      )
      await expect(driver.create('item', { id: 'g', bogus: true })).rejects.toSatisfy(
        isCode('INVALID_FIELD'),
      )
      expect(await all()).toEqual([{ id: 'f', qty: 1 }])
    })

    it('DRV-PROJ-001 fields returns only those keys plus id', async () => {
      await driver.create('item', { id: 'p', title: 't', qty: 3, done: true })
      const [row] = await driver.find('item', { object: 'item', fields: ['qty'] })
      expect(row).toEqual({ id: 'p', qty: 3 })
      expect(await driver.findOne('item', 'p', { object: 'item', fields: ['done', 'id'] })).toEqual(
        {
          id: 'p',
          done: true,
        },
      )
      await expect(driver.find('item', { object: 'item', fields: ['nope'] })).rejects.toSatisfy(
        isCode('INVALID_FIELD'),
      )
    })

    it('DRV-BULK-001 bulkCreate returns the records in input order', async () => {
      const input = Array.from({ length: 30 }, (_, i) => ({ id: `b${29 - i}`, qty: i }))
      const created = await driver.bulkCreate('item', input)
      expect(created).toEqual(input)
      expect(await driver.count('item', undefined)).toBe(30)
    })

    it('DRV-BULK-002 a failing bulkCreate creates none of the records', async () => {
      await driver.create('item', { id: 'exists' })
      const batch = [{ id: 'new1' }, { id: 'exists' }, { id: 'new2' }]
      await expect(driver.bulkCreate('item', batch)).rejects.toSatisfy(isCode('DUPLICATE_RECORD'))
      const inBatch = [{ id: 'n1' }, { id: 'n1' }]
      await expect(driver.bulkCreate('item', inBatch)).rejects.toSatisfy(isCode('DUPLICATE_RECORD'))
      expect((await all()).map((r) => r['id'])).toEqual(['exists'])
    })

    it('DRV-BULK-003 bulkUpdate updates all, or none when an id is missing', async () => {
      await driver.bulkCreate('item', [
        { id: 'a', qty: 1 },
        { id: 'b', qty: 2 },
      ])
      const updated = await driver.bulkUpdate('item', [
        { id: 'b', data: { qty: 20 } },
        { id: 'a', data: { title: 'A' } },
      ])
      expect(updated).toEqual([
        { id: 'b', qty: 20 },
        { id: 'a', qty: 1, title: 'A' },
      ])
      await expect(
        driver.bulkUpdate('item', [
          { id: 'a', data: { qty: 100 } },
          { id: 'missing', data: { qty: 100 } },
        ]),
      ).rejects.toSatisfy(isCode('NOT_FOUND'))
      expect((await driver.findOne('item', 'a'))?.['qty']).toBe(1)
    })

    it('DRV-BULK-004 bulkDelete deletes those that exist and counts them', async () => {
      await driver.bulkCreate('item', [{ id: 'x1' }, { id: 'x2' }, { id: 'x3' }])
      expect(await driver.bulkDelete('item', ['x1', 'x3', 'nope', 'x1'])).toBe(2)
      expect((await all()).map((r) => r['id'])).toEqual(['x2'])
      expect(await driver.bulkDelete('item', [])).toBe(0)
    })

    it('bulk writes larger than one statement stay atomic', async () => {
      const many = Array.from({ length: 5000 }, (_, i) => ({ id: `m${i}`, qty: i, title: `t${i}` }))
      expect((await driver.bulkCreate('item', many)).length).toBe(5000)
      expect(await driver.count('item', undefined)).toBe(5000)
      const again = [{ id: 'fresh' }, ...many.slice(0, 10)]
      await expect(driver.bulkCreate('item', again)).rejects.toSatisfy(isCode('DUPLICATE_RECORD'))
      expect(await driver.findOne('item', 'fresh')).toBeNull()
      expect(
        await driver.bulkDelete(
          'item',
          many.map((m) => m.id),
        ),
      ).toBe(5000)
    })

    it('OBJECT_NOT_FOUND for an object that was never synced', async () => {
      await expect(driver.find('nothing', { object: 'nothing' })).rejects.toSatisfy(
        isCode('OBJECT_NOT_FOUND'),
      )
      await expect(driver.create('nothing', {})).rejects.toSatisfy(isCode('OBJECT_NOT_FOUND'))
    })

    it('executeCommand and executeQuery speak upstream shapes', async () => {
      const made = await driver.executeCommand({
        type: 'create',
        object: 'item',
        data: { id: 'c1' },
      })
      expect(made).toMatchObject({ success: true, affected: 1 })
      const dup = await driver.executeCommand({
        type: 'create',
        object: 'item',
        data: { id: 'c1' },
      })
      expect(dup).toMatchObject({ success: false, code: 'DUPLICATE_RECORD', affected: 0 })
      expect((await driver.executeQuery({ object: 'item' })).value.map((r) => r.id)).toEqual(['c1'])
    })
  })
}
