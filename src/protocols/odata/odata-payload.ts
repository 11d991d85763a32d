import { ObjectQLError } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { ODataEntityType } from './odata-edm.js'
import { invalidRequest } from './odata-error-map.js'
import { notImplemented } from './odata-literal-eval.js'
import { parseKey } from './odata-path.js'
import { decodeComponent } from './odata-query-string.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The id an `@odata.bind` value names: `Set('id')`, `/root/Set('id')` or an absolute URL. */
function boundId(value: unknown, target: string, property: string): string {
  if (typeof value !== 'string') throw invalidRequest(`${property} must be an entity URL`, property)
  const path = value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '')
  const segment =
    path
      .split('/')
      .filter((part) => part !== '')
      .pop() ?? ''
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(decodeComponent(segment, property))
  if (match === null || match[1] !== target) {
    throw invalidRequest(`${property} must name an entity of '${target}', got '${value}'`, property)
  }
  return parseKey(match[2] ?? '')
}

/**
 * Turns an OData request body into the record data the kernel takes: instance and property
 * annotations (`@odata.type`, `title@odata.x`) are control information and dropped,
 * `nav@odata.bind` sets the lookup field from an entity URL (`"project_ref@odata.bind":
 * "projects('p1')"`), and a navigation property given inline (deep insert or update) is 501.
 * Everything else passes through; the kernel rejects unknown fields and misfit values.
 *
 * @param key - the entity's key from the URL; a different `id` in the body is a 400.
 */
export function payloadToData(
  body: unknown,
  type: ODataEntityType,
  key?: string,
): Record<string, unknown> {
  if (body === undefined) throw invalidRequest('the request has no body', 'body')
  if (!isRecord(body)) throw invalidRequest('the request body must be a JSON object', 'body')
  const data: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(body)) {
    const at = name.indexOf('@')
    if (at === 0) continue
    if (at > 0) {
      const property = name.slice(0, at)
      if (name.slice(at) !== '@odata.bind') continue
      const nav = type.navigations.get(property)
      if (nav === undefined)
        throw invalidRequest(`'${property}' is not a navigation property`, name)
      data[nav.field] = nav.collection
        ? (Array.isArray(value) ? value : [value]).map((item) => boundId(item, nav.target, name))
        : boundId(value, nav.target, name)
      continue
    }
    if (type.navigations.has(name))
      throw notImplemented(`deep insert or update of '${name}'`, 'body')
    data[name] = value
  }
  if (key !== undefined && Object.hasOwn(data, 'id') && data['id'] !== key) {
    throw new ObjectQLError('INVALID_REQUEST', `the body's id differs from the key '${key}'`, {
      details: { target: 'id' },
    })
  }
  return data
}

/**
 * PUT replaces: the record becomes what a create with this body would store, so a declared
 * field the body leaves out takes its `defaultValue`, or null.
 */
export function replacementData(
  object: ObjectConfig,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data }
  for (const [name, field] of Object.entries(object.fields)) {
    if (Object.hasOwn(out, name) || name === 'id' || name === 'created_at' || name === 'updated_at')
      continue
    out[name] = field.defaultValue === undefined ? null : structuredClone(field.defaultValue)
  }
  return out
}
