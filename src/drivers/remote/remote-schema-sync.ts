import { ObjectQLError } from '../../kernel/errors.js'
import type { IntrospectedSchema, IntrospectedTable } from '../../kernel/driver/driver.js'
import type { FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'
import type { RemoteSchemaMode } from './remote-driver-config.js'
import type { RemoteHttpClient } from './remote-http-client.js'
import { metadataPath } from './remote-query-encoder.js'

/**
 * `syncSchema` and `introspectSchema` over the REST protocol's metadata routes. The server's
 * kernel owns the schema; the client either checks that it agrees (`verify`) or, where the
 * server allows it, sends its definitions (`register`, `PUT /api/metadata/objects/:name`).
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The server's definition of an object, checked for the shape every definition has. */
function asObjectConfig(body: unknown, name: string): ObjectConfig {
  if (!isRecord(body) || body['name'] !== name || !isRecord(body['fields'])) {
    throw new ObjectQLError(
      'DRIVER_ERROR',
      `the server's metadata of '${name}' is not an object definition`,
      { details: { object: name } },
    )
  }
  return body as ObjectConfig
}

/** Reads the server's definition of `name`. @throws ObjectQLError `OBJECT_NOT_FOUND`. */
export async function fetchObject(client: RemoteHttpClient, name: string): Promise<ObjectConfig> {
  return asObjectConfig(await client.request({ method: 'GET', path: metadataPath(name) }), name)
}

/** How the client's field differs from the server's, or undefined when they agree. */
function fieldProblem(name: string, local: FieldConfig, remote: unknown): string | undefined {
  if (!isRecord(remote)) return `field '${name}' is not declared on the server`
  if (remote['type'] !== local.type) {
    return `field '${name}' is ${local.type} here but ${String(remote['type'])} on the server`
  }
  if ((remote['multiple'] === true) !== (local.multiple === true)) {
    return `field '${name}' is ${local.multiple === true ? '' : 'not '}multiple here; the server disagrees`
  }
  return undefined
}

/** Checks that the server declares `object` with every field the client declares. */
async function verifyObject(client: RemoteHttpClient, object: ObjectConfig): Promise<void> {
  const remote = await fetchObject(client, object.name)
  const problems = Object.entries(object.fields)
    .map(([name, field]) => fieldProblem(name, field, remote.fields[name]))
    .filter((problem): problem is string => problem !== undefined)
  if (problems.length > 0) {
    throw new ObjectQLError(
      'METADATA_INVALID',
      `object '${object.name}' differs on the server: ${problems.join('; ')}`,
      { details: { object: object.name, problems } },
    )
  }
}

/**
 * Makes the server agree with `objects`, one object at a time, in order.
 *
 * @throws ObjectQLError `OBJECT_NOT_FOUND` / `METADATA_INVALID` (verify); in register mode the
 *   server's code (`METADATA_INVALID` for a bad definition) or `NOT_SUPPORTED` when the server
 *   does not enable the route.
 */
export async function syncRemoteSchema(
  client: RemoteHttpClient,
  objects: readonly ObjectConfig[],
  mode: RemoteSchemaMode,
): Promise<void> {
  for (const object of objects) {
    if (mode === 'verify') await verifyObject(client, object)
    else await registerObject(client, object)
  }
}

/**
 * `PUT /api/metadata/objects/:name`; a server without that route says so as `NOT_SUPPORTED`.
 * Servers answer that either 404 (no such route) or, as RFC 9110 prefers when the path exists
 * for other methods, 405 Method Not Allowed.
 */
async function registerObject(client: RemoteHttpClient, object: ObjectConfig): Promise<void> {
  const reply = await client.send({ method: 'PUT', path: metadataPath(object.name), body: object })
  if (reply.error !== undefined && (reply.status === 404 || reply.status === 405)) {
    throw new ObjectQLError(
      'NOT_SUPPORTED',
      `the server does not accept object definitions (PUT ${metadataPath(object.name)} is not enabled); use schema: 'verify'`,
      { cause: reply.error, details: { object: object.name } },
    )
  }
  if (reply.error !== undefined) throw reply.error
}

function tableOf(object: ObjectConfig): IntrospectedTable {
  const declared = Object.entries(object.fields).filter(([name]) => name !== 'id')
  return {
    name: object.name,
    columns: [
      { name: 'id', type: 'text', nullable: false, isPrimary: true, isUnique: true },
      ...declared.map(([name, field]) => ({
        name,
        type: field.multiple === true ? `${field.type}[]` : field.type,
        nullable: field.required !== true,
        ...(field.unique === true ? { isUnique: true } : {}),
        ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
        ...(field.defaultValue === undefined ? {} : { defaultValue: field.defaultValue }),
      })),
    ],
    foreignKeys: declared
      .filter(([, field]) => typeof field.reference === 'string')
      .map(([name, field]) => ({
        columnName: name,
        referencedTable: String(field.reference),
        referencedColumn: 'id',
      })),
    primaryKeys: ['id'],
  }
}

/** Every object the server declares, as upstream's `IntrospectedSchema` (types are field types). */
export async function introspectRemote(client: RemoteHttpClient): Promise<IntrospectedSchema> {
  const listed = await client.request({ method: 'GET', path: '/api/metadata/objects' })
  const items = isRecord(listed) ? listed['items'] : undefined
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new ObjectQLError('DRIVER_ERROR', 'the server did not list its objects as { items }')
  }
  const tables: Record<string, IntrospectedTable> = {}
  for (const name of items) tables[name] = tableOf(await fetchObject(client, name))
  return { tables }
}
