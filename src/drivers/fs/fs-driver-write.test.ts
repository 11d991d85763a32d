import { readFile, readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { TASK, allTasks, expectCode, openDriver, reopen } from './fs-driver.test-utils.js'
import type { RecordInput } from '../../kernel/spec/object-config.js'

const FULL: RecordInput = {
  id: 't1',
  title: 'Unicode 😀 e\u0301 "quoted" \\ back\nslash',
  n: -2.5e-7,
  done: false,
  due: '2024-02-29T23:59:59.999Z',
  day: '1999-12-31',
  meta: { a: { b: [1, 'two', true, null] }, __proto__x: 1, empty: {} },
  tags: ['a', '', 'c d'],
}

describe('fs driver: writes persist (DRV-ID, DRV-WRITE, DRV-TYPE)', () => {
  it('DRV-WRITE-001 DRV-TYPE-001..005 create returns the record, and a restart reads it back equal', async () => {
    const driver = await openDriver()
    const created = await driver.create('task', structuredClone(FULL))
    expect(created).toEqual(FULL)
    const restarted = await reopen(driver)
    const found = await restarted.findOne('task', 't1')
    expect(found).toEqual(FULL)
    expect(typeof found?.['done']).toBe('boolean')
    expect(typeof found?.['n']).toBe('number')
    await restarted.disconnect()
  })

  it('stores one JSON object per line, id first', async () => {
    const driver = await openDriver()
    await driver.bulkCreate('task', [
      { id: 'a', title: 'x\ny' },
      { id: 'b', n: 1 },
    ])
    const text = await readFile(driver.fileFor('task'), 'utf8')
    expect(text).toBe('{"id":"a","title":"x\\ny"}\n{"id":"b","n":1}\n')
    await driver.disconnect()
  })

  it('DRV-ID-002 DRV-ID-003 generates unique ids and keeps given ones exactly', async () => {
    const driver = await openDriver()
    const generated = await Promise.all([1, 2, 3].map(() => driver.create('task', {})))
    expect(new Set(generated.map((r) => r.id)).size).toBe(3)
    for (const record of generated) expect(typeof record.id).toBe('string')
    const odd = ['../x', 'a/b', '😀', ' ', 'id-%_', 'CON']
    for (const id of odd) expect((await driver.create('task', { id })).id).toBe(id)
    const restarted = await reopen(driver)
    expect((await allTasks(restarted)).map((r) => r.id)).toEqual(
      expect.arrayContaining([...odd, ...generated.map((r) => r.id)]),
    )
    await restarted.disconnect()
  })

  it('DRV-ID-004 a duplicate id fails with DUPLICATE_RECORD and the file is unchanged', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a', title: 'first' })
    const before = await readFile(driver.fileFor('task'), 'utf8')
    await expectCode(driver.create('task', { id: 'a', title: 'second' }), 'DUPLICATE_RECORD')
    expect(await readFile(driver.fileFor('task'), 'utf8')).toBe(before)
    await driver.disconnect()
  })

  it('DRV-WRITE-002 DRV-WRITE-003 update merges shallowly; a missing id is NOT_FOUND', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a', title: 'x', n: 1, meta: { deep: 1 } })
    const updated = await driver.update('task', 'a', { n: 2, meta: { other: 2 }, title: undefined })
    expect(updated).toEqual({ id: 'a', n: 2, meta: { other: 2 } })
    await expectCode(driver.update('task', 'zz', { n: 1 }), 'NOT_FOUND')
    const restarted = await reopen(driver)
    expect(await allTasks(restarted)).toEqual([{ id: 'a', n: 2, meta: { other: 2 } }])
    await restarted.disconnect()
  })

  it('DRV-WRITE-004 delete returns true then false, and the record stays gone after a restart', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a' })
    expect(await driver.delete('task', 'a')).toBe(true)
    expect(await driver.delete('task', 'a')).toBe(false)
    const restarted = await reopen(driver)
    expect(await restarted.count('task', undefined)).toBe(0)
    await restarted.disconnect()
  })

  it('DRV-WRITE-005 returned records and inputs are copies', async () => {
    const driver = await openDriver()
    const input = { id: 'a', meta: { list: [1] }, tags: ['x'] }
    const created = await driver.create('task', input)
    input.meta.list.push(2)
    ;(created['tags'] as string[]).push('y')
    const found = await driver.findOne('task', 'a')
    ;(found?.['meta'] as { list: number[] }).list.push(3)
    expect(await driver.findOne('task', 'a')).toEqual({ id: 'a', meta: { list: [1] }, tags: ['x'] })
    await driver.disconnect()
  })

  it('DRV-WRITE-006 values JSON would change are refused with VALIDATION_FAILED, nothing written', async () => {
    const driver = await openDriver()
    const bad: Record<string, unknown>[] = [
      { n: Number.NaN },
      { n: Infinity },
      { meta: { when: new Date() } },
      { meta: [1, undefined] },
      { meta: { big: 1n } },
      { meta: new Map() },
    ]
    for (const data of bad) {
      const error = await expectCode(driver.create('task', data), 'VALIDATION_FAILED')
      expect(JSON.stringify(error.details)).toMatch(/"field":"(n|meta)/)
    }
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    await expectCode(driver.create('task', { meta: cyclic }), 'VALIDATION_FAILED')
    expect(await driver.count('task', undefined)).toBe(0)
    expect(await readdir(driver.dir)).not.toContain(expect.stringMatching(/oqtmp$/))
    await driver.disconnect()
  })

  it('INVALID_FIELD for a field the synced object does not declare', async () => {
    const driver = await openDriver()
    await expectCode(driver.create('task', { nope: 1 }), 'INVALID_FIELD')
    await driver.create('task', { id: 'a' })
    await expectCode(driver.update('task', 'a', { nope: 1 }), 'INVALID_FIELD')
    await driver.disconnect()
  })
})

