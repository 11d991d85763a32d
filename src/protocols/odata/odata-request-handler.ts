import { ObjectQLError } from '../../kernel/errors.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { ODataDataPort } from './odata-data-port.js'
import type { ODataModel } from './odata-edm.js'
import { invalidRequest, toODataError } from './odata-error-map.js'
import type { ODataResponse } from './odata-format.js'
import { parseResourcePath } from './odata-path.js'
import { readQueryString } from './odata-query-string.js'
import {
  metadataDocument,
  readCollection,
  readCount,
  readEntity,
  readMember,
  serviceDocument,
} from './odata-read-handlers.js'
import type { ODataContext, ODataRequest } from './odata-request.js'
import { notImplemented } from './odata-literal-eval.js'
import { createEntity, deleteEntity, updateEntity } from './odata-write-handlers.js'

/** A request before parsing: what arrives over HTTP or inside a `$batch`. */
export interface RawODataRequest {
  readonly method: string
  /** The resource path below the service root, percent-encoded, without the query string. */
  readonly path: string
  /** The query string without `?`. */
  readonly rawQuery: string
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: unknown
}

/** What requests run against. */
export interface ODataEnvironment {
  readonly root: string
  readonly model: ODataModel
  readonly port: ODataDataPort
  readonly limits: ProtocolLimits
  readonly maxExpandDepth: number
  /** Answers `POST $batch` (absent inside a batch: batches do not nest). */
  readonly batch?: (request: RawODataRequest, version: '4.0' | '4.01') => Promise<ODataResponse>
}

/**
 * The response version from `OData-MaxVersion` (4.01 unless the client caps it at 4.0); a
 * client that accepts less than 4.0, or sends a payload of a version other than 4.0/4.01, is
 * refused with 400 (Part 1, "OData-Version" and "OData-MaxVersion").
 */
export function responseVersion(
  headers: Readonly<Record<string, string | undefined>>,
): '4.0' | '4.01' {
  const sent = headers['odata-version']
  if (sent !== undefined && !['4.0', '4.01'].includes(sent.trim())) {
    throw invalidRequest(`OData-Version ${sent} is not supported (4.0, 4.01)`, 'OData-Version')
  }
  const max = headers['odata-maxversion']
  if (max === undefined) return '4.01'
  const value = Number(max.trim())
  if (!Number.isFinite(value) || value < 4) {
    throw invalidRequest(
      `OData-MaxVersion ${max}: this service speaks OData 4.0 and 4.01`,
      'OData-MaxVersion',
    )
  }
  return value >= 4.01 ? '4.01' : '4.0'
}

function methodNotAllowed(method: string, allowed: string): never {
  throw new ObjectQLError(
    'INVALID_REQUEST',
    `${method} is not allowed here (allowed: ${allowed})`,
    {
      details: { target: 'method', httpStatus: 405, allow: allowed },
    },
  )
}

async function route(
  req: ODataRequest,
  ctx: ODataContext,
  env: ODataEnvironment,
  raw: RawODataRequest,
): Promise<ODataResponse> {
  const { method, resource } = req
  switch (resource.kind) {
    case 'service':
      if (method !== 'GET') methodNotAllowed(method, 'GET')
      return serviceDocument(req, ctx)
    case 'metadata':
      if (method !== 'GET') methodNotAllowed(method, 'GET')
      return metadataDocument(req, ctx)
    case 'batch':
      if (method !== 'POST') methodNotAllowed(method, 'POST')
      if (env.batch === undefined) throw invalidRequest('a $batch cannot contain a $batch', 'path')
      return env.batch(raw, ctx.version)
    case 'collection':
      if (method === 'GET') return readCollection(req, ctx, resource.set)
      if (method === 'POST') return createEntity(req, ctx, resource.set)
      return methodNotAllowed(method, 'GET, POST')
    case 'count':
      if (method !== 'GET') methodNotAllowed(method, 'GET')
      return readCount(req, ctx, resource.set)
    case 'entity':
      if (method === 'GET') return readEntity(req, ctx, resource.set, resource.key)
      if (method === 'PATCH' || method === 'PUT') {
        return updateEntity(req, ctx, resource.set, resource.key, method === 'PUT')
      }
      if (method === 'DELETE') return deleteEntity(req, ctx, resource.set, resource.key)
      return methodNotAllowed(method, 'GET, PATCH, PUT, DELETE')
    case 'member':
      if (method === 'GET') {
        return readMember(req, ctx, resource.set, resource.key, resource.member, resource.raw)
      }
      if (['PUT', 'PATCH', 'DELETE', 'POST'].includes(method)) {
        throw notImplemented(`${method} on a property or navigation property`, 'path')
      }
      return methodNotAllowed(method, 'GET')
  }
}

/**
 * Answers one OData request: negotiates the version, parses the resource path and the query
 * string, runs the handler, and turns any failure into OData's error body with the right
 * status. Never throws.
 */
export async function handleODataRequest(
  raw: RawODataRequest,
  env: ODataEnvironment,
): Promise<ODataResponse> {
  let version: '4.0' | '4.01' = '4.01'
  try {
    version = responseVersion(raw.headers)
    const req: ODataRequest = {
      method: raw.method.toUpperCase(),
      resource: parseResourcePath(raw.path),
      query: readQueryString(raw.rawQuery),
      rawQuery: raw.rawQuery,
      headers: raw.headers,
      body: raw.body,
    }
    const ctx: ODataContext = {
      root: env.root,
      model: env.model,
      port: env.port,
      limits: env.limits,
      now: new Date(),
      version,
      maxExpandDepth: env.maxExpandDepth,
    }
    return await route(req, ctx, env, raw)
  } catch (thrown) {
    return errorResponse(thrown, version)
  }
}

/** The OData error response for anything thrown. */
export function errorResponse(thrown: unknown, version: '4.0' | '4.01' = '4.01'): ODataResponse {
  const { status, body, error } = toODataError(thrown)
  const allow = error.details?.['allow']
  const headers: Record<string, string> = {
    'odata-version': version,
    'content-type': 'application/json;charset=utf-8',
  }
  if (typeof allow === 'string') headers['allow'] = allow
  return { status, headers, body }
}
