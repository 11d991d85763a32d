import { ObjectQLError } from '../../kernel/errors.js'

/**
 * The key layout of the Redis driver. Every key of one driver lives under `<prefix>::`:
 *
 * | key | type | holds |
 * |---|---|---|
 * | `<prefix>::<object>:rec:<id>` | string | one record as JSON (see redis-record-codec.ts) |
 * | `<prefix>::<object>:ids` | sorted set | every id of the object, scored by creation sequence |
 * | `<prefix>::<object>:seq` | string | a counter: creation sequence and write version |
 * | `<prefix>::<object>:idx:<field>` | sorted set | ids scored by a numeric field (indexed fields) |
 * | `<prefix>::<object>:idxdef` | string | JSON list of the indexed fields the sets above hold |
 *
 * `<object>`, `<id>` and `<field>` are encoded with {@link encodeKeySegment}, so they never hold
 * `:` and any id (with `:`, `%`, NUL, lone surrogates) maps to exactly one key. The prefix is
 * ended by `::`, which a valid prefix never contains or ends with ({@link checkKeyPrefix}): so the
 * namespaces of two different prefixes are disjoint even when one prefix starts with the other
 * (`app` and `app:tenant1`), and `clear()` of one can never touch the other.
 */

// A lone surrogate (a high one not followed by a low one, or a low one not preceded by a high
// one) has no UTF-8 form: ioredis would send U+FFFD and two different ids would share one key.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const SEGMENT_ESCAPES =
  /[%:]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const ESCAPED = /%(25|3A|u[0-9A-F]{4})/g

/**
 * Encodes an object name, id or field name as one key segment: `%` becomes `%25`, `:` becomes
 * `%3A` and a lone surrogate `%uXXXX`; everything else (NUL, quotes, emoji, glob characters) is
 * kept, since Redis keys are binary-safe. The encoding is injective ({@link decodeKeySegment}
 * inverts it) and the result is well-formed Unicode, so it survives UTF-8 exactly.
 */
export function encodeKeySegment(value: string): string {
  return value.replace(SEGMENT_ESCAPES, (char) => {
    if (char === '%') return '%25'
    if (char === ':') return '%3A'
    return `%u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  })
}

/** Inverts {@link encodeKeySegment}. */
export function decodeKeySegment(segment: string): string {
  return segment.replace(ESCAPED, (_match, code: string) => {
    if (code === '25') return '%'
    if (code === '3A') return ':'
    return String.fromCharCode(Number.parseInt(code.slice(1), 16))
  })
}

/** True when the string has no lone surrogate, i.e. it has an exact UTF-8 form. */
export function isWellFormed(value: string): boolean {
  LONE_SURROGATE.lastIndex = 0
  return !LONE_SURROGATE.test(value)
}

/** The longest accepted key prefix; keys stay short enough to read in `redis-cli`. */
export const MAX_KEY_PREFIX_LENGTH = 200

/**
 * Checks a key prefix: a non-empty, well-formed string of at most
 * {@link MAX_KEY_PREFIX_LENGTH} characters that neither contains `::` nor ends with `:`
 * (see the module comment for why).
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the problem.
 */
export function checkKeyPrefix(prefix: unknown): string {
  const problem =
    typeof prefix !== 'string'
      ? 'must be a string'
      : prefix === ''
        ? 'must not be empty'
        : prefix.length > MAX_KEY_PREFIX_LENGTH
          ? `must be at most ${MAX_KEY_PREFIX_LENGTH} characters`
          : prefix.includes('::') || prefix.endsWith(':')
            ? "must not contain '::' or end with ':' (the driver appends '::')"
            : !isWellFormed(prefix)
              ? 'must be well-formed Unicode (no lone surrogates)'
              : undefined
  if (problem !== undefined) {
    throw new ObjectQLError('CONFIG_INVALID', `redis driver keyPrefix ${problem}`, {
      details: { keyPrefix: String(prefix) },
    })
  }
  return prefix as string
}

/** Escapes Redis glob characters (`* ? [ ] \`) so a SCAN pattern matches them literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`)
}

/** The keys of one driver (one prefix). Scripts derive per-record keys from {@link namespace}. */
export class RedisKeyspace {
  readonly prefix: string

  constructor(prefix: string) {
    this.prefix = checkKeyPrefix(prefix)
  }

  /** `<prefix>::<object>`: every key of the object starts with this plus `:`. */
  namespace(object: string): string {
    return `${this.prefix}::${encodeKeySegment(object)}`
  }

  /** The sorted-set member (and record key suffix) of an id. */
  member(id: string): string {
    return encodeKeySegment(id)
  }

  /** The string key holding one record's JSON. */
  recordKey(object: string, id: string): string {
    return `${this.namespace(object)}:rec:${this.member(id)}`
  }

  /** The sorted set of an object's ids, scored by creation sequence. */
  idsKey(object: string): string {
    return `${this.namespace(object)}:ids`
  }

  /** The counter that orders creations and versions the object's writes. */
  seqKey(object: string): string {
    return `${this.namespace(object)}:seq`
  }

  /** The sorted set indexing a numeric field (ids scored by the field's value). */
  indexKey(object: string, field: string): string {
    return `${this.namespace(object)}:idx:${encodeKeySegment(field)}`
  }

  /** The JSON list of the fields the object's index sets hold. */
  indexDefKey(object: string): string {
    return `${this.namespace(object)}:idxdef`
  }

  /** A SCAN pattern matching every key of this prefix and nothing else. */
  scanPattern(): string {
    return `${escapeGlob(this.prefix)}::*`
  }
}
