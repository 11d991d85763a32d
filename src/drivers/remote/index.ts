/**
 * `objectql-toolkit/drivers/remote`: a driver for any server exposing the toolkit's REST
 * protocol, over `fetch` (Node and browsers), with timeouts, retries of idempotent requests and
 * server errors mapped back to the error catalog.
 */
export { RemoteDriver } from './remote-driver.js'
export { remoteCapabilities } from './remote-driver-capabilities.js'
export {
  DEFAULT_PAGE_SIZE,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  resolveRemoteConfig,
} from './remote-driver-config.js'
export type {
  RemoteDriverConfig,
  RemoteRetryPolicy,
  RemoteSchemaMode,
  ResolvedRemoteConfig,
} from './remote-driver-config.js'
export { RemoteHttpClient, IDEMPOTENT_METHODS, backoffDelay } from './remote-http-client.js'
export type { RemoteMethod, RemoteReply, RemoteRequest } from './remote-http-client.js'
export {
  TRANSIENT_STATUSES,
  errorFromNetwork,
  errorFromResponse,
  readEnvelope,
} from './remote-error-map.js'
export type { RemoteCall, RemoteHttpFailure } from './remote-error-map.js'
export {
  collectionPath,
  encodeFields,
  encodeSort,
  encodeWhere,
  listQueryString,
  recordTarget,
} from './remote-query-encoder.js'
export type { ListParams, RecordTarget } from './remote-query-encoder.js'
