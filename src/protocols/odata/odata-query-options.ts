import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { SortNode } from '../../kernel/spec/query-ast.js'
import type { ODataEntityType, ODataModel, ODataNavigation } from './odata-edm.js'
import { invalidRequest } from './odata-error-map.js'
import { translateFilterText } from './odata-filter-translator.js'
import { notImplemented } from './odata-literal-eval.js'
import { readCount, splitTopLevel } from './odata-query-string.js'
import type { ODataQueryString } from './odata-query-string.js'

/** One expanded navigation property and what to do inside it. */
export interface ExpandPlan {
  readonly navigation: ODataNavigation
  readonly type: ODataEntityType
  /** Selected properties of the related entity (`undefined`: all). */
  readonly select: readonly string[] | undefined
  readonly expand: readonly ExpandPlan[]
  /** The kernel sub-query of the expansion (`fields`, `where`, `orderBy`, `expand`). */
  readonly query: Readonly<Record<string, unknown>>
}

/** What a read request asks for, translated. */
export interface ODataReadPlan {
  /** The kernel query, without paging (`where`, `orderBy`, `fields`, `expand`, `search`). */
  readonly query: Readonly<Record<string, unknown>>
  /** The `{ where, search }` part, for `$count`. */
  readonly countQuery: Readonly<Record<string, unknown>>
  readonly select: readonly string[] | undefined
  readonly expand: readonly ExpandPlan[]
  readonly top: number | undefined
  readonly skip: number | undefined
  readonly count: boolean
}

/** What translating options needs besides the options themselves. */
export interface ReadPlanContext {
  readonly model: ODataModel
  readonly aliases: ReadonlyMap<string, string>
  readonly now: Date
  /** Deepest `$expand` nesting (the kernel's limit, 3). */
  readonly maxExpandDepth: number
}

function unknownProperty(type: ODataEntityType, name: string, option: string): ObjectQLError {
  return new ObjectQLError('INVALID_FIELD', `${option}: '${type.name}' has no property '${name}'`, {
    details: { option, object: type.name, fields: [name] },
  })
}

/** `$select`: property and navigation names, or `*`. */
function readSelect(text: string, type: ODataEntityType, option: string): string[] | undefined {
  const items = splitTopLevel(text, ',', option)
  if (items.includes('*')) return undefined
  const selected: string[] = []
  for (const item of items) {
    if (item === '') throw invalidRequest(`${option} has an empty item`, option)
    if (item.includes('/') || item.includes('.') || item.includes('(')) {
      throw notImplemented(`selecting '${item}'`, option)
    }
    if (!type.properties.has(item) && !type.navigations.has(item)) {
      throw unknownProperty(type, item, option)
    }
    if (!selected.includes(item)) selected.push(item)
  }
  return selected
}

