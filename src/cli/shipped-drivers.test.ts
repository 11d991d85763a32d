import { describe, expect, it } from 'vitest'
import { MongoDriver } from '../drivers/mongo/index.js'
import type { MongoDriverConfig } from '../drivers/mongo/index.js'
import { SHIPPED_DRIVERS, mongoServer } from './shipped-drivers.js'
import type { ReadyDriver, ServerSource } from './shipped-drivers.js'

/** A server source handing out one fake MongoDB URL and recording what happens to it. */
function fakeServers(events: string[]): ServerSource {
  return async (service) => ({
    url: `mongodb://127.0.0.1:1/?from=${service}`,
    backend: { kind: 'url', detail: 'fake' },
    release: async () => void events.push('release'),
  })
}

async function ready(entry: ReturnType<typeof mongoServer>): Promise<ReadyDriver> {
  const resolved = await entry.resolve()
  if (resolved.status !== 'ready') throw new Error(`not ready: ${resolved.reason}`)
  return resolved
}

describe('npm run conform: the mongo entry drops what it created', () => {
  it('cleanup drops the collections under the prefix its drivers use, then releases the server', async () => {
    const events: string[] = []
    const dropped: MongoDriverConfig[] = []
    const entry = await ready(
      mongoServer(fakeServers(events), async (config) => {
        dropped.push(config)
        events.push('drop')
      }),
    )
    const driver = await entry.factory()
    expect(driver).toBeInstanceOf(MongoDriver)
    const { config } = driver as MongoDriver
    expect(events).toEqual([])
    await entry.cleanup?.()
    expect(events).toEqual(['drop', 'release'])
    expect(dropped).toHaveLength(1)
    const [target] = dropped
    // The very database and prefix the conformance drivers write to; a non-empty prefix.
    expect(target?.url).toBe(config.url)
    expect(target?.database).toBe(config.database)
    expect(target?.collectionPrefix).toBe(config.collectionPrefix)
    expect(config.collectionPrefix).toMatch(/^conform\d+_\w+_$/)
  })

  it('releases the server even when the drop fails, and reports the failure', async () => {
    const events: string[] = []
    const entry = await ready(
      mongoServer(fakeServers(events), async () => {
        throw new Error('drop refused')
      }),
    )
    await expect(entry.cleanup?.()).rejects.toThrow('drop refused')
    expect(events).toEqual(['release'])
  })

  it('is unavailable, with the reason, when no server can be had', async () => {
    const entry = mongoServer(async () => 'unavailable: no MongoDB here')
    expect(await entry.resolve()).toEqual({
      status: 'unavailable',
      name: 'mongo',
      reason: 'unavailable: no MongoDB here',
    })
  })

  it('is the entry npm run conform lists', () => {
    expect(SHIPPED_DRIVERS.map((driver) => driver.name)).toContain('mongo')
  })
})
