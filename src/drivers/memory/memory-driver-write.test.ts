import { describe, expect, it } from 'vitest'
import { expectCode, findTasks, snapshot, taskDriver } from './memory-driver.test-utils.js'

describe('memory driver: types round-trip (DRV-TYPE)', () => {
  const stored = {
    id: 'types',
    title: 'T',
    n: -12.5,
    done: false,
    due: '2024-02-29T23:59:59.123Z',
    day: '2024-02-29',
    meta: { nested: { list: [1, 'two', null, true] }, empty: {} },
    tags: ['a', 'b'],
  }

  it('DRV-TYPE-001 booleans come back as booleans', async () => {
    const driver = await taskDriver([stored, { id: 't2', done: true }])
    const rows = await findTasks(driver, { fields: ['id', 'done'] })
    expect(rows.map((r) => r['done'])).toEqual([true, false])
  })

  it('DRV-TYPE-002 numbers come back as equal numbers (negative, fraction, large safe)', async () => {
    const values = [0, -1, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e-7]
    const driver = await taskDriver(values.map((n, i) => ({ id: `n${i}`, n })))
    const rows = await findTasks(driver)
    expect(rows.map((r) => r['n'])).toEqual(values)
  })

  it('DRV-TYPE-003 datetimes and dates come back as the stored ISO strings', async () => {
    const driver = await taskDriver([stored])
    const row = await driver.findOne('task', 'types')
    expect(row?.['due']).toBe('2024-02-29T23:59:59.123Z')
    expect(row?.['day']).toBe('2024-02-29')
  })

  it('DRV-TYPE-004 json values come back deep-equal', async () => {
    const driver = await taskDriver([stored])
    expect((await driver.findOne('task', 'types'))?.['meta']).toEqual(stored.meta)
  })

  it('DRV-TYPE-005 multi-value fields come back as equal arrays', async () => {
    const driver = await taskDriver([stored, { id: 'empty', tags: [] }])
    expect((await driver.findOne('task', 'types'))?.['tags']).toEqual(['a', 'b'])
    expect((await driver.findOne('task', 'empty'))?.['tags']).toEqual([])
  })

  it('DRV-TYPE-006 null comes back as null or absent, never as a default', async () => {
    const driver = await taskDriver([{ id: 'nulls', title: null, n: null, done: null, tags: null }])
    const row: Record<string, unknown> = (await driver.findOne('task', 'nulls')) ?? {}
    for (const key of ['title', 'n', 'done', 'tags']) expect(row[key] ?? null).toBeNull()
  })
})

describe('memory driver: ids (DRV-ID)', () => {
  it('DRV-ID-001 ids are strings', async () => {
    const driver = await taskDriver([{ id: '1' }, {}])
    for (const row of await findTasks(driver)) expect(typeof row.id).toBe('string')
    await expectCode(driver.create('task', { id: 7 as unknown as string }), 'VALIDATION_FAILED')
    await expectCode(driver.create('task', { id: '' }), 'VALIDATION_FAILED')
    expect(await snapshot(driver)).toHaveLength(2)
  })

  it('DRV-ID-002 a record created without an id gets a unique generated one', async () => {
    const driver = await taskDriver()
    const created = await driver.bulkCreate(
      'task',
      Array.from({ length: 50 }, () => ({ title: 'x' })),
    )
    expect(new Set(created.map((r) => r.id)).size).toBe(50)
    const one = await driver.create('task', { title: 'y' })
    expect(await driver.findOne('task', one.id)).toEqual(one)
  })

  it('DRV-ID-003 a given id is kept exactly, whatever characters it contains', async () => {
    const driver = await taskDriver()
    for (const id of [
      'a b',
      'UPPER',
      'ünï\u{1F600}',
      "'; drop table task; --",
      '../x',
      '  ',
      '__proto__',
    ]) {
      expect((await driver.create('task', { id })).id).toBe(id)
      expect((await driver.findOne('task', id))?.id).toBe(id)
    }
  })

  it('DRV-ID-004 creating an existing id fails with DUPLICATE_RECORD and changes nothing', async () => {
    const driver = await taskDriver([{ id: 'x', title: 'original' }])
    await expectCode(driver.create('task', { id: 'x', title: 'other' }), 'DUPLICATE_RECORD')
    expect(await snapshot(driver)).toEqual([{ id: 'x', title: 'original' }])
  })
})

