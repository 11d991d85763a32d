import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { indexKey, recordKey } from './local-storage-keys.js'
import { MemoryStorage } from './memory-storage.js'
import { TASK, openDriver, rejection, snapshot } from './local-storage-driver.test-utils.js'

const all = { object: 'task', orderBy: [{ field: 'id', order: 'asc' as const }] }

describe('local-storage driver writes through to storage', () => {
  it('stores one key per record plus an index per object, under the namespace only', async () => {
    const storage = new MemoryStorage()
    storage.setItem('unrelated', 'keep')
    const driver = await openDriver(storage, 'app')
    await driver.create('task', { id: 'a:b"c', title: 'x' })
    expect(JSON.parse(storage.getItem(recordKey('app', 'task', 'a:b"c')) ?? '')).toEqual({
      id: 'a:b"c',
      title: 'x',
    })
    expect(JSON.parse(storage.getItem(indexKey('app', 'task')) ?? '')).toEqual(['a:b"c'])
    expect(Object.keys(snapshot(storage)).sort()).toEqual([
      indexKey('app', 'task'),
      recordKey('app', 'task', 'a:b"c'),
      'unrelated',
    ])
    const other = await openDriver(storage, 'other')
    expect(await other.find('task', all)).toEqual([])
  })

  it('DRV-ID-001 DRV-ID-002 DRV-ID-003 generated ids are unique strings, given ids are kept exactly', async () => {
    const driver = await openDriver()
    const generated = await driver.bulkCreate('task', [{}, {}, {}])
    const ids = generated.map((record) => record.id)
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true)
    expect(new Set(ids).size).toBe(3)
    const weird = ['\u{1F600}', ' ', 'a/b\\c', '["x"]', 'null']
    for (const id of weird) expect((await driver.create('task', { id })).id).toBe(id)
    expect(await driver.count('task', undefined)).toBe(8)
  })

  it('DRV-ID-004 DRV-WRITE-006 a duplicate id fails with DUPLICATE_RECORD and storage is unchanged', async () => {
    const storage = new MemoryStorage()
    const driver = await openDriver(storage)
    await driver.create('task', { id: 't1', title: 'first' })
    const before = snapshot(storage)
    const error = await rejection(() => driver.create('task', { id: 't1', title: 'second' }))
    expect(hasErrorCode(error, 'DUPLICATE_RECORD')).toBe(true)
    expect(snapshot(storage)).toEqual(before)
    expect((await driver.findOne('task', 't1'))?.['title']).toBe('first')
  })

  it('DRV-WRITE-001 DRV-WRITE-002 DRV-WRITE-003 DRV-WRITE-004 create, merge, missing ids, delete', async () => {
    const driver = await openDriver()
    expect(await driver.create('task', { id: 'a', title: 't', n: 1 })).toEqual({
      id: 'a',
      title: 't',
      n: 1,
    })
    expect(await driver.update('task', 'a', { n: 2, done: false })).toEqual({
      id: 'a',
      title: 't',
      n: 2,
      done: false,
    })
    const missing = await rejection(() => driver.update('task', 'ghost', { n: 1 }))
    expect(hasErrorCode(missing, 'NOT_FOUND')).toBe(true)
    expect(await driver.count('task', undefined)).toBe(1)
    expect(await driver.delete('task', 'a')).toBe(true)
    expect(await driver.delete('task', 'a')).toBe(false)
    expect(await driver.findOne('task', 'a')).toBeNull()
  })

  it('DRV-WRITE-005 returned records and write inputs are never shared with storage', async () => {
    const driver = await openDriver()
    const input = { id: 'a', meta: { deep: [1] }, tags: ['x'] }
    const created = await driver.create('task', input)
    input.meta.deep.push(2)
    created.tags = ['changed']
    const found = await driver.findOne('task', 'a')
    ;(found?.['meta'] as { deep: number[] }).deep.push(3)
    expect(await driver.findOne('task', 'a')).toEqual({ id: 'a', meta: { deep: [1] }, tags: ['x'] })
  })

  it('DRV-BULK-001 DRV-BULK-002 bulkCreate keeps input order and creates none when one clashes', async () => {
    const storage = new MemoryStorage()
    const driver = await openDriver(storage)
    const created = await driver.bulkCreate('task', [{ id: 'b' }, { title: 'gen' }, { id: 'a' }])
    expect(created.map((r) => r.id).filter((id) => id === 'a' || id === 'b')).toEqual(['b', 'a'])
    const before = snapshot(storage)
    const clash = await rejection(() => driver.bulkCreate('task', [{ id: 'c' }, { id: 'a' }]))
    expect(hasErrorCode(clash, 'DUPLICATE_RECORD')).toBe(true)
    const twice = await rejection(() => driver.bulkCreate('task', [{ id: 'd' }, { id: 'd' }]))
    expect(hasErrorCode(twice, 'DUPLICATE_RECORD')).toBe(true)
    expect(snapshot(storage)).toEqual(before)
  })

  it('DRV-BULK-003 DRV-BULK-004 bulkUpdate is all or nothing, bulkDelete counts what existed', async () => {
    const storage = new MemoryStorage()
    const driver = await openDriver(storage)
    await driver.bulkCreate('task', [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ])
    const updated = await driver.bulkUpdate('task', [
      { id: 'a', data: { n: 10 } },
      { id: 'a', data: { title: 'twice' } },
    ])
    expect(updated).toEqual([
      { id: 'a', n: 10 },
      { id: 'a', n: 10, title: 'twice' },
    ])
    const before = snapshot(storage)
    const error = await rejection(() =>
      driver.bulkUpdate('task', [
        { id: 'b', data: { n: 99 } },
        { id: 'ghost', data: { n: 1 } },
      ]),
    )
    expect(hasErrorCode(error, 'NOT_FOUND')).toBe(true)
    expect(snapshot(storage)).toEqual(before)
    expect(await driver.bulkDelete('task', ['a', 'a', 'missing'])).toBe(1)
    expect((await driver.find('task', all)).map((r) => r.id)).toEqual(['b'])
  })

  it('refuses values JSON would change, and undeclared fields, before writing anything', async () => {
    const storage = new MemoryStorage()
    const driver = await openDriver(storage)
    const before = snapshot(storage)
    for (const bad of [
      { n: Number.NaN },
      { n: Number.POSITIVE_INFINITY },
      { meta: new Date(0) },
      { meta: [1, undefined] },
      { meta: { big: 1n } },
      { meta: () => 1 },
    ]) {
      expect(
        hasErrorCode(await rejection(() => driver.create('task', bad)), 'VALIDATION_FAILED'),
      ).toBe(true)
    }
    const unknown = await rejection(() => driver.create('task', { nope: 1 }))
    expect(hasErrorCode(unknown, 'INVALID_FIELD')).toBe(true)
    expect(snapshot(storage)).toEqual(before)
    expect(TASK.fields['nope']).toBeUndefined()
  })
})
