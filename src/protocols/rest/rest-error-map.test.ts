import { describe, expect, it } from 'vitest'
import { ERROR_CATALOG, ERROR_CODES, ObjectQLError } from '../../kernel/errors.js'
import { toRestError } from './rest-error-map.js'

describe('REST error map', () => {
  it('PRT-REST every catalog code keeps its code and catalog status', () => {
    for (const code of ERROR_CODES) {
      const response = toRestError(
        new ObjectQLError(code, `failed: ${code}`, { details: { n: 1 } }),
      )
      expect(response.status).toBe(ERROR_CATALOG[code].status)
      expect(response.body).toEqual({
        error: { code, message: `failed: ${code}`, details: { n: 1 } },
      })
    }
  })

  it('maps Fastify request errors to client errors and hides uncoded failures', () => {
    const tooLarge = Object.assign(new Error('too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    })
    expect(toRestError(tooLarge)).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    })
    const media = Object.assign(new Error('media'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    })
    expect(toRestError(media)).toMatchObject({
      status: 415,
      body: { error: { code: 'INVALID_REQUEST' } },
    })
    const other4xx = Object.assign(new Error('nope'), { statusCode: 406 })
    expect(toRestError(other4xx)).toMatchObject({
      status: 406,
      body: { error: { code: 'INVALID_REQUEST' } },
    })
    const crash = new TypeError('secret: cannot read x of undefined')
    const response = toRestError(crash)
    expect(response).toMatchObject({
      status: 500,
      body: { error: { code: 'INTERNAL_ERROR', message: 'internal error' } },
    })
    expect(response.error.cause).toBe(crash)
  })
})
