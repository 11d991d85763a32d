/**
 * Text encodings that make SQL storage exact.
 *
 * PostgreSQL `text` cannot hold U+0000. Strings bound for PostgreSQL therefore rewrite U+0000,
 * U+0001 and U+0002 as the four-character code words `\1\1\1\2`, `\1\1\2\2` and `\1\2\2\2`
 * (other characters stay as they are). The code words are a comma-free code: a code word can
 * only occur at a code word boundary, so substring, prefix and suffix tests on encoded text give
 * exactly the answers they give on the original; the words are ordered like the characters they
 * stand for and sort below every other character, so byte order (COLLATE "C") is still code
 * point order; and equality is untouched. Strings without those three characters, i.e. nearly
 * all, are stored unchanged.
 *
 * Tagged scalars (a select without options, an untyped formula) hold strings, numbers or
 * booleans in one text column: `b:0`/`b:1`, `n:` + 16 hex digits of the float64 with its order
 * made unsigned, `s:` + the string. Text order of the encodings is value order within each type.
 */

// Matching control characters is the point of these expressions.
// eslint-disable-next-line no-control-regex
const NEEDS_NUL_CODE = /[\u0000-\u0002]/
// eslint-disable-next-line no-control-regex
const CODE_WORD = /\u0001([\u0001\u0002]{3})/g
// eslint-disable-next-line no-control-regex
const NUL_CODE_CHARS = /[\u0000-\u0002]/g
const ENCODE: Readonly<Record<string, string>> = {
  '\u0000': '\u0001\u0001\u0001\u0002',
  '\u0001': '\u0001\u0001\u0002\u0002',
  '\u0002': '\u0001\u0002\u0002\u0002',
}
const DECODE: Readonly<Record<string, string>> = {
  '\u0001\u0001\u0002': '\u0000',
  '\u0001\u0002\u0002': '\u0001',
  '\u0002\u0002\u0002': '\u0002',
}

/** Rewrites U+0000..U+0002 as comma-free code words (see the module comment). */
export function encodeNul(text: string): string {
  if (!NEEDS_NUL_CODE.test(text)) return text
  return text.replace(NUL_CODE_CHARS, (char) => ENCODE[char] ?? char)
}

/** Reverses {@link encodeNul}. Text that was not encoded by it comes back unchanged. */
export function decodeNul(text: string): string {
  if (!text.includes('\u0001')) return text
  return text.replace(CODE_WORD, (word, tail: string) => DECODE[tail] ?? word)
}

/** A scalar a tagged column holds. */
export type TaggedScalar = string | number | boolean

/** The prefix of string values in a tagged column. */
export const TAGGED_STRING_PREFIX = 's:'

/** Encodes a scalar for a tagged column; `text` transforms the string part (NUL coding). */
export function encodeTagged(value: TaggedScalar, text: (s: string) => string): string {
  if (typeof value === 'boolean') return value ? 'b:1' : 'b:0'
  if (typeof value === 'number') return `n:${sortableNumber(value)}`
  return TAGGED_STRING_PREFIX + text(value)
}

/** Decodes a tagged column value; `text` reverses the string transform. */
export function decodeTagged(stored: string, text: (s: string) => string): TaggedScalar {
  const tag = stored.slice(0, 2)
  if (tag === 'b:') return stored === 'b:1'
  if (tag === 'n:') return numberFromSortable(stored.slice(2))
  if (tag === TAGGED_STRING_PREFIX) return text(stored.slice(2))
  // Written by someone else: keep the text rather than guess.
  return text(stored)
}

const view = new DataView(new ArrayBuffer(8))

// IEEE-754 doubles compare like sign-magnitude integers; flipping the sign bit of positives and
// every bit of negatives makes them compare like unsigned integers, i.e. like hex text.
function sortableNumber(value: number): string {
  view.setFloat64(0, value === 0 ? 0 : value)
  let high = view.getUint32(0)
  let low = view.getUint32(4)
  if (high & 0x80000000) {
    high = ~high >>> 0
    low = ~low >>> 0
  } else {
    high = (high | 0x80000000) >>> 0
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0')
}

function numberFromSortable(hex: string): number {
  let high = Number.parseInt(hex.slice(0, 8), 16) >>> 0
  let low = Number.parseInt(hex.slice(8, 16), 16) >>> 0
  if (high & 0x80000000) {
    high = (high & 0x7fffffff) >>> 0
  } else {
    high = ~high >>> 0
    low = ~low >>> 0
  }
  view.setUint32(0, high)
  view.setUint32(4, low)
  return view.getFloat64(0)
}

/** Escapes a literal for `LIKE ... ESCAPE '!'` (`[` too, for SQL Server's character classes). */
export function escapeLike(text: string): string {
  return text.replace(/[!%_[]/g, '!$&')
}
