import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { jsonTextDepth, parseJsonBody } from './json-body-parser.js'
import { jsonDepth } from './protocol-limits.js'

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('parseJsonBody', () => {
  it('parses valid UTF-8 JSON, keeping unicode intact', () => {
    const text = JSON.stringify({ title: 'naïve 🚀 日本', n: [1, 2, { a: null }] })
    expect(parseJsonBody(Buffer.from(text, 'utf8'), 10)).toEqual(JSON.parse(text))
  })

  it('rejects invalid UTF-8 instead of replacing it with U+FFFD', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ])
    const error = thrown(() => parseJsonBody(bytes, 10))
    expect(hasErrorCode(error, 'INVALID_REQUEST')).toBe(true)
    expect((error as { details: Record<string, unknown> }).details['reason']).toBe('invalid_utf8')
  })

  it('rejects malformed JSON with INVALID_REQUEST', () => {
    for (const text of ['', '{', '{"a":1,}', "{'a':1}", 'NaN', '[1 2]']) {
      const error = thrown(() => parseJsonBody(Buffer.from(text), 10))
      expect(hasErrorCode(error, 'INVALID_REQUEST'), text).toBe(true)
    }
  })

  it('rejects nesting deeper than the limit with LIMIT_EXCEEDED before parsing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(
      hasErrorCode(
        thrown(() => parseJsonBody(deep, 32)),
        'LIMIT_EXCEEDED',
      ),
    ).toBe(true)
    const ok = '['.repeat(32) + ']'.repeat(32)
    expect(jsonDepth(parseJsonBody(ok, 32))).toBe(32)
  })

  it('rejects prototype keys anywhere in the body', () => {
    for (const text of ['{"__proto__":{"x":1}}', '{"a":[{"constructor":{"prototype":1}}]}']) {
      const error = thrown(() => parseJsonBody(text, 10))
      expect(hasErrorCode(error, 'INVALID_REQUEST'), text).toBe(true)
    }
  })

  it('jsonTextDepth agrees with the depth of the parsed value (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonTextDepth(JSON.stringify(value))).toBe(jsonDepth(value))
      }),
      { numRuns: 300, seed: 20240601 },
    )
  })
})