describe('memory driver: writes (DRV-WRITE)', () => {
  it('DRV-WRITE-001 create returns the stored record: the given values plus the id', async () => {
    const driver = await taskDriver()
    const created = await driver.create('task', { title: 'hi', n: 1 })
    expect(created).toEqual({ id: created.id, title: 'hi', n: 1 })
    expect(created).not.toHaveProperty('created_at') // the kernel stamps, not the driver
  })

  it('DRV-WRITE-002 update merges shallowly, keeps other keys, returns the whole record', async () => {
    const driver = await taskDriver([{ id: 'u', title: 'a', n: 1, meta: { a: 1, b: 2 } }])
    const updated = await driver.update('task', 'u', { n: 2, meta: { c: 3 }, done: null })
    expect(updated).toEqual({ id: 'u', title: 'a', n: 2, meta: { c: 3 }, done: null })
    expect(await driver.findOne('task', 'u')).toEqual(updated)
  })

  it('DRV-WRITE-003 update of a missing id fails with NOT_FOUND and creates nothing', async () => {
    const driver = await taskDriver([{ id: 'u' }])
    await expectCode(driver.update('task', 'missing', { title: 'x' }), 'NOT_FOUND')
    expect(await snapshot(driver)).toEqual([{ id: 'u' }])
  })

  it('DRV-WRITE-004 delete returns true when the record existed, false otherwise', async () => {
    const driver = await taskDriver([{ id: 'd' }])
    expect(await driver.delete('task', 'd')).toBe(true)
    expect(await driver.findOne('task', 'd')).toBeNull()
    expect(await driver.delete('task', 'd')).toBe(false)
    expect(await driver.delete('nothing', 'd')).toBe(false)
  })

  it('DRV-WRITE-005 returned records and write inputs are copies', async () => {
    const driver = await taskDriver()
    const input = { id: 'c', meta: { deep: [1] }, tags: ['a'] }
    const created = await driver.create('task', input)
    input.meta.deep.push(2)
    input.tags.push('b')
    ;(created['meta'] as { deep: number[] }).deep.push(3)
    const found = await findTasks(driver)
    ;(found[0]?.['tags'] as string[]).push('z')
    const patch = { meta: { deep: [9] } }
    const updated = await driver.update('task', 'c', patch)
    patch.meta.deep.push(10)
    ;(updated['meta'] as { deep: number[] }).deep.push(11)
    expect(await driver.findOne('task', 'c')).toEqual({ id: 'c', meta: { deep: [9] }, tags: ['a'] })
  })

  it('DRV-WRITE-006 a failed write changes nothing', async () => {
    const before = [{ id: 'w', title: 'keep', n: 1 }]
    const driver = await taskDriver(before)
    await expectCode(driver.update('task', 'w', { title: 'changed', bogus: 1 }), 'INVALID_FIELD')
    await expectCode(
      driver.update('task', 'w', { title: 'changed', n: () => 1 }),
      'VALIDATION_FAILED',
    )
    await expectCode(driver.update('task', 'w', { id: 'other' }), 'VALIDATION_FAILED')
    await expectCode(driver.create('task', { id: 'new', nope: true }), 'INVALID_FIELD')
    await expectCode(driver.create('task', { id: 'w' }), 'DUPLICATE_RECORD')
    expect(await snapshot(driver)).toEqual(before)
  })
})

describe('memory driver: bulk operations (DRV-BULK)', () => {
  it('DRV-BULK-001 bulkCreate creates every record and returns them in input order', async () => {
    const driver = await taskDriver()
    const created = await driver.bulkCreate('task', [
      { id: 'z', n: 1 },
      { n: 2 },
      { id: 'a', n: 3 },
    ])
    expect(created.map((r) => r['n'])).toEqual([1, 2, 3])
    expect(created[0]?.id).toBe('z')
    expect(await driver.count('task', undefined)).toBe(3)
  })

  it('DRV-BULK-002 a bulkCreate that fails creates none of the records', async () => {
    const driver = await taskDriver([{ id: 'dup' }])
    await expectCode(driver.bulkCreate('task', [{ id: 'new1' }, { id: 'dup' }]), 'DUPLICATE_RECORD')
    await expectCode(driver.bulkCreate('task', [{ id: 'n2' }, { id: 'n2' }]), 'DUPLICATE_RECORD')
    await expectCode(
      driver.bulkCreate('task', [{ id: 'n3' }, { id: 'n4', bad: 1 }]),
      'INVALID_FIELD',
    )
    expect(await snapshot(driver)).toEqual([{ id: 'dup' }])
  })

  it('DRV-BULK-003 bulkUpdate updates every record, or none when an id is missing', async () => {
    const driver = await taskDriver([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ])
    const updated = await driver.bulkUpdate('task', [
      { id: 'b', data: { n: 20 } },
      { id: 'a', data: { n: 10 } },
    ])
    expect(updated).toEqual([
      { id: 'b', n: 20 },
      { id: 'a', n: 10 },
    ])
    await expectCode(
      driver.bulkUpdate('task', [
        { id: 'a', data: { n: 0 } },
        { id: 'x', data: { n: 0 } },
      ]),
      'NOT_FOUND',
    )
    expect(await snapshot(driver)).toEqual([
      { id: 'a', n: 10 },
      { id: 'b', n: 20 },
    ])
  })

  it('DRV-BULK-004 bulkDelete deletes those that exist and returns how many', async () => {
    const driver = await taskDriver([{ id: 'a' }, { id: 'b' }, { id: 'c' }])
    expect(await driver.bulkDelete('task', ['a', 'missing', 'c', 'a'])).toBe(2)
    expect(await snapshot(driver)).toEqual([{ id: 'b' }])
    expect(await driver.bulkDelete('task', [])).toBe(0)
  })
})
