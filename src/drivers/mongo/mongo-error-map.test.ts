import { MongoNetworkError, MongoServerError, MongoTransactionError } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { ObjectQLError } from '../../kernel/errors.js'
import { mapMongoError, mongoErrorCode } from './mongo-error-map.js'

describe('mongo error map', () => {
  it('DRV-ERR-001 maps E11000 to DUPLICATE_RECORD with the native error as cause', () => {
    const native = new MongoServerError({
      message: 'E11000 duplicate key error collection: test.task index: _id_ dup key: { _id: "a" }',
      code: 11000,
    })
    const mapped = mapMongoError(native, 'create task', { id: 'a' })
    expect(mapped).toBeInstanceOf(ObjectQLError)
    expect(mapped.code).toBe('DUPLICATE_RECORD')
    expect(mapped.cause).toBe(native)
    expect(mapped.details).toMatchObject({ operation: 'create task', id: 'a' })
    expect(mapped.message).toContain('create task')
  })

  it('reads the code of the first write error of a bulk write', () => {
    const bulk = Object.assign(new MongoServerError({ message: 'bulk write failed' }), {
      writeErrors: [{ code: 11000, index: 1 }],
    })
    expect(mongoErrorCode(bulk)).toBe('DUPLICATE_RECORD')
  })

  it('maps network, transaction and replica-set errors', () => {
    expect(mongoErrorCode(new MongoNetworkError('connection reset'))).toBe('DRIVER_UNAVAILABLE')
    expect(mongoErrorCode(new MongoServerError({ message: 'not primary', code: 10107 }))).toBe(
      'DRIVER_UNAVAILABLE',
    )
    expect(mongoErrorCode(new MongoServerError({ message: 'conflict', code: 112 }))).toBe(
      'TRANSACTION_FAILED',
    )
    expect(mongoErrorCode(new MongoTransactionError('no transaction started'))).toBe(
      'TRANSACTION_FAILED',
    )
    const standalone = new MongoServerError({
      message: 'Transaction numbers are only allowed on a replica set member or mongos',
      code: 20,
    })
    expect(mongoErrorCode(standalone)).toBe('NOT_SUPPORTED')
  })

  it('keeps coded errors, reports our own bugs as INTERNAL_ERROR and the rest as DRIVER_ERROR', () => {
    const coded = new ObjectQLError('NOT_FOUND', 'gone')
    expect(mapMongoError(coded, 'update task')).toBe(coded)
    expect(mongoErrorCode(new TypeError('x is undefined'))).toBe('INTERNAL_ERROR')
    expect(mongoErrorCode(new MongoServerError({ message: 'bad', code: 2 }))).toBe('DRIVER_ERROR')
    expect(mongoErrorCode('a string')).toBe('DRIVER_ERROR')
  })
})
