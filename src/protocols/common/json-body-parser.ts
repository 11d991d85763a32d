import type { FastifyInstance } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'

// `fatal: true` makes invalid UTF-8 an error instead of silently becoming U+FFFD, so a client
// never stores text other than what it sent.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Keys that could reach an object's prototype when a body is later merged or spread. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Parses a request body as strict JSON: valid UTF-8, valid JSON, no prototype keys, and nesting
 * no deeper than `maxDepth`. Errors are coded: `INVALID_REQUEST` (with `details.reason`
 * `invalid_utf8`, `invalid_json` or `forbidden_key`) or `LIMIT_EXCEEDED`.
 */
export function parseJsonBody(body: Buffer | string, maxDepth: number): unknown {
  let text: string
  try {
    text = typeof body === 'string' ? body : STRICT_UTF8.decode(body)
  } catch (cause) {
    throw new ObjectQLError('INVALID_REQUEST', 'request body is not valid UTF-8', {
      details: { reason: 'invalid_utf8' },
      cause,
    })
  }
  const depth = jsonTextDepth(text, maxDepth)
  if (depth > maxDepth) {
    throw new ObjectQLError('LIMIT_EXCEEDED', `request body nests deeper than ${maxDepth} levels`, {
      details: { limit: 'maxDepth', max: maxDepth },
    })
  }
  let forbidden: string | undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key) && forbidden === undefined) forbidden = key
      return value
    })
  } catch (cause) {
    throw new ObjectQLError('INVALID_REQUEST', 'request body is not valid JSON', {
      details: { reason: 'invalid_json', message: cause instanceof Error ? cause.message : '' },
      cause,
    })
  }
  if (forbidden !== undefined) {
    throw new ObjectQLError('INVALID_REQUEST', `request body may not use the key "${forbidden}"`, {
      details: { reason: 'forbidden_key', key: forbidden },
    })
  }
  return parsed
}

/**
 * The bracket nesting depth of JSON text, ignoring brackets inside strings. Scanning the text
 * before `JSON.parse` keeps a hostile `[[[[...` body from ever reaching the recursive parser;
 * stops as soon as `limit` is passed. Malformed text is left for `JSON.parse` to reject.
 */
export function jsonTextDepth(text: string, limit = Number.MAX_SAFE_INTEGER): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > max) max = depth
      if (max > limit) return max
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return max
}

/**
 * Replaces the JSON parsers of `fastify`'s current (encapsulated) context with
 * {@link parseJsonBody}. An empty body parses to `undefined`, so handlers decide whether a body
 * is required. `contentTypes` defaults to JSON; `'*'` accepts any media type as JSON.
 */
export function registerStrictJsonParser(
  fastify: FastifyInstance,
  maxDepth: number,
  contentTypes: readonly string[] = ['application/json', 'application/merge-patch+json'],
): void {
  fastify.removeAllContentTypeParsers()
  for (const type of contentTypes) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => {
      try {
        done(null, body.length === 0 ? undefined : parseJsonBody(body, maxDepth))
      } catch (error) {
        done(error as Error, undefined)
      }
    })
  }
}
