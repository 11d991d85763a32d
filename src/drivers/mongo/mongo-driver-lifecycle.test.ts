import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { MongoDriver } from './mongo-driver.js'

/** A loopback port nobody listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  )
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('mongo driver lifecycle without a server', () => {
  // A real network failure (connection refused on loopback), not a mock. The vitest timeout
  // bounds it: with serverSelectionTimeoutMS 1 000 the driver must give up well before 5 s.
  it('DRV-LIFE-002 connect to a closed port fails with DRIVER_UNAVAILABLE, keeping the cause', async () => {
    const port = await closedPort()
    const driver = new MongoDriver({
      url: `mongodb://127.0.0.1:${port}/?directConnection=true`,
      database: 'objectql_test',
      serverSelectionTimeoutMS: 1_000,
    })
    const error = await failure(() => driver.connect())
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
    const cause = (error as Error).cause as Error
    expect(cause.name).toBe('MongoServerSelectionError')
    expect((error as Error).message).toContain('ECONNREFUSED')
    expect(await driver.checkHealth()).toBe(false)
    const read = await failure(() => driver.find('task', { object: 'task' }))
    expect(hasErrorCode(read, 'DRIVER_NOT_CONNECTED')).toBe(true)
  }, 5_000)

  it('DRV-LIFE-002 data operations before connect and after disconnect fail with DRIVER_NOT_CONNECTED', async () => {
    const driver = new MongoDriver({ url: 'mongodb://127.0.0.1:1', database: 'x' })
    for (const run of [
      () => driver.create('task', { title: 'a' }),
      () => driver.count('task', undefined),
      () => driver.syncSchema([{ name: 'task', fields: {} }]),
    ]) {
      expect(hasErrorCode(await failure(run), 'DRIVER_NOT_CONNECTED')).toBe(true)
    }
    await driver.disconnect()
    expect(
      hasErrorCode(await failure(() => driver.delete('task', 'a')), 'DRIVER_NOT_CONNECTED'),
    ).toBe(true)
  })

  it('without a replica set the transactions capability is off and beginTransaction fails with NOT_SUPPORTED', async () => {
    const driver = new MongoDriver({ url: 'mongodb://127.0.0.1:1', database: 'x' })
    expect(driver.capabilities.transactions).toBe(false)
    expect(hasErrorCode(await failure(() => driver.beginTransaction()), 'NOT_SUPPORTED')).toBe(true)
  })
})
