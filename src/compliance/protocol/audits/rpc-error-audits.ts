import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check } from '../protocol-checks.js'
import { asRecord } from './sample-items.js'
import { INVALID_JSON, sampleReplies } from './rpc-samples.js'
import { RPC_CODES, errorCode, withRpc } from './rpc-session.js'

const RPC = ['json-rpc'] as const

const RESERVED = new Set<number>(Object.values(RPC_CODES))

/** JSON-RPC audits of the error object and the reserved error codes (§5.1). */
export const RPC_ERROR_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-RPC-006',
    level: 'MUST',
    group: 'json-rpc',
    title: 'invalid JSON is -32700 Parse error with id null',
    cites: 'JSON-RPC 2.0 §5, §5.1, §7',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        for (const text of [INVALID_JSON, '{', '']) {
          const reply = await rpc.single(text, `body ${JSON.stringify(text)}`)
          check(
            errorCode(reply) === RPC_CODES.parseError && reply['id'] === null,
            `body ${JSON.stringify(text)}: expected -32700 with id null`,
            reply,
          )
        }
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-007',
    level: 'MUST',
    group: 'json-rpc',
    title: 'a request object that breaks §4 is -32600 Invalid Request',
    cites: 'JSON-RPC 2.0 §4, §5.1, §7',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const cases: [unknown, readonly (number | null)[]][] = [
          [{ jsonrpc: '2.0', method: 1, params: 'bar' }, [null]],
          [1, [null]],
          ['"a string"', [null]],
          [{ jsonrpc: '1.0', method: 'metadata.list', id: 5 }, [5, null]],
          [{ method: 'metadata.list', id: 6 }, [6, null]],
          [{ jsonrpc: '2.0', method: 'metadata.list', params: 'x', id: 8 }, [8, null]],
          [{ jsonrpc: '2.0', method: 'metadata.list', id: { nested: true } }, [null]],
        ]
        for (const [payload, ids] of cases) {
          const reply = await rpc.single(payload, `payload ${JSON.stringify(payload)}`)
          check(
            errorCode(reply) === RPC_CODES.invalidRequest,
            `payload ${JSON.stringify(payload)}: expected -32600, got ${JSON.stringify(reply['error'] ?? reply)}`,
            reply,
          )
          check(
            ids.includes(reply['id'] as number | null),
            `payload ${JSON.stringify(payload)}: id must be ${ids.map((id) => JSON.stringify(id)).join(' or ')}`,
            reply,
          )
        }
        return pass(`${cases.length} cases`)
      }),
  },
  {
    id: 'PRT-RPC-008',
    level: 'MUST',
    group: 'json-rpc',
    title: 'an unknown method is -32601 Method not found, with the request id',
    cites: 'JSON-RPC 2.0 §5.1',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const reply = await rpc.call('prt.no_such_method', [1], 'm-1')
        check(
          errorCode(reply) === RPC_CODES.methodNotFound && reply['id'] === 'm-1',
          'expected -32601 with id "m-1"',
          reply,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-009',
    level: 'MUST',
    group: 'json-rpc',
    title: 'invalid method parameters are -32602 Invalid params',
    cites: 'JSON-RPC 2.0 §5.1',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const cases: [string, unknown][] = [
          ['object.get', []],
          ['object.get', [123, true]],
          ['object.get', ['prt_items', 'x', 'too', 'many']],
          ['object.create', ['prt_items', 'not an object']],
          ['object.get', { objectName: 'prt_items', prt_unknown_param: 'x' }],
        ]
        for (const [method, params] of cases) {
          const reply = await rpc.call(method, params)
          check(
            errorCode(reply) === RPC_CODES.invalidParams,
            `${method} ${JSON.stringify(params)}: expected -32602, got ${JSON.stringify(reply['error'] ?? reply)}`,
            reply,
          )
        }
        return pass(`${cases.length} cases`)
      }),
  },
  {
    id: 'PRT-RPC-010',
    level: 'MUST',
    group: 'json-rpc',
    title:
      'error objects have an integer code and a string message; reserved codes keep their meaning',
    cites: 'JSON-RPC 2.0 §5.1',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        for (const [what, reply] of await sampleReplies(rpc)) {
          const error = asRecord(reply['error'])
          if (error === undefined) continue
          const code = error['code']
          check(
            Number.isInteger(code) && typeof error['message'] === 'string',
            `${what}: the error needs an integer code and a string message`,
            error,
          )
          const value = code as number
          const reserved = value >= -32768 && value <= -32000
          check(
            !reserved || RESERVED.has(value) || value >= -32099,
            `${what}: code ${value} is reserved by the specification and undefined`,
            error,
          )
          // Every sample is the client's mistake; -32603 is for the server's own failures.
          check(
            value !== RPC_CODES.internalError,
            `${what}: a client error answered as -32603 Internal error`,
            error,
          )
        }
        return pass()
      }),
  },
]
