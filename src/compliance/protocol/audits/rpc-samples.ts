import { check } from '../protocol-checks.js'
import { asRecord } from './sample-items.js'
import type { RpcReply, RpcSession } from './rpc-session.js'

/** JSON-RPC 2.0 §7's "invalid JSON" example. */
export const INVALID_JSON = '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]'

/** Replies of every kind: successes, each reserved error, application errors, batch elements. */
export async function sampleReplies(rpc: RpcSession): Promise<[string, RpcReply][]> {
  const replies: [string, RpcReply][] = [
    ['a success', await rpc.call('metadata.list')],
    ['a parse error', await rpc.single(INVALID_JSON, 'invalid JSON')],
    [
      'an invalid request',
      await rpc.single({ jsonrpc: '2.0', method: 1, params: 'bar' }, 'invalid request'),
    ],
    ['an unknown method', await rpc.call('prt.no_such_method')],
    ['invalid params', await rpc.call('object.get', [])],
    [
      'an unknown record',
      await rpc.call('object.get', ['prt_items', `${rpc.context.runId}-missing`]),
    ],
    ['an unknown object', await rpc.call('metadata.get', ['prt_no_such_object'])],
    [
      'a refused write',
      await rpc.call('object.create', ['prt_items', { run: rpc.context.runId, name: 5 }]),
    ],
  ]
  const batch = await rpc.exchange(
    [rpc.request('metadata.list'), rpc.request('prt.no_such_method'), 7],
    'a batch',
  )
  check(Array.isArray(batch), 'a batch of three requests must be answered with an array', batch)
  batch.forEach((element, index) =>
    replies.push([`batch element ${index}`, asRecord(element) ?? { element }]),
  )
  return replies
}