/** `$orderby`: `property [asc|desc]` items (expressions and paths are 501). */
function readOrderBy(text: string, type: ODataEntityType, option: string): SortNode[] {
  return splitTopLevel(text, ',', option).map((item) => {
    const match = /^(\S+?)(?:\s+(asc|desc))?$/i.exec(item)
    if (match === null) {
      throw notImplemented(`ordering by the expression '${item}'`, option)
    }
    const path = (match[1] ?? '').replace(/^\$it\//, '')
    const property = type.properties.get(path)
    if (property === undefined) {
      if (type.navigations.has(path) || /[/()]/.test(path)) {
        throw notImplemented(`ordering by '${path}'`, option)
      }
      throw unknownProperty(type, path, option)
    }
    if (property.collection || property.kind === 'untyped') {
      throw new ObjectQLError('INVALID_QUERY', `${option}: '${path}' has no order`, {
        details: { option, field: path },
      })
    }
    return { field: path, order: (match[2] ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc' }
  })
}

/**
 * `$search`: words and "phrases", implicitly ANDed, passed to the kernel's full-text search
 * (drivers without it answer 501). `OR`, `NOT` and parentheses are 501.
 */
export function readSearch(text: string): string {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[^\s()]+|[()]/g) ?? []
  const words: string[] = []
  for (const token of tokens) {
    if (token === 'OR' || token === 'NOT' || token === '(' || token === ')') {
      throw notImplemented(`'${token}' in $search`, '$search')
    }
    if (token === 'AND') continue
    words.push(token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token)
  }
  const query = words.join(' ').trim()
  if (query === '') throw invalidRequest('$search is empty', '$search')
  return query
}

interface Level {
  readonly select: readonly string[] | undefined
  readonly query: Record<string, unknown>
  readonly expand: readonly ExpandPlan[]
}

function readLevel(
  options: ReadonlyMap<string, string>,
  type: ODataEntityType,
  ctx: ReadPlanContext,
  depth: number,
  prefix: string,
): Level {
  const query: Record<string, unknown> = {}
  const filter = options.get('filter')
  if (filter !== undefined) {
    const option = `${prefix}$filter`
    const where = translateFilterText(filter, { type, aliases: ctx.aliases, now: ctx.now, option })
    if (where !== undefined) query['where'] = where
  }
  const orderBy = options.get('orderby')
  if (orderBy !== undefined) query['orderBy'] = readOrderBy(orderBy, type, `${prefix}$orderby`)
  const selectText = options.get('select')
  const select =
    selectText === undefined ? undefined : readSelect(selectText, type, `${prefix}$select`)
  if (select !== undefined) {
    query['fields'] = ['id', ...select.filter((name) => type.properties.has(name) && name !== 'id')]
  }
  const expandText = options.get('expand')
  const expand =
    expandText === undefined ? [] : readExpand(expandText, type, ctx, depth + 1, `${prefix}$expand`)
  if (expand.length > 0) {
    query['expand'] = Object.fromEntries(expand.map((plan) => [plan.navigation.field, plan.query]))
  }
  return { select, query, expand }
}

const NESTED_SUPPORTED = new Set(['select', 'filter', 'orderby', 'expand'])
const NESTED_UNSUPPORTED = new Set(['top', 'skip', 'count', 'search', 'levels', 'apply', 'compute'])

function readExpand(
  text: string,
  type: ODataEntityType,
  ctx: ReadPlanContext,
  depth: number,
  option: string,
): ExpandPlan[] {
  if (depth > ctx.maxExpandDepth) {
    throw new ObjectQLError(
      'LIMIT_EXCEEDED',
      `${option} is nested deeper than ${ctx.maxExpandDepth} levels`,
      {
        details: { option, limit: 'maxExpandDepth', max: ctx.maxExpandDepth },
      },
    )
  }
  const plans: ExpandPlan[] = []
  for (const item of splitTopLevel(text, ',', option)) {
    const match = /^([^()]+?)\s*(?:\((.*)\))?$/s.exec(item)
    if (match === null || item === '')
      throw invalidRequest(`${option} has a malformed item '${item}'`, option)
    const path = (match[1] ?? '').trim()
    const inner = match[2]
    const navigations =
      path === '*' ? [...type.navigations.values()] : [navigationOf(type, path, option)]
    const options = new Map<string, string>()
    for (const part of inner === undefined || inner.trim() === ''
      ? []
      : splitTopLevel(inner, ';', option)) {
      const eq = part.indexOf('=')
      const name = (eq < 0 ? part : part.slice(0, eq)).trim().replace(/^\$/, '').toLowerCase()
      if (NESTED_UNSUPPORTED.has(name)) throw notImplemented(`$${name} inside $expand`, option)
      if (!NESTED_SUPPORTED.has(name) || eq < 0)
        throw invalidRequest(`${option}: unknown option '${part}'`, option)
      if (options.has(name)) throw invalidRequest(`${option}: $${name} is given twice`, option)
      options.set(name, part.slice(eq + 1))
    }
    for (const navigation of navigations) {
      if (plans.some((plan) => plan.navigation.name === navigation.name)) {
        throw invalidRequest(`${option}: '${navigation.name}' is expanded twice`, option)
      }
      const target = ctx.model.types.get(navigation.target)
      if (target === undefined) throw unknownProperty(type, navigation.name, option)
      const level = readLevel(options, target, ctx, depth, `${option}(${navigation.name})/`)
      plans.push({
        navigation,
        type: target,
        select: level.select,
        expand: level.expand,
        query: level.query,
      })
    }
  }
  return plans
}

function navigationOf(type: ODataEntityType, path: string, option: string): ODataNavigation {
  if (path.includes('/') || path.includes('.')) throw notImplemented(`expanding '${path}'`, option)
  const navigation = type.navigations.get(path)
  if (navigation !== undefined) return navigation
  if (type.properties.has(path)) {
    throw new ObjectQLError('INVALID_QUERY', `${option}: '${path}' is not a navigation property`, {
      details: { option, field: path },
    })
  }
  throw unknownProperty(type, path, option)
}

/**
 * Translates the system query options of a read on `type` into a kernel query and the shape
 * of the answer: `$filter` (odata-filter-translator.ts), `$select`, `$orderby`, `$expand` with
 * nested `$select`/`$filter`/`$orderby`/`$expand`, `$top`, `$skip`, `$count`, `$search`.
 */
export function readPlan(
  options: ODataQueryString,
  type: ODataEntityType,
  ctx: ReadPlanContext,
): ODataReadPlan {
  const level = readLevel(options.system, type, ctx, 0, '')
  const search = options.system.get('search')
  const query: Record<string, unknown> = { ...level.query }
  if (search !== undefined) query['search'] = readSearch(search)
  const countText = options.system.get('count')
  if (countText !== undefined && countText !== 'true' && countText !== 'false') {
    throw invalidRequest('$count must be true or false', '$count')
  }
  const top = options.system.get('top')
  const skip = options.system.get('skip')
  return {
    query,
    countQuery: {
      ...(query['where'] === undefined ? {} : { where: query['where'] }),
      ...(query['search'] === undefined ? {} : { search: query['search'] }),
    },
    select: level.select,
    expand: level.expand,
    top: top === undefined ? undefined : readCount(top, '$top'),
    skip: skip === undefined ? undefined : readCount(skip, '$skip'),
    count: countText === 'true',
  }
}

/**
 * Shapes a record the kernel expanded into OData's form: the lookup field keeps the id, the
 * navigation property (`<field>_ref`) holds the related entity (null when there is none or it
 * was filtered out), and `$select` keeps only the selected properties (plus the key). Given the
 * entity `type`, a property the record lacks is sent as null: drivers may store null as
 * missing, but OData leaves a null property out only under `omit-values=nulls` (JSON Format
 * §7.1, Part 1 §8.2.8.6).
 */
export function shapeRecord(
  record: DataRecord,
  select: readonly string[] | undefined,
  expand: readonly ExpandPlan[],
  type?: ODataEntityType,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record }
  for (const plan of expand) {
    const { field, name, collection } = plan.navigation
    const value = record[field]
    const shape = (item: unknown) =>
      shapeRecord(item as DataRecord, plan.select, plan.expand, plan.type)
    const isEntity = (item: unknown) => typeof item === 'object' && item !== null
    if (collection) {
      const items = Array.isArray(value) ? value : []
      out[name] = items.filter(isEntity).map(shape)
      out[field] = Array.isArray(value)
        ? items.map((item) => (isEntity(item) ? (item as DataRecord).id : item))
        : value
    } else {
      out[name] = isEntity(value) ? shape(value) : null
      out[field] = isEntity(value) ? (value as DataRecord).id : value
    }
  }
  if (select !== undefined) {
    const keep = new Set(['id', ...select, ...expand.map((plan) => plan.navigation.name)])
    for (const key of Object.keys(out)) if (!keep.has(key)) delete out[key]
  }
  if (type !== undefined) {
    for (const name of type.properties.keys()) {
      if (!(name in out) && (select === undefined || select.includes(name))) out[name] = null
    }
  }
  return out
}
