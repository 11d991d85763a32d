import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { formatReplayToken, parseReplayToken, randomSeed, validateSeed } from './seed.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return hasErrorCode(error, 'CONFIG_INVALID') ? error.code : String(error)
  }
  return undefined
}

describe('seeds and replay tokens', () => {
  it('reads a bare seed and a seed with a counterexample path', () => {
    expect(parseReplayToken('42')).toEqual({ seed: 42 })
    expect(parseReplayToken('-7/3:0:12')).toEqual({ seed: -7, path: '3:0:12' })
  })

  it('round-trips through formatReplayToken', () => {
    for (const token of [{ seed: 1 }, { seed: 2_000_000, path: '1:2' }]) {
      expect(parseReplayToken(formatReplayToken(token))).toEqual(token)
    }
  })

  it('rejects anything else with CONFIG_INVALID', () => {
    for (const bad of ['', 'abc', '1.5', '42/', '42/a:b', '99999999999', '3000000000']) {
      expect(
        codeOf(() => parseReplayToken(bad)),
        bad,
      ).toBe('CONFIG_INVALID')
    }
    expect(codeOf(() => validateSeed(Number.NaN))).toBe('CONFIG_INVALID')
  })

  it('makes seeds fast-check accepts', () => {
    const seed = randomSeed()
    expect(validateSeed(seed)).toBe(seed)
  })
})
