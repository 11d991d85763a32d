import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { MongoDriver } from './mongo-driver.js'
import { resolveMongoConfig } from './mongo-driver-config.js'
import type { MongoDriverConfig } from './mongo-driver-config.js'

function codeOf(config: unknown): string | undefined {
  try {
    resolveMongoConfig(config as MongoDriverConfig)
  } catch (error) {
    return hasErrorCode(error, 'CONFIG_INVALID') ? error.code : String(error)
  }
  return undefined
}

describe('mongo driver config', () => {
  it('fills in defaults: a short server selection timeout, no prefix', () => {
    expect(resolveMongoConfig({ url: 'mongodb://127.0.0.1:27017', database: 'app' })).toEqual({
      url: 'mongodb://127.0.0.1:27017',
      database: 'app',
      collectionPrefix: '',
      serverSelectionTimeoutMS: 2_000,
      transactions: false,
    })
  })

  it('declares transactions for replica-set and SRV urls, or when told', () => {
    const of = (config: MongoDriverConfig) => new MongoDriver(config).capabilities
    expect(of({ url: 'mongodb://h1,h2/?replicaSet=rs0', database: 'a' }).transactions).toBe(true)
    expect(of({ url: 'mongodb+srv://cluster.example.net', database: 'a' }).transactions).toBe(true)
    expect(of({ url: 'mongodb://h1/?directConnection=true', database: 'a' }).transactions).toBe(
      false,
    )
    const forced = of({ url: 'mongodb://h1', database: 'a', transactions: true })
    expect(forced.transactions).toBe(true)
    expect(forced.isolationLevels).toEqual(['snapshot'])
  })

  it('refuses bad options with CONFIG_INVALID', () => {
    expect(codeOf(undefined)).toBe('CONFIG_INVALID')
    expect(codeOf({ url: 'http://x', database: 'a' })).toBe('CONFIG_INVALID')
    expect(codeOf({ url: 'mongodb://x', database: 'a.b' })).toBe('CONFIG_INVALID')
    expect(codeOf({ url: 'mongodb://x', database: '' })).toBe('CONFIG_INVALID')
    expect(codeOf({ url: 'mongodb://x', database: 'a', collectionPrefix: 'x$' })).toBe(
      'CONFIG_INVALID',
    )
    expect(codeOf({ url: 'mongodb://x', database: 'a', serverSelectionTimeoutMS: 0 })).toBe(
      'CONFIG_INVALID',
    )
  })
})
