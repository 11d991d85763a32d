import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ERROR_CATALOG,
  ERROR_CODES,
  ObjectQLError,
  hasErrorCode,
  isObjectQLError,
  toObjectQLError,
} from './errors.js'

interface DocRow {
  readonly code: string
  readonly status: number
  readonly transient: boolean
  readonly description: string
}

/** Reads the error table under the README's "## Errors" heading. */
function readmeRows(): DocRow[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.split(/^## Errors$/m)[1]?.split(/^## /m)[0] ?? ''
  return [...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (yes|no) \| (.+) \|$/gm)].map(
    (match) => ({
      code: match[1] ?? '',
      status: Number(match[2]),
      transient: match[3] === 'yes',
      description: match[4] ?? '',
    }),
  )
}

describe('error catalog', () => {
  it('the README table lists exactly the catalog codes, in order, with the same facts', () => {
    const catalogRows = ERROR_CODES.map((code) => ({ code, ...ERROR_CATALOG[code] }))
    expect(readmeRows()).toEqual(catalogRows)
  })

  it('derives status and transience from the code and keeps details and cause', () => {
    const cause = new Error('SQLSTATE 23505')
    const error = new ObjectQLError('DUPLICATE_RECORD', 'tasks/1 exists', {
      details: { id: '1' },
      cause,
    })
    expect(error).toBeInstanceOf(Error)
    expect(error.status).toBe(409)
    expect(error.transient).toBe(false)
    expect(error.details).toEqual({ id: '1' })
    expect(error.cause).toBe(cause)
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'DUPLICATE_RECORD',
      message: 'tasks/1 exists',
      status: 409,
      details: { id: '1' },
    })
  })

  it('recognises errors by brand, not by class identity', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('objectql-toolkit.error')]: true,
      code: 'NOT_FOUND',
    })
    expect(isObjectQLError(foreign)).toBe(true)
    expect(hasErrorCode(foreign, 'NOT_FOUND')).toBe(true)
    expect(hasErrorCode(foreign, 'DRIVER_ERROR')).toBe(false)
    expect(isObjectQLError(new Error('plain'))).toBe(false)
    expect(isObjectQLError(null)).toBe(false)
  })

  it('wraps unknown throwables with the original as cause and passes coded errors through', () => {
    const native = new TypeError('boom')
    const wrapped = toObjectQLError(native, 'DRIVER_ERROR')
    expect(wrapped.code).toBe('DRIVER_ERROR')
    expect(wrapped.message).toBe('boom')
    expect(wrapped.cause).toBe(native)
    const coded = new ObjectQLError('NOT_FOUND', 'gone')
    expect(toObjectQLError(coded)).toBe(coded)
    expect(toObjectQLError('text').code).toBe('INTERNAL_ERROR')
  })
})
