import type { ProtocolTransport } from './protocol-transport.js'

/** The protocols the suite audits. */
export const PROTOCOL_NAMES = ['rest', 'json-rpc', 'graphql', 'odata'] as const

/** A protocol the suite audits. */
export type ProtocolName = (typeof PROTOCOL_NAMES)[number]

/**
 * Where each protocol is mounted on the server under audit, relative to its base URL. The
 * defaults are upstream's paths ({@link DEFAULT_PROTOCOL_PATHS}); a server that mounts elsewhere
 * says so with `--path rest=/v1/data`.
 */
export interface ProtocolPaths {
  /** REST data routes: `<rest>/:object`, `<rest>/:object/:id`. Default `/api/data`. */
  readonly rest: string
  /** REST actions: `<actions>/:object/:action`. Default `/api/actions`. */
  readonly actions: string
  /** The OpenAPI document. Default `/openapi.json`. */
  readonly openapi: string
  /** JSON-RPC endpoint. Default `/rpc`. */
  readonly 'json-rpc': string
  /** GraphQL endpoint. Default `/graphql`. */
  readonly graphql: string
  /** OData service root. Default `/odata`. */
  readonly odata: string
}

/** Upstream's mount paths. */
export const DEFAULT_PROTOCOL_PATHS: ProtocolPaths = Object.freeze({
  rest: '/api/data',
  actions: '/api/actions',
  openapi: '/openapi.json',
  'json-rpc': '/rpc',
  graphql: '/graphql',
  odata: '/odata',
})

/**
 * What one protocol audit receives. Audits create the records they need through the protocol
 * under test, stamp them with `runId` in the fixture's `run` field, filter by it, and delete
 * what they created before they return (pass or fail).
 */
export interface ProtocolAuditContext {
  readonly transport: ProtocolTransport
  readonly paths: ProtocolPaths
  /** Unique per audit run (e.g. `prt-<seed>-<audit id>`); scopes every record it touches. */
  readonly runId: string
  /** fast-check seed for generated inputs, so a failure replays. */
  readonly seed: number
  /** Number of generated cases for property audits. */
  readonly numRuns: number
}
