import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { RemoteDriver } from './remote-driver.js'
import { DEFAULT_RETRY_POLICY, resolveRemoteConfig } from './remote-driver-config.js'
import type { RemoteDriverConfig } from './remote-driver-config.js'
import { IDEMPOTENT_METHODS, backoffDelay } from './remote-http-client.js'

function optionOf(config: unknown): unknown {
  try {
    resolveRemoteConfig(config as RemoteDriverConfig)
  } catch (error) {
    if (isObjectQLError(error) && error.code === 'CONFIG_INVALID') return error.details?.['option']
    throw error
  }
  return undefined
}

describe('remote driver configuration', () => {
  it('fills defaults and normalizes the base URL', () => {
    const resolved = resolveRemoteConfig({ baseUrl: 'http://127.0.0.1:3000/v1/' })
    expect(resolved).toMatchObject({
      baseUrl: 'http://127.0.0.1:3000/v1',
      timeoutMs: 10_000,
      retries: DEFAULT_RETRY_POLICY,
      schema: 'verify',
      pageSize: 1000,
      headers: {},
    })
    expect(new RemoteDriver({ baseUrl: 'https://example.org' }).capabilities).toMatchObject({
      queryAggregations: true,
      distinct: true,
      transactions: false,
      bulkCreate: false,
      schemaSync: false,
    })
  })

  it('rejects bad options with CONFIG_INVALID naming the option', () => {
    const base = { baseUrl: 'http://h' }
    const cases: Array<[unknown, string]> = [
      [{ baseUrl: 'not a url' }, 'baseUrl'],
      [{ baseUrl: 'ftp://h' }, 'baseUrl'],
      [{ baseUrl: 'http://h/?q=1' }, 'baseUrl'],
      [{ ...base, timeoutMs: 0 }, 'timeoutMs'],
      [{ ...base, retries: { attempts: 0, baseDelayMs: 1, maxDelayMs: 1 } }, 'retries.attempts'],
      [{ ...base, retries: { attempts: 2, baseDelayMs: 10, maxDelayMs: 1 } }, 'retries.maxDelayMs'],
      [{ ...base, headers: { authorization: 1 } }, 'headers'],
      [{ ...base, schema: 'push' }, 'schema'],
      [{ ...base, pageSize: 0 }, 'pageSize'],
      [{ ...base, fetch: 'fetch' }, 'fetch'],
    ]
    for (const [config, option] of cases) expect(optionOf(config)).toBe(option)
  })

  it('backs off exponentially under a cap, with full jitter', () => {
    const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000 }
    const top = () => 0.999_999
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, top))).toEqual([
      99, 199, 399, 799, 999,
    ])
    expect(backoffDelay(3, policy, () => 0)).toBe(0)
    for (let retry = 1; retry < 10; retry++) {
      const delay = backoffDelay(retry, policy)
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** (retry - 1)))
    }
  })

  it('retries only idempotent methods', () => {
    expect([...IDEMPOTENT_METHODS].sort()).toEqual(['DELETE', 'GET', 'PUT'])
  })
})
