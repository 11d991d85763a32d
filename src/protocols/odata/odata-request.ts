import { ObjectQLError } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { ODataDataPort } from './odata-data-port.js'
import type { ODataEntityType, ODataModel } from './odata-edm.js'
import type { ODataResource } from './odata-path.js'
import type { ODataQueryString } from './odata-query-string.js'

/** One OData request, as the handlers see it (from HTTP or from a `$batch` part). */
export interface ODataRequest {
  readonly method: string
  readonly resource: ODataResource
  readonly query: ODataQueryString
  /** The raw query string (without `?`), for building next links. */
  readonly rawQuery: string
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The parsed JSON body, if any. */
  readonly body: unknown
}

/** Everything a handler needs to answer a request. */
export interface ODataContext {
  /** The absolute URL of the service root (`http://host:8080/odata`). */
  readonly root: string
  readonly model: ODataModel
  readonly port: ODataDataPort
  readonly limits: ProtocolLimits
  /** The instant `now()` means for this request. */
  readonly now: Date
  /** The `OData-Version` this response is in. */
  readonly version: '4.0' | '4.01'
  /** Deepest `$expand` nesting. */
  readonly maxExpandDepth: number
}

/** The entity type and object of an entity set. @throws `OBJECT_NOT_FOUND` (404). */
export function entitySet(
  ctx: ODataContext,
  set: string,
): { type: ODataEntityType; object: ObjectConfig } {
  const type = ctx.model.types.get(set)
  const object = ctx.model.objects.find((candidate) => candidate.name === set)
  if (type === undefined || object === undefined) {
    throw new ObjectQLError('OBJECT_NOT_FOUND', `no entity set '${set}'`, {
      details: { object: set, target: 'path' },
    })
  }
  return { type, object }
}

/** The headers every response carries. */
export function baseHeaders(ctx: ODataContext, contentType?: string): Record<string, string> {
  return contentType === undefined
    ? { 'odata-version': ctx.version }
    : { 'odata-version': ctx.version, 'content-type': contentType }
}