describe('fs driver: bulk writes are all-or-nothing (DRV-BULK)', () => {
  it('DRV-BULK-001 DRV-BULK-002 bulkCreate creates all in order, or none on a duplicate', async () => {
    const driver = await openDriver()
    const created = await driver.bulkCreate('task', [{ id: 'b' }, { id: 'a' }, { title: 'gen' }])
    expect(created.map((r) => r.id).slice(0, 2)).toEqual(['b', 'a'])
    await expectCode(driver.bulkCreate('task', [{ id: 'c' }, { id: 'a' }]), 'DUPLICATE_RECORD')
    await expectCode(driver.bulkCreate('task', [{ id: 'x' }, { id: 'x' }]), 'DUPLICATE_RECORD')
    const restarted = await reopen(driver)
    expect(await restarted.count('task', undefined)).toBe(3)
    expect(await restarted.findOne('task', 'c')).toBeNull()
    await restarted.disconnect()
  })

  it('DRV-BULK-003 bulkUpdate updates all, or none when an id is missing', async () => {
    const driver = await openDriver()
    await driver.bulkCreate('task', [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ])
    await expectCode(
      driver.bulkUpdate('task', [
        { id: 'a', data: { n: 10 } },
        { id: 'zz', data: { n: 0 } },
      ]),
      'NOT_FOUND',
    )
    expect((await allTasks(driver)).map((r) => r['n'])).toEqual([1, 2])
    const updated = await driver.bulkUpdate('task', [
      { id: 'b', data: { n: 20 } },
      { id: 'a', data: { n: 10 } },
    ])
    expect(updated.map((r) => r['n'])).toEqual([20, 10])
    const restarted = await reopen(driver)
    expect((await allTasks(restarted)).map((r) => r['n'])).toEqual([10, 20])
    await restarted.disconnect()
  })

  it('DRV-BULK-004 bulkDelete deletes what exists and counts it once', async () => {
    const driver = await openDriver()
    await driver.bulkCreate('task', [{ id: 'a' }, { id: 'b' }, { id: 'c' }])
    expect(await driver.bulkDelete('task', ['a', 'zz', 'a', 'c'])).toBe(2)
    const restarted = await reopen(driver)
    expect((await allTasks(restarted)).map((r) => r.id)).toEqual(['b'])
    await restarted.disconnect()
  })

  it('serialises concurrent writes to one object: none is lost', async () => {
    const driver = await openDriver()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => driver.create('task', { id: `r${i}`, n: i })),
    )
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => driver.update('task', `r${i}`, { done: true })),
    )
    const restarted = await reopen(driver)
    const records = await allTasks(restarted)
    expect(records).toHaveLength(20)
    expect(records.every((r) => r['done'] === true)).toBe(true)
    await restarted.disconnect()
  })

  it('keeps objects in separate files, named safely', async () => {
    const other: typeof TASK = { name: 'Odd/Name ü', fields: { title: { type: 'text' } } }
    const driver = await openDriver(undefined, [TASK, other])
    await driver.create('Odd/Name ü', { id: 'x', title: 'hi' })
    await driver.create('task', { id: 'y' })
    expect((await readdir(driver.dir)).filter((n) => n.endsWith('.jsonl')).sort()).toEqual([
      '%4Fdd%2F%4Eame%20%C3%BC.jsonl',
      'task.jsonl',
    ])
    const restarted = await reopen(driver, [TASK, other])
    expect(await restarted.findOne('Odd/Name ü', 'x')).toEqual({ id: 'x', title: 'hi' })
    await restarted.disconnect()
  })
})
