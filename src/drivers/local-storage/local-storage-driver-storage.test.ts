import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { LocalStorageDriver } from './local-storage-driver.js'
import { indexKey, recordKey, removeNamespace } from './local-storage-keys.js'
import { MemoryStorage } from './memory-storage.js'
import { openDriver, rejection, snapshot } from './local-storage-driver.test-utils.js'
import type { StorageLike } from './local-storage-driver-config.js'

/** Counts successful setItem calls, to see that a failed write did start writing. */
class CountingStorage extends MemoryStorage {
  writes = 0
  override setItem(key: string, value: string): void {
    super.setItem(key, value)
    this.writes++
  }
}

const all = { object: 'task', orderBy: [{ field: 'id', order: 'asc' as const }] }

describe('local-storage driver and its storage', () => {
  it('DRV-TYPE-001..006 DRV-STR-004 DRV-STR-005 values read back equal from storage by a new driver', async () => {
    const storage = new MemoryStorage()
    const writer = await openDriver(storage)
    const record = {
      id: 'v',
      title: 'e\u0301 \u{1F600} \uD800 lone',
      n: Number.MAX_SAFE_INTEGER,
      done: false,
      due: '2024-02-29T23:59:59.999Z',
      meta: { nested: [1.5, -2, null, 'x'], empty: {}, __proto__: 'plain key' },
      tags: ['', 'b'],
    }
    await writer.create('task', record)
    await writer.create('task', { id: 'empty', title: '', n: -0.25 })
    const reader = await openDriver(storage)
    const [empty, v] = await reader.find('task', all)
    expect(v).toEqual(record)
    expect(Object.getPrototypeOf(v?.['meta'])).toBe(Object.prototype)
    expect(empty).toEqual({ id: 'empty', title: '', n: -0.25 })
    expect(await reader.count('task', { title: { $eq: '' } })).toBe(1)
  })

  it('DRV-WRITE-006 a full quota fails with DRIVER_ERROR reason quota and writes nothing', async () => {
    const storage = new MemoryStorage({ quotaBytes: 600 })
    const driver = await openDriver(storage)
    await driver.create('task', { id: 'a', title: 'small' })
    const before = snapshot(storage)
    const error = await rejection(() => driver.create('task', { id: 'b', title: 'x'.repeat(400) }))
    expect(hasErrorCode(error, 'DRIVER_ERROR')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({
      reason: 'quota',
      object: 'task',
    })
    expect(((error as Error).cause as DOMException).name).toBe('QuotaExceededError')
    expect(snapshot(storage)).toEqual(before)
    expect((await driver.find('task', all)).map((r) => r.id)).toEqual(['a'])
  })

  it('DRV-BULK-002 a bulk write that fills the quota halfway restores every key it wrote', async () => {
    const storage = new CountingStorage({ quotaBytes: 1_000 })
    const driver = await openDriver(storage)
    await driver.create('task', { id: 'a', title: 'old' })
    const before = snapshot(storage)
    // The first records fit, a later one does not; then the index would not fit either.
    const batch = ['b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, title: 'y'.repeat(60) }))
    storage.writes = 0
    const error = await rejection(() => driver.bulkCreate('task', batch))
    expect((error as { details?: { reason?: unknown } }).details?.reason).toBe('quota')
    expect(storage.writes).toBeGreaterThan(1) // some records were written, then taken back
    expect(snapshot(storage)).toEqual(before)
    const growing = await rejection(() => driver.update('task', 'a', { title: 'z'.repeat(500) }))
    expect((growing as { details?: { reason?: unknown } }).details?.reason).toBe('quota')
    expect(snapshot(storage)).toEqual(before)
    const reader = await openDriver(storage)
    expect(await reader.find('task', all)).toEqual([{ id: 'a', title: 'old' }])
  })

  it('DRV-LIFE-001 DRV-LIFE-002 health and the not-connected code before connect and after disconnect', async () => {
    const storage = new MemoryStorage()
    const driver = new LocalStorageDriver({ storage, namespace: 'life' })
    expect(
      hasErrorCode(await rejection(() => driver.find('task', all)), 'DRIVER_NOT_CONNECTED'),
    ).toBe(true)
    await driver.connect()
    expect(await driver.checkHealth()).toBe(true)
    await driver.create('task', { id: 'a' })
    await driver.disconnect()
    expect(await driver.checkHealth()).toBe(false)
    for (const run of [
      () => driver.create('task', { id: 'b' }),
      () => driver.count('task', undefined),
    ]) {
      expect(hasErrorCode(await rejection(run), 'DRIVER_NOT_CONNECTED')).toBe(true)
    }
    await driver.connect()
    expect(await driver.count('task', undefined)).toBe(1)
  })

  it('DRV-ERR-001 blocked storage is DRIVER_UNAVAILABLE, corrupt data DRIVER_ERROR, both with causes', async () => {
    const blocked: StorageLike = {
      get length(): number {
        throw new DOMException('The operation is insecure.', 'SecurityError')
      },
      getItem: () => null,
      setItem: () => undefined,
      removeItem: () => undefined,
      key: () => null,
    }
    const unavailable = await rejection(() =>
      new LocalStorageDriver({ storage: blocked, namespace: 'x' }).connect(),
    )
    expect(hasErrorCode(unavailable, 'DRIVER_UNAVAILABLE')).toBe(true)
    expect(((unavailable as Error).cause as DOMException).name).toBe('SecurityError')

    const storage = new MemoryStorage()
    storage.setItem(indexKey('bad', 'task'), '["gone"]')
    const driver = await openDriver(storage, 'bad')
    const missing = await rejection(() => driver.find('task', all))
    expect(hasErrorCode(missing, 'DRIVER_ERROR')).toBe(true)
    storage.setItem(recordKey('bad', 'task', 'gone'), '{not json')
    await driver.connect()
    const garbled = await rejection(() => driver.find('task', all))
    expect((garbled as { details?: { reason?: unknown } }).details?.reason).toBe('corrupt')
    expect((garbled as Error).cause).toBeInstanceOf(SyntaxError)
  })

  it('removeNamespace removes the namespace and nothing else', async () => {
    const storage = new MemoryStorage()
    storage.setItem('keep', '1')
    const driver = await openDriver(storage, 'gone')
    await driver.bulkCreate('task', [{ id: 'a' }, { id: 'b' }])
    expect(removeNamespace(storage, 'gone')).toBe(3)
    expect(snapshot(storage)).toEqual({ keep: '1' })
  })

  it('imports no Node module in its shipped files, so it runs in browsers', () => {
    const folder = dirname(fileURLToPath(import.meta.url))
    const shipped = readdirSync(folder).filter(
      (name) => name.endsWith('.ts') && !name.includes('.test'),
    )
    expect(shipped.length).toBeGreaterThan(5)
    for (const name of shipped) {
      const text = readFileSync(join(folder, name), 'utf8')
      expect(text, name).not.toMatch(/from\s+['"]node:|require\(/)
    }
  })
})
