import { afterAll, describe, test } from 'vitest'
import { driverSuite } from '../../src/compliance/index.js'
import { RedisDriver } from '../../src/drivers/redis/index.js'
import { serverBackend } from './server-backend.test-utils.js'

/**
 * The Redis driver through the conformance suite, on the server the global setup provided
 * (`OBJECTQL_REDIS_URL`). Every record lives under a key prefix unique to this process, cleared
 * afterwards, so runs sharing one server never see each other's data.
 */

const url = process.env['OBJECTQL_REDIS_URL']

if (url === undefined || url === '') {
  describe.skip('redis (skipped: no server; set OBJECTQL_REDIS_URL or install redis-server)', () => {
    test('conformance', () => undefined)
  })
} else {
  const keyPrefix = `objectql-conformance:${process.pid}`
  afterAll(async () => {
    const driver = new RedisDriver({ url, keyPrefix })
    await driver.connect()
    try {
      await driver.clear()
    } finally {
      await driver.disconnect()
    }
  })
  driverSuite({
    name: 'redis',
    test,
    factory: () => new RedisDriver({ url, keyPrefix }),
    backend: serverBackend('redis', url),
    seed: Number(process.env['OBJECTQL_SEED'] ?? 20_260_101),
  })
}
