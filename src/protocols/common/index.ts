/**
 * `objectql-toolkit/protocols/common`: the shared Fastify host, request limits, strict JSON
 * body parsing and the HTTP error envelope every protocol builds on.
 */
export { httpErrorBody, toHttpError } from './http-error.js'
export type { HttpErrorBody, HttpErrorResult } from './http-error.js'
export { jsonTextDepth, parseJsonBody, registerStrictJsonParser } from './json-body-parser.js'
export type { BridgeCarrier, BridgeFindResult, ProtocolBridge } from './protocol-bridge.js'
export {
  createHttpInstance,
  createProtocolHost,
  createSingleProtocolServer,
  listenAlone,
} from './protocol-host.js'
export type {
  ListenAloneOptions,
  ListenOptions,
  ProtocolHost,
  ProtocolHostOptions,
  StandaloneProtocol,
} from './protocol-host.js'
export {
  DEFAULT_PROTOCOL_LIMITS,
  assertDepth,
  assertPageSize,
  jsonDepth,
  resolveLimits,
} from './protocol-limits.js'
export type { ProtocolLimits } from './protocol-limits.js'
export { createProtocolServerPlugin } from './protocol-kernel-plugin.js'
export type { ProtocolServerPlugin, ProtocolServerPluginOptions } from './protocol-kernel-plugin.js'
export type { ProtocolMountOptions, ProtocolPlugin } from './protocol-plugin.js'
