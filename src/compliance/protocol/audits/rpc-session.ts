import type { AuditOutcome } from '../../common/audit-result.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse, jsonBody } from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import type { ProtocolResponse } from '../protocol-transport.js'
import { withSweep } from './cross-protocol-cleanup.js'
import { asRecord } from './sample-items.js'

/** A JSON-RPC request id. */
export type RpcId = string | number | null

/** One JSON-RPC response object as received (members checked by the audits that need them). */
export type RpcReply = Readonly<Record<string, unknown>>

/** The reserved error codes of JSON-RPC 2.0 §5.1. */
export const RPC_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const

/**
 * The JSON-RPC side of one audit: posts payloads to the endpoint, reads replies, and deletes
 * every record of the audit's run id afterwards. Checks throw `AuditFailure`.
 */
export class RpcSession {
  #nextId = 1

  constructor(readonly context: ProtocolAuditContext) {}

  /** POSTs `payload` (a string is sent as is, anything else as JSON). */
  post(payload: unknown): Promise<ProtocolResponse> {
    return this.context.transport.request({
      method: 'POST',
      path: this.context.paths['json-rpc'],
      headers: { 'content-type': 'application/json' },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    })
  }

  /** POSTs `payload` and returns the parsed answer; fails when there is no JSON answer. */
  async exchange(payload: unknown, what: string): Promise<unknown> {
    const response = await this.post(payload)
    check(
      response.text.trim() !== '',
      `${what}: expected a JSON-RPC answer, got an empty body`,
      describeResponse(response),
    )
    return jsonBody(response, what)
  }

  /** POSTs `payload` and fails unless the answer is a single response object. */
  async single(payload: unknown, what: string): Promise<RpcReply> {
    const body = await this.exchange(payload, what)
    const reply = asRecord(body)
    check(
      reply !== undefined,
      `${what}: expected one response object, got ${JSON.stringify(body)?.slice(0, 200)}`,
      { payload },
    )
    return reply
  }

  /** A fresh numeric id for a request. */
  nextId(): number {
    return this.#nextId++
  }

  /** A request object calling `method`. */
  request(method: string, params?: unknown, id: RpcId = this.nextId()): Record<string, unknown> {
    return params === undefined
      ? { jsonrpc: '2.0', method, id }
      : { jsonrpc: '2.0', method, params, id }
  }

  /** Calls `method` and returns its response object. */
  call(method: string, params?: unknown, id?: RpcId): Promise<RpcReply> {
    return this.single(this.request(method, params, id), method)
  }

  /** Calls `method` and returns its `result`; fails when the reply is an error. */
  async result(method: string, params?: unknown): Promise<unknown> {
    const reply = await this.call(method, params)
    check(
      Object.hasOwn(reply, 'result') && !Object.hasOwn(reply, 'error'),
      `${method} answered an error: ${JSON.stringify(reply['error'])}`,
      { method, params, reply },
    )
    return reply['result']
  }

  /** Calls `method` and returns the `error` member; fails when the call succeeded. */
  async error(method: string, params: unknown, what: string): Promise<Record<string, unknown>> {
    const reply = await this.call(method, params)
    const error = asRecord(reply['error'])
    check(
      error !== undefined,
      `${what}: expected an error, got ${JSON.stringify(reply).slice(0, 200)}`,
      { method, params },
    )
    return error
  }

  /** The records of this run in `object` (object.find with the run's where). */
  async find(where?: unknown, object: string = PRT_ITEMS): Promise<Record<string, unknown>[]> {
    const scope = { run: this.context.runId }
    const query = { where: where === undefined ? scope : { $and: [scope, where] }, limit: 100 }
    const found = await this.result('object.find', [object, query])
    check(
      Array.isArray(found) && found.every((item) => typeof asRecord(item)?.['id'] === 'string'),
      'object.find must return an array of records with string ids',
      found,
    )
    return found as Record<string, unknown>[]
  }

  /** Deletes every record of this run in both fixture objects. */
  async sweep(): Promise<void> {
    for (const object of [PRT_ITEMS, PRT_OWNERS]) {
      for (const record of await this.find(undefined, object)) {
        await this.result('object.delete', [object, record['id']])
      }
    }
  }
}

/** The `error.code` of a reply, or undefined. */
export function errorCode(reply: RpcReply): unknown {
  return asRecord(reply['error'])?.['code']
}

/**
 * Runs `body` with an {@link RpcSession} and sweeps the run's records afterwards, pass or fail
 * (see {@link withSweep}).
 */
export function withRpc(
  context: ProtocolAuditContext,
  body: (rpc: RpcSession) => Promise<AuditOutcome>,
): Promise<AuditOutcome> {
  return withSweep(new RpcSession(context), body)
}
