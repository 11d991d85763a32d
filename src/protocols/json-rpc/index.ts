/**
 * `objectql-toolkit/protocols/json-rpc`: JSON-RPC 2.0 at `/rpc` (upstream's port 9000) with
 * upstream's method names, batches and notifications.
 */
export { dispatchJsonRpc } from './json-rpc-dispatcher.js'
export type { DispatchOptions } from './json-rpc-dispatcher.js'
export { JSON_RPC_CODES, classifyRequest, failure, success } from './json-rpc-envelope.js'
export type {
  JsonRpcCall,
  JsonRpcErrorObject,
  JsonRpcFailure,
  JsonRpcId,
  JsonRpcInvalid,
  JsonRpcResponse,
  JsonRpcSuccess,
} from './json-rpc-envelope.js'
export { JSON_RPC_APPLICATION_CODES, toJsonRpcError } from './json-rpc-error-map.js'
export { createJsonRpcMethods } from './json-rpc-methods.js'
export type { JsonRpcMethod, JsonRpcMethodTable } from './json-rpc-methods.js'
export { bindParams } from './json-rpc-params.js'
export type { ParamSpec, ParamType } from './json-rpc-params.js'
export {
  JSON_RPC_DEFAULT_PATH,
  JSON_RPC_DEFAULT_PORT,
  createJsonRpcProtocol,
  createJsonRpcServer,
  jsonRpcProtocol,
} from './json-rpc-server.js'
export type { JsonRpcProtocolOptions, JsonRpcServerOptions } from './json-rpc-server.js'
