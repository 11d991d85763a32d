/**
 * `objectql-toolkit/protocols/odata`: OData v4.01 over the kernel: service and `$metadata`
 * documents generated from metadata, entity sets with the system query options, a real
 * `$filter` parser and an exact translator, ETags, and `$batch` with atomic changesets. See
 * odata-server.ts for the conformance levels met and not met.
 */
export { handleBatch, runBatch } from './odata-batch.js'
export type { BatchEnvironment } from './odata-batch.js'
export { formatJsonBatch, parseJsonBatch } from './odata-batch-json.js'
export { bridgePort, dataApiPort, findById, kernelTransactions } from './odata-data-port.js'
export type { ODataDataPort, ODataTransactionRunner } from './odata-data-port.js'
export { NAVIGATION_SUFFIX, buildModel, entityTypeOf, propertyOf } from './odata-edm.js'
export type {
  ODataEntityType,
  ODataModel,
  ODataNavigation,
  ODataProperty,
  ODataValueKind,
} from './odata-edm.js'
export { invalidRequest, toODataError } from './odata-error-map.js'
export type { ODataErrorBody, ODataErrorDetail, ODataErrorResponse } from './odata-error-map.js'
export { eTagMatches, entityETag, parseETagList } from './odata-etag.js'
export { MAX_FILTER_TOKENS, tokenize } from './odata-filter-lexer.js'
export type { ODataLiteralType, ODataToken } from './odata-filter-lexer.js'
export { NO_RECORD } from './odata-filter-logic.js'
export type { Condition, Truth } from './odata-filter-logic.js'
export { MAX_FILTER_NESTING, PRECEDENCE, parseODataExpression } from './odata-filter-parser.js'
export type { ODataBinaryOperator, ODataNode } from './odata-filter-parser.js'
export { translateFilter, translateFilterText } from './odata-filter-translator.js'
export type { FilterTranslationContext } from './odata-filter-translator.js'
export { negotiate } from './odata-format.js'
export type { MetadataLevel, ODataResponse } from './odata-format.js'
export { buildMetadataDocument } from './odata-metadata-document.js'
export { boundaryOf, formatMultipartBatch, parseMultipartBatch } from './odata-multipart.js'
export type { BatchItem, BatchResult, BatchUnit } from './odata-multipart.js'
export { parseKey, parseResourcePath } from './odata-path.js'
export type { ODataResource } from './odata-path.js'
export { readPlan, readSearch, shapeRecord } from './odata-query-options.js'
export type { ExpandPlan, ODataReadPlan, ReadPlanContext } from './odata-query-options.js'
export { readQueryString } from './odata-query-string.js'
export type { ODataQueryString, SystemOption } from './odata-query-string.js'
export { errorResponse, handleODataRequest, responseVersion } from './odata-request-handler.js'
export type { ODataEnvironment, RawODataRequest } from './odata-request-handler.js'
export {
  ODATA_DEFAULT_PATH,
  ODATA_DEFAULT_PORT,
  createODataProtocol,
  createODataServer,
  odataProtocol,
} from './odata-server.js'
export type { ODataProtocolOptions, ODataServerOptions } from './odata-server.js'
