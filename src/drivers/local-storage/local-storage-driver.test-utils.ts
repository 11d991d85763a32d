import { LocalStorageDriver } from './local-storage-driver.js'
import { MemoryStorage } from './memory-storage.js'
import type { StorageLike } from './local-storage-driver-config.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/** The object most tests use. */
export const TASK: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    meta: { type: 'json' },
    tags: { type: 'tags' },
  },
}

/** A connected driver over `storage` (a fresh MemoryStorage by default), TASK synced. */
export async function openDriver(
  storage: StorageLike = new MemoryStorage(),
  namespace = 'test',
): Promise<LocalStorageDriver> {
  const driver = new LocalStorageDriver({ storage, namespace })
  await driver.connect()
  await driver.syncSchema([TASK])
  return driver
}

/** Every key and value of a storage, to compare before and after a write. */
export function snapshot(storage: StorageLike): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key !== null) out[key] = storage.getItem(key)
  }
  return out
}

/** The error a call rejects with (fails the test when it resolves). */
export async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}
