import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check, describeResponse } from '../protocol-checks.js'
import { asRecord } from './sample-items.js'
import { RPC_CODES, errorCode, withRpc } from './rpc-session.js'
import type { RpcReply } from './rpc-session.js'

const RPC = ['json-rpc'] as const

/** §7's "invalid JSON batch" example. */
const INVALID_JSON_BATCH =
  '[{"jsonrpc": "2.0", "method": "metadata.list", "id": "1"}, {"jsonrpc": "2.0", "method"]'

/** The elements of a batch answer; fails unless it is an array of response objects. */
function repliesOf(body: unknown, what: string): RpcReply[] {
  check(Array.isArray(body), `${what}: a batch must be answered with an array`, body)
  const replies = body
    .map((element) => asRecord(element))
    .filter((reply): reply is Record<string, unknown> => reply !== undefined)
  check(replies.length === body.length, `${what}: every element must be a response object`, body)
  return replies
}

/** JSON-RPC audits of batches (§6). */
export const RPC_BATCH_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-RPC-011',
    level: 'MUST',
    group: 'json-rpc',
    title:
      'a batch is answered with one response per request (none for notifications), matched by id',
    cites: 'JSON-RPC 2.0 §6',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const batch = [
          rpc.request('metadata.list', undefined, 'a'),
          { jsonrpc: '2.0', method: 'metadata.list' },
          { foo: 'boo' },
          rpc.request('prt.no_such_method', undefined, 'b'),
          rpc.request('object.count', ['prt_items', { run: context.runId }], 'c'),
        ]
        const replies = repliesOf(await rpc.exchange(batch, 'a mixed batch'), 'a mixed batch')
        check(
          replies.length === 4,
          `4 requests and 1 notification got ${replies.length} responses`,
          replies,
        )
        const byId = (id: unknown) => replies.filter((reply) => reply['id'] === id)
        const [a, b, c, invalid] = [byId('a'), byId('b'), byId('c'), byId(null)]
        check(
          a.length === 1 && Array.isArray(a[0]?.['result']),
          'request "a" (metadata.list) needs one result',
          replies,
        )
        check(
          b.length === 1 && errorCode(b[0] ?? {}) === RPC_CODES.methodNotFound,
          'request "b" needs one -32601',
          replies,
        )
        check(
          c.length === 1 && c[0]?.['result'] === 0,
          'request "c" (object.count of nothing) needs the result 0',
          replies,
        )
        check(
          invalid.length === 1 && errorCode(invalid[0] ?? {}) === RPC_CODES.invalidRequest,
          'the invalid element needs one -32600 with id null',
          replies,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-012',
    level: 'MUST',
    group: 'json-rpc',
    title: 'an empty batch is one -32600 Invalid Request response, not an array',
    cites: 'JSON-RPC 2.0 §6, §7',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const body = await rpc.exchange('[]', 'an empty batch')
        const reply = asRecord(body)
        check(
          reply !== undefined &&
            errorCode(reply) === RPC_CODES.invalidRequest &&
            reply['id'] === null,
          'an empty batch needs a single -32600 with id null',
          body,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-013',
    level: 'MUST',
    group: 'json-rpc',
    title: 'a batch of non-objects is answered with one -32600 per element',
    cites: 'JSON-RPC 2.0 §6, §7',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        for (const batch of ['[1]', '[1,2,3]']) {
          const replies = repliesOf(await rpc.exchange(batch, `batch ${batch}`), `batch ${batch}`)
          const size = (JSON.parse(batch) as unknown[]).length
          check(
            replies.length === size,
            `batch ${batch} got ${replies.length} responses, expected ${size}`,
            replies,
          )
          for (const reply of replies) {
            check(
              errorCode(reply) === RPC_CODES.invalidRequest && reply['id'] === null,
              `batch ${batch}: each element needs -32600 with id null`,
              replies,
            )
          }
        }
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-014',
    level: 'MUST',
    group: 'json-rpc',
    title: 'a batch of notifications only is answered with nothing at all',
    cites: 'JSON-RPC 2.0 §6',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const response = await rpc.post([
          { jsonrpc: '2.0', method: 'metadata.list' },
          { jsonrpc: '2.0', method: 'prt.no_such_method', params: [1] },
        ])
        check(
          response.status >= 200 && response.status < 300 && response.text.trim() === '',
          'a batch of notifications was answered',
          describeResponse(response),
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-015',
    level: 'MUST',
    group: 'json-rpc',
    title: 'a batch that is not valid JSON is one -32700 Parse error',
    cites: 'JSON-RPC 2.0 §6, §7',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const body = await rpc.exchange(INVALID_JSON_BATCH, 'an invalid JSON batch')
        const reply = asRecord(body)
        check(
          reply !== undefined && errorCode(reply) === RPC_CODES.parseError && reply['id'] === null,
          'an invalid JSON batch needs a single -32700 with id null',
          body,
        )
        return pass()
      }),
  },
]
