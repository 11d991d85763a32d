import { Redis } from 'ioredis'
import { RedisDriver, RedisKeyspace } from '../../drivers/redis/index.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { TimedScenario } from '../scenario.js'
import { BENCH_OBJECT, benchRecords, cycle, envUrl, uniqueSuffix } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name
const RECORDS = 1000

/** RedisDriver.findOne against GET + JSON.parse of the same key, on the very same connection. */
const redisFindOne: TimedScenario = {
  name: 'redis/findOne-vs-raw',
  group: 'redis',
  kind: 'io',
  title: 'Redis findOne vs raw ioredis GET',
  description:
    'RedisDriver.findOne by id (one Lua script round trip) over 1,000 records, against GET of ' +
    'the same record key plus JSON.parse through the same ioredis client.',
  async setup() {
    const url = envUrl('OBJECTQL_REDIS_URL')
    if (url === undefined) return { skip: 'no Redis URL; set OBJECTQL_REDIS_URL to measure it' }
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
    const keyPrefix = `bench_${uniqueSuffix()}`
    const driver = new RedisDriver({ client, keyPrefix })
    const close = async (): Promise<void> => {
      await driver.clear().catch(() => undefined)
      await driver.disconnect().catch(() => undefined)
      client.disconnect()
    }
    try {
      await driver.connect()
      await driver.syncSchema([BENCH_OBJECT])
      const records = benchRecords(RECORDS)
      await driver.bulkCreate(OBJECT, records)
      const keys = new RedisKeyspace(keyPrefix)
      const rawKeys = records.map((record) => keys.recordKey(OBJECT, record.id))
      // The reference must read what the driver stored, or the comparison means nothing.
      const probe = await client.get(rawKeys[0] ?? '')
      if (probe === null) {
        throw new ObjectQLError('INTERNAL_ERROR', 'redis scenario: no record under the record key')
      }
      const nextId = cycle(records.map((record) => record.id))
      const nextKey = cycle(rawKeys)
      return {
        task: () => driver.findOne(OBJECT, nextId()),
        reference: async () => {
          const text = await client.get(nextKey())
          return text === null ? null : (JSON.parse(text) as unknown)
        },
        teardown: close,
      }
    } catch (error) {
      await close()
      throw error
    }
  },
}

/** The Redis driver against its raw client. */
export const REDIS_SCENARIOS: readonly TimedScenario[] = [redisFindOne]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const REDIS_SCENARIO_MODULE: string = import.meta.url
