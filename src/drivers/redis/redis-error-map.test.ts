import { describe, expect, it } from 'vitest'
import { ObjectQLError } from '../../kernel/errors.js'
import { mapRedisError, redisErrorCode } from './redis-error-map.js'

/** An error shaped like the ones ioredis and Node raise (message, name, errno code). */
function nativeError(message: string, extra: { name?: string; code?: string } = {}): Error {
  const error = new Error(message) as Error & { code?: string }
  if (extra.name !== undefined) Object.defineProperty(error, 'name', { value: extra.name })
  if (extra.code !== undefined) error.code = extra.code
  return error
}

describe('redis error map', () => {
  it('maps connection failures to DRIVER_UNAVAILABLE', () => {
    const unavailable = [
      nativeError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }),
      nativeError('read ECONNRESET', { code: 'ECONNRESET' }),
      nativeError('Connection is closed.'),
      nativeError("Stream isn't writeable and enableOfflineQueue options is false"),
      nativeError('Command timed out'),
      nativeError('Reached the max retries per request limit (which is 0).', {
        name: 'MaxRetriesPerRequestError',
      }),
      nativeError('LOADING Redis is loading the dataset in memory'),
      nativeError('BUSY Redis is busy running a script.'),
      nativeError("READONLY You can't write against a read only replica."),
      nativeError("OOM command not allowed when used memory > 'maxmemory'."),
      nativeError('NOAUTH Authentication required.'),
      nativeError('WRONGPASS invalid username-password pair'),
      nativeError('ERR max number of clients reached'),
      nativeError('Unknown RESP type 72 "H". Please report this.'),
    ]
    for (const error of unavailable)
      expect(redisErrorCode(error), error.message).toBe('DRIVER_UNAVAILABLE')
  })

  it('maps foreign data and unknown replies to DRIVER_ERROR, our own bugs to INTERNAL_ERROR', () => {
    expect(
      redisErrorCode(
        nativeError('WRONGTYPE Operation against a key holding the wrong kind of value'),
      ),
    ).toBe('DRIVER_ERROR')
    expect(
      redisErrorCode(
        nativeError('ERR user_script:1: Script attempted to access nonexistent global'),
      ),
    ).toBe('DRIVER_ERROR')
    expect(redisErrorCode('a string')).toBe('DRIVER_ERROR')
    expect(redisErrorCode(new TypeError('x is not a function'))).toBe('INTERNAL_ERROR')
  })

  it('keeps coded errors and wraps others with the native error as cause', () => {
    const coded = new ObjectQLError('NOT_FOUND', 'gone')
    expect(mapRedisError(coded, 'update task')).toBe(coded)
    const native = nativeError('Reached the max retries per request limit (which is 0).', {
      name: 'MaxRetriesPerRequestError',
    })
    const mapped = mapRedisError(native, 'update task')
    expect(mapped.code).toBe('DRIVER_UNAVAILABLE')
    expect(mapped.cause).toBe(native)
    expect(mapped.transient).toBe(true)
    expect(mapped.message).toMatch(
      /^update task: redis is unavailable: .*may or may not have been applied/,
    )
  })
})
