import type { ValidationIssue } from './field-value-check.js'

// In a `u` regex, paired surrogates form one astral code point; only a lone one is `Cs`.
const LONE_SURROGATE = /\p{Cs}/u

/**
 * True when `id` is well-formed Unicode, i.e. holds no lone UTF-16 surrogate. Only such a string
 * has a UTF-8 form, so only such an id can be put in a URL (`encodeURIComponent` throws on a
 * lone surrogate) or sent in a UTF-8 body without turning into U+FFFD. Emoji and other astral
 * characters (paired surrogates) are well-formed.
 */
export function isWellFormedId(id: string): boolean {
  return !LONE_SURROGATE.test(id)
}

/**
 * The problem with an `id` given to a create, or undefined when the kernel keeps it: it must be
 * a non-empty, well-formed string (KRN-ID-002), so every protocol can address the record.
 */
export function newIdIssue(id: unknown): ValidationIssue | undefined {
  if (typeof id !== 'string' || id === '') {
    return { field: 'id', rule: 'type', message: `'id' must be a non-empty string` }
  }
  if (!isWellFormedId(id)) {
    return {
      field: 'id',
      rule: 'type',
      message: `'id' must be well-formed Unicode (no lone surrogates) so a URL can address it`,
    }
  }
  return undefined
}
