import { ObjectQLError } from '../../kernel/errors.js'
import { invalidRequest } from './odata-error-map.js'

/** The system query options this service reads (names without `$`, lower-case). */
export const SUPPORTED_OPTIONS = [
  'filter',
  'select',
  'orderby',
  'top',
  'skip',
  'count',
  'expand',
  'search',
  'format',
] as const

/** System query options OData defines that this service does not implement (501). */
const UNSUPPORTED_OPTIONS = [
  'apply',
  'compute',
  'index',
  'schemaversion',
  'skiptoken',
  'deltatoken',
  'id',
  'levels',
]

/** A system query option name. */
export type SystemOption = (typeof SUPPORTED_OPTIONS)[number]

/** A request's query string, split by kind. */
export interface ODataQueryString {
  /** System query options by name (lower-case, without `$`). */
  readonly system: ReadonlyMap<SystemOption, string>
  /** Parameter aliases (`@p=...`) by name without `@`. */
  readonly aliases: ReadonlyMap<string, string>
}

const KNOWN = new Set<string>(SUPPORTED_OPTIONS)

/**
 * Decodes one query-string component with RFC 3986 rules: `%XX` escapes only. A `+` stays a
 * plus, so a date-time offset like `+01:00` survives (form encoding would make it a space).
 */
export function decodeComponent(text: string, what: string): string {
  try {
    return decodeURIComponent(text)
  } catch (cause) {
    throw new ObjectQLError('INVALID_REQUEST', `malformed percent-encoding in ${what}`, {
      details: { target: what },
      cause,
    })
  }
}

/**
 * Splits a raw query string (without `?`) into system query options and parameter aliases.
 * System options are matched case-insensitively, with or without `$` (OData 4.01); a system
 * option given twice is a 400; unknown `$` options are 400; options OData defines but this
 * service does not implement (`$apply`, `$compute`, `$skiptoken`, `$levels`, ...) are 501.
 * Custom options (no `$`, not a system option name) are ignored, as OData allows.
 */
export function readQueryString(raw: string): ODataQueryString {
  const system = new Map<SystemOption, string>()
  const aliases = new Map<string, string>()
  if (raw === '') return { system, aliases }
  for (const pair of raw.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const rawName = eq < 0 ? pair : pair.slice(0, eq)
    const name = decodeComponent(rawName, 'the query string')
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), name)
    if (name.startsWith('@')) {
      if (aliases.has(name.slice(1))) throw invalidRequest(`alias ${name} is given twice`, name)
      aliases.set(name.slice(1), value)
      continue
    }
    const bare = (name.startsWith('$') ? name.slice(1) : name).toLowerCase()
    if (KNOWN.has(bare)) {
      const option = bare as SystemOption
      if (system.has(option)) throw invalidRequest(`$${bare} is given more than once`, `$${bare}`)
      system.set(option, value)
    } else if (name.startsWith('$') && UNSUPPORTED_OPTIONS.includes(bare)) {
      throw new ObjectQLError('NOT_SUPPORTED', `$${bare} is not supported`, {
        details: { option: `$${bare}` },
      })
    } else if (name.startsWith('$')) {
      throw invalidRequest(`unknown system query option ${name}`, name)
    }
  }
  return { system, aliases }
}

/**
 * Splits `text` at top-level occurrences of `separator`, ignoring separators inside
 * parentheses and single-quoted strings (`a,b(c,d),'e,f'` gives three items).
 */
export function splitTopLevel(text: string, separator: string, what: string): string[] {
  const items: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === "'") quoted = !quoted
    else if (quoted) continue
    else if (c === '(') depth++
    else if (c === ')') {
      depth--
      if (depth < 0) throw invalidRequest(`unbalanced ')' in ${what}`, what)
    } else if (c === separator && depth === 0) {
      items.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (depth !== 0 || quoted)
    throw invalidRequest(`unbalanced parentheses or quotes in ${what}`, what)
  items.push(text.slice(start))
  return items.map((item) => item.trim())
}

/** A non-negative integer option (`$top`, `$skip`). */
export function readCount(value: string, option: string): number {
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw new ObjectQLError('INVALID_QUERY', `${option} must be a non-negative integer`, {
      details: { option, value },
    })
  }
  return Number(value.trim())
}
