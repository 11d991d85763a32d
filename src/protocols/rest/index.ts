/**
 * `objectql-toolkit/protocols/rest`: REST over `/api/data/:object`, actions, metadata, and the
 * OpenAPI 3.1 document generated from metadata (`/openapi.json`, Swagger UI at `/docs`).
 */
export { actionParamsSchema, toActionInfos } from './openapi-action-schema.js'
export type { RestActionInfo } from './openapi-action-schema.js'
export { buildOpenApiDocument } from './openapi-document.js'
export type { OpenApiDocument, OpenApiDocumentOptions } from './openapi-document.js'
export { fieldSchema, objectSchema } from './openapi-field-schema.js'
export type { JsonSchema, SchemaMode } from './openapi-field-schema.js'
export { RestBodyValidator } from './rest-body-validator.js'
export type { BodyIssue } from './rest-body-validator.js'
export { decodeCursor, encodeCursor } from './rest-cursor.js'
export { toRestError } from './rest-error-map.js'
export type { RestErrorResponse } from './rest-error-map.js'
export { parseListQuery, parseSort } from './rest-query-params.js'
export type { RestListQuery } from './rest-query-params.js'
export {
  REST_DEFAULT_PORT,
  createRestProtocol,
  createRestServer,
  restOpenApiDocument,
  restProtocol,
} from './rest-server.js'
export type { RestProtocolOptions, RestServerOptions } from './rest-server.js'
export type { RestObjectRegistrar } from './rest-routes.js'
