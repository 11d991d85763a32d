import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf16String } from './redis-driver.test-utils.js'
import {
  RedisKeyspace,
  checkKeyPrefix,
  decodeKeySegment,
  encodeKeySegment,
  escapeGlob,
  isWellFormed,
} from './redis-keys.js'

const SEED = 20_260_404

describe('redis key layout', () => {
  it('encodes segments injectively, without ":" and as well-formed unicode', () => {
    fc.assert(
      fc.property(utf16String(20), (value) => {
        const segment = encodeKeySegment(value)
        expect(segment).not.toContain(':')
        expect(isWellFormed(segment)).toBe(true)
        expect(decodeKeySegment(segment)).toBe(value)
      }),
      { seed: SEED, numRuns: 500 },
    )
    const clashing = [
      '\uD800',
      '\uDFFF',
      '\uFFFD',
      '%uD800',
      '%25',
      '%',
      ':',
      '%3A',
      'a:b',
      'a%3Ab',
    ]
    expect(new Set(clashing.map(encodeKeySegment)).size).toBe(clashing.length)
    expect(encodeKeySegment('\u{1F600}\u0000 *?')).toBe('\u{1F600}\u0000 *?') // pairs and NUL kept
  })

  it('builds every key of an object under <prefix>::<object>', () => {
    const keys = new RedisKeyspace('app:test')
    expect(keys.namespace('task')).toBe('app:test::task')
    expect(keys.recordKey('task', 'a:b')).toBe('app:test::task:rec:a%3Ab')
    expect(keys.idsKey('my:obj')).toBe('app:test::my%3Aobj:ids')
    expect(keys.indexKey('task', 'n')).toBe('app:test::task:idx:n')
    expect(keys.scanPattern()).toBe('app:test::*')
    expect(new RedisKeyspace('a*[b]?').scanPattern()).toBe('a\\*\\[b\\]\\?::*')
  })

  it('namespaces of different prefixes never overlap, even when one prefix starts the other', () => {
    const prefix = fc
      .array(fc.constantFrom('a', 'b', ':'), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join(''))
      .filter((p) => !p.includes('::') && !p.endsWith(':'))
    fc.assert(
      fc.property(prefix, prefix, fc.string(), fc.string(), (p, q, object, id) => {
        fc.pre(p !== q)
        const key = new RedisKeyspace(q).recordKey(object, id)
        expect(key.startsWith(`${p}::`)).toBe(false)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('refuses prefixes that would break the layout', () => {
    for (const bad of ['', 'a::b', 'a:', '\uD800', 'x'.repeat(201), 5]) {
      expect(() => checkKeyPrefix(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
    }
    expect(checkKeyPrefix('objectql-test:1:abc')).toBe('objectql-test:1:abc')
  })

  it('escapes glob characters for SCAN MATCH', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f')
  })
})
