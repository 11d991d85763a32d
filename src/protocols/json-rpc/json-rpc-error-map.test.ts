import { describe, expect, it } from 'vitest'
import { ERROR_CATALOG, ERROR_CODES, ObjectQLError } from '../../kernel/errors.js'
import { toJsonRpcError } from './json-rpc-error-map.js'

describe('JSON-RPC error map', () => {
  it('PRT-RPC every catalog code maps to a JSON-RPC code with the catalog code in data', () => {
    for (const code of ERROR_CODES) {
      const error = toJsonRpcError(new ObjectQLError(code, `failed: ${code}`))
      expect(Number.isInteger(error.code)).toBe(true)
      expect(error).toMatchObject({ message: `failed: ${code}`, data: { code } })
      // Only what the catalog calls a server failure (HTTP 500) looks like an internal error;
      // client-side and known application conditions (4xx, 501, 503) get their own codes.
      const internal = ERROR_CATALOG[code].status === 500
      expect(error.code === -32603, code).toBe(internal)
    }
  })

  it('uses -32602 for bad input and the server-error range for application errors', () => {
    for (const code of [
      'INVALID_FILTER',
      'INVALID_FIELD',
      'INVALID_QUERY',
      'VALIDATION_FAILED',
      'LIMIT_EXCEEDED',
    ] as const) {
      expect(toJsonRpcError(new ObjectQLError(code, 'x')).code).toBe(-32602)
    }
    for (const code of [
      'NOT_FOUND',
      'OBJECT_NOT_FOUND',
      'ACTION_NOT_FOUND',
      'DUPLICATE_RECORD',
    ] as const) {
      const mapped = toJsonRpcError(new ObjectQLError(code, 'x')).code
      expect(mapped >= -32099 && mapped <= -32000).toBe(true)
    }
    const details = toJsonRpcError(
      new ObjectQLError('VALIDATION_FAILED', 'x', { details: { errors: [] } }),
    )
    expect(details.data).toEqual({ code: 'VALIDATION_FAILED', details: { errors: [] } })
    expect(toJsonRpcError(new Error('secret'))).toEqual({
      code: -32603,
      message: 'Internal error',
      data: { code: 'INTERNAL_ERROR' },
    })
  })
})
